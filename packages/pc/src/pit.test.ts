import { describe, expect, it } from 'vitest';
import { Pit8254 } from './pit.js';

function pit() {
  let now = 0;
  let scheduleChanges = 0;
  const timer = new Pit8254(
    () => now,
    () => scheduleChanges++,
  );
  const out = (port: number, value: number) => timer.write(port - 0x40, 1, value);
  const inb = (port: number) => timer.read(port - 0x40);
  return {
    timer,
    out,
    inb,
    at: (tick: number) => {
      now = tick;
    },
    changes: () => scheduleChanges,
  };
}

describe('8254 PIT', () => {
  it('mode 2: rising edges every N ticks, starting N ticks after the load clock', () => {
    const { timer, out, at } = pit();
    at(100);
    out(0x43, 0x34); // channel 0, lobyte/hibyte, mode 2
    out(0x40, 1000 & 0xff);
    out(0x40, 1000 >> 8);
    // Loaded on the clock after the write (tick 101); edges at 101 + k·1000.
    expect(timer.nextRisingEdge(0, 100)).toBe(1101);
    expect(timer.nextRisingEdge(0, 1101)).toBe(2101);
    expect(timer.outputAt(0, 1100)).toBe(false); // count 1: the one low clock
    expect(timer.outputAt(0, 1101)).toBe(true);
    expect(timer.countAt(0, 101)).toBe(1000);
    expect(timer.countAt(0, 601)).toBe(500);
  });

  it('mode 3: a square wave, high for ceil(N/2) and low for floor(N/2), edges every N', () => {
    const { timer, out, at } = pit();
    at(0);
    out(0x43, 0x36);
    out(0x40, 11);
    out(0x40, 0);
    expect(timer.nextRisingEdge(0, 0)).toBe(12);
    expect(timer.outputAt(0, 1 + 5)).toBe(true);
    expect(timer.outputAt(0, 1 + 6)).toBe(false);
    expect(timer.outputAt(0, 1 + 10)).toBe(false);
    expect(timer.outputAt(0, 1 + 11)).toBe(true);
    // Counts down by two.
    expect(timer.countAt(0, 1 + 1)).toBe(8);
  });

  it('mode 0: one rising edge at terminal count, then counting wraps', () => {
    const { timer, out, at } = pit();
    at(10);
    out(0x43, 0x30);
    out(0x40, 5);
    out(0x40, 0);
    expect(timer.outputAt(0, 12)).toBe(false);
    expect(timer.nextRisingEdge(0, 10)).toBe(16);
    expect(timer.nextRisingEdge(0, 16)).toBe(Infinity);
    expect(timer.countAt(0, 17)).toBe(0xffff);
  });

  it('a count of 0 means 65536', () => {
    const { timer, out, at } = pit();
    at(0);
    out(0x43, 0x34);
    out(0x40, 0);
    out(0x40, 0);
    expect(timer.nextRisingEdge(0, 0)).toBe(1 + 65536);
  });

  it('lobyte-only and hibyte-only access', () => {
    const { timer, out, inb, at } = pit();
    at(0);
    out(0x43, 0x14); // lobyte only, mode 2
    out(0x40, 50);
    expect(timer.nextRisingEdge(0, 0)).toBe(51);
    out(0x43, 0x24); // hibyte only
    out(0x40, 2);
    expect(timer.nextRisingEdge(0, 0)).toBe(1 + 512);
    at(1 + 12);
    expect(inb(0x40)).toBe((512 - 12) >> 8);
  });

  it('counter latch freezes the value until both bytes are read', () => {
    const { out, inb, at } = pit();
    at(0);
    out(0x43, 0x34);
    out(0x40, 0x00);
    out(0x40, 0x10); // 4096
    at(1 + 0x123);
    out(0x43, 0x00); // latch channel 0
    at(1 + 0x800);
    const low = inb(0x40);
    const high = inb(0x40);
    expect((high << 8) | low).toBe(0x1000 - 0x123);
    // Unlatched reads follow the live count again.
    const liveLow = inb(0x40);
    const liveHigh = inb(0x40);
    expect((liveHigh << 8) | liveLow).toBe(0x1000 - 0x800);
  });

  it('read-back latches the status byte (OUT, null count, access, mode)', () => {
    const { out, inb, at } = pit();
    at(0);
    out(0x43, 0x34);
    expect(inb(0x43)).toBe(0xff);
    out(0x43, 0xe2); // read-back: status only, channel 0
    expect(inb(0x40)).toBe(0x80 | 0x40 | 0x30 | 0x04);
  });

  it('a new count in mode 2 takes effect at the end of the current period', () => {
    const { timer, out, at } = pit();
    at(0);
    out(0x43, 0x34);
    out(0x40, 100);
    out(0x40, 0);
    at(50);
    out(0x40, 10);
    out(0x40, 0);
    expect(timer.nextRisingEdge(0, 50)).toBe(101);
    expect(timer.nextRisingEdge(0, 101)).toBe(111);
  });

  it('tells the machine when channel 0 is reprogrammed', () => {
    const { out, changes } = pit();
    out(0x43, 0x34);
    out(0x40, 1);
    out(0x40, 0);
    expect(changes()).toBe(2);
  });

  it('channel 2 counts only while its gate is high', () => {
    const { timer, out, at } = pit();
    at(0);
    out(0x43, 0xb0); // channel 2, mode 0
    out(0x42, 100);
    out(0x42, 0);
    at(500);
    expect(timer.outputAt(2)).toBe(false);
    timer.setGate(2, true); // counting starts on the next clock: terminal count 100 ticks later
    expect(timer.outputAt(2, 600)).toBe(false);
    expect(timer.outputAt(2, 601)).toBe(true);
  });
});
