import { describe, expect, it } from 'vitest';
import { DebugExitPort } from './debug-exit.js';
import { PortBus, PortConflictError, type PortDevice } from './port-bus.js';

function recorder(byteWide: boolean) {
  const log: string[] = [];
  const device: PortDevice = {
    name: 'rec',
    byteWide,
    read: (offset, size) => {
      log.push(`r${offset}/${size}`);
      return 0x10 + offset;
    },
    write: (offset, size, value) => {
      log.push(`w${offset}/${size}=${value.toString(16)}`);
    },
  };
  return { device, log };
}

describe('PortBus', () => {
  it('unclaimed ports read all ones and swallow writes', () => {
    const bus = new PortBus();
    expect(bus.read(0x80, 1)).toBe(0xff);
    expect(bus.read(0x80, 2)).toBe(0xffff);
    expect(bus.read(0x80, 4)).toBe(0xffffffff);
    bus.write(0x80, 1, 0x12);
  });

  it('routes by range with offsets relative to the first port', () => {
    const bus = new PortBus();
    const { device, log } = recorder(false);
    bus.register(device, 0x300, 4);
    expect(bus.read(0x302, 2)).toBe(0x12);
    bus.write(0x303, 4, 0xdeadbeef);
    expect(log).toEqual(['r2/2', 'w3/4=deadbeef']);
  });

  it('splits wide accesses to byte-wide devices into ascending byte accesses', () => {
    const bus = new PortBus();
    const { device, log } = recorder(true);
    bus.register(device, 0x20, 2);
    bus.write(0x20, 2, 0x1234);
    expect(bus.read(0x20, 4)).toBe(0xffff1110);
    expect(log).toEqual(['w0/1=34', 'w1/1=12', 'r0/1', 'r1/1']);
  });

  it('refuses overlapping claims', () => {
    const bus = new PortBus();
    bus.register(recorder(false).device, 0x40, 4);
    expect(() => bus.register(recorder(false).device, 0x43, 1)).toThrow(PortConflictError);
  });
});

describe('isa-debug-exit', () => {
  it('exits with (value << 1) | 1 for any access size, and reads 0', () => {
    const codes: number[] = [];
    const bus = new PortBus();
    bus.register(new DebugExitPort((c) => codes.push(c)), 0xf4, 4);
    bus.write(0xf4, 1, 0x10);
    bus.write(0xf4, 4, 0);
    bus.write(0xf6, 2, 0x1234);
    expect(codes).toEqual([0x21, 1, 0x2469]);
    expect(bus.read(0xf4, 1)).toBe(0);
  });
});
