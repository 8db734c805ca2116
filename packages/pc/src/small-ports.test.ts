import { describe, expect, it } from 'vitest';
import { FastA20Port } from './fast-a20-port.js';
import { PciConfigPorts } from './pci-config.js';
import { PortBus } from './port-bus.js';
import { PostCodePort } from './post-port.js';

describe('port 0x80, port 0x92, PCI configuration mechanism #1', () => {
  it('port 0x80 keeps the last POST code', () => {
    const post = new PostCodePort();
    post.write(0, 1, 0x1234);
    expect(post.read()).toBe(0x34);
  });

  it('port 0x92 keeps the A20 bit and resets on bit 0', () => {
    let resets = 0;
    const port = new FastA20Port(() => resets++);
    expect(port.read()).toBe(0x02);
    port.write(0, 1, 0x00);
    expect([port.read(), resets]).toEqual([0, 0]);
    port.write(0, 1, 0x03);
    expect([port.read(), resets]).toEqual([2, 1]);
  });

  it('mechanism #1: only a dword at 0xCF8 latches; every configuration read is all ones', () => {
    const bus = new PortBus();
    bus.register(new PciConfigPorts(), 0xcf8, 8);
    // Linux's pci_check_type1: a byte to 0xCFB must not disturb the address register.
    bus.write(0xcf8, 4, 0);
    bus.write(0xcfb, 1, 0x01);
    expect(bus.read(0xcf8, 4)).toBe(0);
    bus.write(0xcf8, 4, 0x80000000);
    expect(bus.read(0xcf8, 4)).toBe(0x80000000);
    bus.write(0xcf8, 4, 0x80000003);
    expect(bus.read(0xcf8, 4)).toBe(0x80000000);
    expect(bus.read(0xcfc, 4)).toBe(0xffffffff);
    expect(bus.read(0xcfe, 2)).toBe(0xffff);
    expect(bus.read(0xcff, 1)).toBe(0xff);
  });
});
