import { describe, expect, it } from 'vitest';
import { I8042, KEYBOARD_IRQ, MOUSE_IRQ } from './i8042.js';

function kbc() {
  const irqs: [number, boolean][] = [];
  let resets = 0;
  const c = new I8042(
    (irq, level) => irqs.push([irq, level]),
    () => resets++,
  );
  return {
    c,
    irqs,
    resets: () => resets,
    cmd: (v: number) => c.commandPort.write(0, 1, v),
    data: (v: number) => c.dataPort.write(0, 1, v),
    status: () => c.commandPort.read(0, 1),
    read: () => c.dataPort.read(0, 1),
  };
}

describe('i8042 keyboard controller', () => {
  it('passes the self-test and both interface tests, with the answers in the output buffer', () => {
    const k = kbc();
    expect(k.status() & 0x01).toBe(0);
    k.cmd(0xaa);
    expect(k.status() & 0x01).toBe(1);
    expect(k.read()).toBe(0x55);
    k.cmd(0xab);
    expect(k.read()).toBe(0x00);
    k.cmd(0xa9);
    expect(k.read()).toBe(0x00);
    expect(k.status() & 0x01).toBe(0);
  });

  it('reads and writes the configuration byte; its interrupt bits gate IRQ 1 and IRQ 12', () => {
    const k = kbc();
    k.cmd(0x20);
    expect(k.read()).toBe(0x05);
    k.cmd(0x60);
    k.data(0x47);
    k.cmd(0x20);
    expect(k.irqs).toContainEqual([KEYBOARD_IRQ, true]);
    expect(k.read()).toBe(0x47);
    expect(k.irqs.at(-1)).toEqual([KEYBOARD_IRQ, false]);
    k.cmd(0xd3); // AUX loopback, as Linux's i8042_check_aux does
    k.data(0x5a);
    expect(k.status() & 0x21).toBe(0x21);
    expect(k.irqs.at(-1)).toEqual([MOUSE_IRQ, true]);
    expect(k.read()).toBe(0x5a);
  });

  it('bytes for the absent keyboard get no answer; 0xFE and an output-port write with bit 0 clear reset', () => {
    const k = kbc();
    k.data(0xff);
    expect(k.status() & 0x01).toBe(0);
    k.cmd(0xfe);
    expect(k.resets()).toBe(1);
    k.cmd(0xd0);
    expect(k.read()).toBe(0x03);
    k.cmd(0xd1);
    k.data(0xdd); // A20 off, reset line high
    expect(k.c.a20).toBe(false);
    expect(k.resets()).toBe(1);
  });
});
