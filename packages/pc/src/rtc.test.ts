import { describe, expect, it } from 'vitest';
import { PIT_INPUT_HZ } from './pit.js';
import { Mc146818Rtc } from './rtc.js';

function rtc(date = new Date(Date.UTC(2024, 1, 29, 23, 59, 58))) {
  let now = 0;
  const levels: boolean[] = [];
  const clock = new Mc146818Rtc(
    () => now,
    (level) => levels.push(level),
    date,
  );
  const read = (index: number) => {
    clock.write(0, 1, index);
    return clock.read(1);
  };
  const write = (index: number, value: number) => {
    clock.write(0, 1, index);
    clock.write(1, 1, value);
  };
  return { clock, read, write, levels, at: (seconds: number) => (now = Math.round(seconds * PIT_INPUT_HZ)) };
}

describe('MC146818 RTC', () => {
  it('reads the start date in BCD, 24-hour, and counts virtual seconds across a leap day', () => {
    const { read, at } = rtc();
    expect([read(9), read(8), read(7), read(4), read(2), read(0)]).toEqual([
      0x24, 0x02, 0x29, 0x23, 0x59, 0x58,
    ]);
    expect(read(0x32)).toBe(0x20);
    expect(read(6)).toBe(5); // Thursday (Sunday = 1)
    at(2.5);
    expect([read(8), read(7), read(4), read(2), read(0)]).toEqual([0x03, 0x01, 0x00, 0x00, 0x00]);
    expect(read(0x0d)).toBe(0x80); // valid RAM and time
  });

  it('binary and 12-hour formats follow register B', () => {
    const { read, write } = rtc(new Date(Date.UTC(2000, 0, 1, 15, 7, 9)));
    write(0x0b, 0x04); // binary, 12-hour
    expect([read(4), read(2), read(0)]).toEqual([0x80 | 3, 7, 9]);
    write(0x0b, 0x00); // BCD, 12-hour
    expect(read(4)).toBe(0x83);
    write(0x0b, 0x06);
    expect(read(4)).toBe(15);
  });

  it('UIP is set from 244 µs before each update to the end of the update', () => {
    const { read, at } = rtc();
    at(0.5);
    expect(read(0x0a) & 0x80).toBe(0);
    at(0.9998);
    expect(read(0x0a) & 0x80).toBe(0x80);
    at(1.001);
    expect(read(0x0a) & 0x80).toBe(0x80);
    at(1.003);
    expect(read(0x0a) & 0x80).toBe(0);
    expect(read(0x0a) & 0x7f).toBe(0x26);
  });

  it('SET freezes the clock and takes a written time; clearing it restarts from there', () => {
    const { read, write, at } = rtc();
    write(0x0b, 0x82);
    write(4, 0x12);
    write(2, 0x34);
    write(0, 0x56);
    at(10);
    expect([read(4), read(2), read(0)]).toEqual([0x12, 0x34, 0x56]);
    write(0x0b, 0x02);
    at(13.5);
    expect(read(0)).toBe(0x59);
  });

  it('the periodic interrupt raises IRQ 8 at the register A rate until register C is read', () => {
    const { clock, read, write, levels, at } = rtc(new Date(Date.UTC(2000, 0, 1)));
    write(0x0a, 0x26); // 1024 Hz
    write(0x0b, 0x42); // PIE
    const next = clock.nextInterruptTick();
    expect(next).toBe(Math.ceil(PIT_INPUT_HZ / 1024));
    at(0.0005);
    clock.poll();
    expect(levels).toEqual([]);
    at(0.001);
    clock.poll();
    expect(levels).toEqual([true]);
    expect(clock.nextInterruptTick()).toBe(Infinity); // already pending
    expect(read(0x0c)).toBe(0xc0); // IRQF and PF
    expect(levels).toEqual([true, false]);
    expect(read(0x0c)).toBe(0);
  });

  it('update-ended and alarm flags: UF every second, AF when the alarm matches, IRQ only if enabled', () => {
    const { clock, read, write, levels, at } = rtc(new Date(Date.UTC(2000, 0, 1, 0, 0, 0)));
    write(1, 0x03); // alarm at hh:mm:03 with "don't care" hours and minutes
    write(3, 0xc0);
    write(5, 0xc0);
    write(0x0b, 0x22); // AIE
    at(1.5);
    // Flags are set whatever the enables say (PF at 1024 Hz, UF each second); no IRQF without them.
    expect(read(0x0c)).toBe(0x40 | 0x10);
    at(3.5);
    clock.poll();
    expect(levels).toEqual([true]);
    expect(read(0x0c)).toBe(0x80 | 0x40 | 0x20 | 0x10);
  });
});
