import { describe, expect, it } from 'vitest';
import { EdgeLevelControl } from './elcr.js';
import { PicPair } from './pic.js';
import { PortBus } from './port-bus.js';

/** A PC pair initialised the way Linux 2.6 does (init_8259A): vectors 0x20/0x28, cascade on IRQ2. */
function linuxPics(options: { autoEoi?: boolean } = {}) {
  const lines: boolean[] = [];
  const pics = new PicPair((level) => lines.push(level));
  const bus = new PortBus();
  bus.register(pics.master, 0x20, 2);
  bus.register(pics.slave, 0xa0, 2);
  const out = (port: number, value: number) => bus.write(port, 1, value);
  out(0x21, 0xff);
  out(0xa1, 0xff);
  out(0x20, 0x11); // ICW1: edge, cascade, ICW4 needed
  out(0x21, 0x20); // ICW2: vectors 0x20–0x27
  out(0x21, 0x04); // ICW3: slave on IR2
  out(0x21, options.autoEoi ? 0x03 : 0x01); // ICW4: 8086 mode (+AEOI)
  out(0xa0, 0x11);
  out(0xa1, 0x28);
  out(0xa1, 0x02); // slave identity 2
  out(0xa1, 0x01);
  out(0x21, 0x00);
  out(0xa1, 0x00);
  return { pics, bus, out, inb: (port: number) => bus.read(port, 1), lines };
}

describe('8259A pair', () => {
  it('starts masked: an uninitialised PIC never raises INTR', () => {
    const pics = new PicPair(() => {});
    pics.pulseIrq(0);
    expect(pics.intr).toBe(false);
  });

  it('delivers the vector from ICW2 and puts the IRQ in service until EOI', () => {
    const { pics, out, inb } = linuxPics();
    pics.pulseIrq(1);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x21);
    expect(pics.intr).toBe(false);
    expect(pics.master.isr).toBe(0x02);
    out(0x20, 0x0b); // OCW3: read ISR
    expect(inb(0x20)).toBe(0x02);
    out(0x20, 0x20); // non-specific EOI
    expect(inb(0x20)).toBe(0x00);
  });

  it('is edge-triggered: a held line requests once; a new edge requests again', () => {
    const { pics, out } = linuxPics();
    pics.setIrq(3, true);
    expect(pics.acknowledge()).toBe(0x23);
    out(0x20, 0x20);
    expect(pics.intr).toBe(false); // still high, no new edge
    pics.setIrq(3, false);
    pics.setIrq(3, true);
    expect(pics.intr).toBe(true);
  });

  it('the ELCR makes one input level-triggered: it requests again after EOI while its line stays high', () => {
    const { pics, bus, out } = linuxPics();
    bus.register(new EdgeLevelControl(pics), 0x4d0, 2);
    bus.write(0x4d0, 2, 0xffff);
    expect([bus.read(0x4d0, 1), bus.read(0x4d1, 1)]).toEqual([0xf8, 0xde]); // IRQ 0-2, 8, 13: edge only
    bus.write(0x4d0, 2, 0x0200); // what Linux writes for the ACPI SCI on IRQ 9
    pics.setIrq(9, true);
    expect(pics.acknowledge()).toBe(0x29);
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(pics.intr).toBe(true); // still high: requested again
    expect(pics.acknowledge()).toBe(0x29);
    pics.setIrq(9, false); // the handler clears the source, then ends the interrupt
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(pics.intr).toBe(false); // no request left
    // IRQ 10 stays edge-triggered: one request per edge.
    pics.setIrq(10, true);
    expect(pics.acknowledge()).toBe(0x2a);
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(pics.intr).toBe(false);
  });

  it('resolves fixed priorities: IRQ0 beats IRQ5; a lower level waits for the higher one in service', () => {
    const { pics, out } = linuxPics();
    pics.pulseIrq(5);
    pics.pulseIrq(0);
    expect(pics.acknowledge()).toBe(0x20);
    expect(pics.intr).toBe(false); // IRQ5 is blocked by IRQ0 in service
    out(0x20, 0x20);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x25);
  });

  it('lets a higher priority interrupt a lower one in service (nesting)', () => {
    const { pics } = linuxPics();
    pics.pulseIrq(5);
    expect(pics.acknowledge()).toBe(0x25);
    pics.pulseIrq(1);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x21);
    expect(pics.master.isr).toBe(0x22);
  });

  it('specific EOI ends exactly the named level', () => {
    const { pics, out } = linuxPics();
    pics.pulseIrq(5);
    pics.acknowledge();
    pics.pulseIrq(1);
    pics.acknowledge();
    out(0x20, 0x65); // specific EOI, level 5
    expect(pics.master.isr).toBe(0x02);
  });

  it('OCW1 masks and OCW3 reads IRR', () => {
    const { pics, out, inb } = linuxPics();
    out(0x21, 0x08); // mask IRQ3
    expect(inb(0x21)).toBe(0x08);
    pics.pulseIrq(3);
    expect(pics.intr).toBe(false);
    out(0x20, 0x0a); // OCW3: read IRR
    expect(inb(0x20)).toBe(0x08);
    out(0x21, 0x00);
    expect(pics.intr).toBe(true);
  });

  it('cascades the slave through IRQ2: vector from the slave, both ISRs set, EOI to both', () => {
    const { pics, out } = linuxPics();
    pics.pulseIrq(12);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x2c);
    expect(pics.master.isr).toBe(0x04);
    expect(pics.slave.isr).toBe(0x10);
    pics.pulseIrq(14);
    expect(pics.intr).toBe(false); // master IRQ2 is still in service
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x2e);
  });

  it('a slave IRQ is blocked by the master mask on IRQ2', () => {
    const { pics, out } = linuxPics();
    out(0x21, 0x04);
    pics.pulseIrq(9);
    expect(pics.intr).toBe(false);
    expect(pics.canDeliver(9)).toBe(false);
    out(0x21, 0x00);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x29);
  });

  it('answers a spurious INTA with IRQ7 and no ISR bit', () => {
    const { pics } = linuxPics();
    expect(pics.acknowledge()).toBe(0x27);
    expect(pics.master.isr).toBe(0);
  });

  it('auto-EOI mode leaves nothing in service', () => {
    const { pics } = linuxPics({ autoEoi: true });
    pics.pulseIrq(4);
    expect(pics.acknowledge()).toBe(0x24);
    expect(pics.master.isr).toBe(0);
  });

  it('rotates priorities on "rotate on non-specific EOI"', () => {
    const { pics, out } = linuxPics();
    pics.pulseIrq(0);
    pics.acknowledge();
    out(0x20, 0xa0); // rotate on non-specific EOI: IRQ0 becomes the lowest priority
    pics.pulseIrq(0);
    pics.pulseIrq(7);
    expect(pics.acknowledge()).toBe(0x27);
  });

  it('poll mode returns 0x80 | level and acknowledges it', () => {
    const { pics, out, inb } = linuxPics();
    pics.pulseIrq(6);
    out(0x20, 0x0c); // OCW3 poll
    expect(inb(0x20)).toBe(0x86);
    expect(pics.master.isr).toBe(0x40);
    out(0x20, 0x0c);
    expect(inb(0x20)).toBe(0x86 & 0); // nothing else pending: 0
  });

  it('ICW1 resets masks and in-service state', () => {
    const { pics, out } = linuxPics();
    pics.pulseIrq(1);
    pics.acknowledge();
    out(0x20, 0x11);
    expect(pics.master.isr).toBe(0);
    expect(pics.master.initialising).toBe(true);
  });

  it('snapshots and restores', () => {
    const { pics } = linuxPics();
    pics.pulseIrq(3);
    const state = pics.saveState();
    pics.acknowledge();
    pics.loadState(state);
    expect(pics.intr).toBe(true);
    expect(pics.acknowledge()).toBe(0x23);
  });
});
