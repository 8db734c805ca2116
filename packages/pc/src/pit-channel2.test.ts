import { describe, expect, it } from 'vitest';
import { PIT_INPUT_HZ, Pit8254 } from './pit.js';
import { SystemControlPort } from './system-control-port.js';

/**
 * PIT channel 2 as PC software sees it: GATE2 is port 0x61 bit 0, OUT2 reads back as port 0x61
 * bit 5, the counter is at port 0x42 (8254 datasheet 231164, mode 0 and the GATE table).
 */
function channel2() {
  let now = 0;
  const timer = new Pit8254(() => now);
  const port61 = new SystemControlPort(timer, () => now);
  return {
    outb: (port: number, value: number) =>
      port === 0x61 ? port61.write(0, 1, value) : timer.write(port - 0x40, 1, value),
    inb: (port: number) => (port === 0x61 ? port61.read() : timer.read(port - 0x40)),
    at: (tick: number) => {
      now = tick;
    },
  };
}

describe('8254 channel 2 behind port 0x61 (datasheet rules)', () => {
  it('mode 0: the count is loaded on the CLK after it is written, then decrements once per CLK', () => {
    const { outb, inb, at } = channel2();
    at(10);
    outb(0x61, 0x01); // GATE2 high, speaker off
    outb(0x43, 0xb0); // channel 2, LSB then MSB, mode 0, binary
    outb(0x42, 0xff);
    outb(0x42, 0xff);
    at(11); // the load clock: the count is N and does not decrement on this pulse
    expect([inb(0x42), inb(0x42)]).toEqual([0xff, 0xff]);
    at(11 + 255);
    expect([inb(0x42), inb(0x42)]).toEqual([0x00, 0xff]);
    at(11 + 256); // the MSB steps down once every 256 CLK pulses
    expect([inb(0x42), inb(0x42)]).toEqual([0xff, 0xfe]);
    at(11 + 0x1000);
    expect(inb(0x42) | (inb(0x42) << 8)).toBe(0xefff);
  });

  it('mode 0: OUT2 (port 0x61 bit 5) goes high N + 1 CLK pulses after the count is written', () => {
    const { outb, inb, at } = channel2();
    outb(0x61, 0x01);
    outb(0x43, 0xb0);
    outb(0x42, 100);
    outb(0x42, 0);
    expect(inb(0x61) & 0x20).toBe(0); // OUT is low after the control word in mode 0
    at(100);
    expect(inb(0x61) & 0x20).toBe(0);
    at(101);
    expect(inb(0x61) & 0x20).toBe(0x20);
  });

  it('mode 0: GATE2 low holds the count, high resumes it', () => {
    const { outb, inb, at } = channel2();
    outb(0x61, 0x01);
    outb(0x43, 0xb0);
    outb(0x42, 0x00);
    outb(0x42, 0x10); // 0x1000
    at(0x101); // 0x100 pulses counted
    outb(0x61, 0x00);
    at(0x800);
    expect(inb(0x42) | (inb(0x42) << 8)).toBe(0x0f00);
    outb(0x61, 0x01);
    at(0x800 + 0x10);
    expect(inb(0x42) | (inb(0x42) << 8)).toBe(0x0f00 - 0x10 + 1);
  });
});

/** Linux 6.1's quick_pit_calibrate (arch/x86/kernel/tsc.c): the TSC rate in Hz, or 0 when it fails. */
function quickPitCalibrate(io: {
  inb(port: number): number;
  outb(value: number, port: number): void;
  rdtsc(): number;
}): number {
  const maxIterations = Math.floor((50 * PIT_INPUT_HZ) / 1000 / 256);
  const verifyMsb = (value: number) => {
    io.inb(0x42); // LSB, ignored
    return io.inb(0x42) === value;
  };
  const expectMsb = (value: number) => {
    let count = 0;
    let tsc = 0;
    let previous = 0;
    for (; count < 50000; count++) {
      if (!verifyMsb(value)) break;
      previous = tsc;
      tsc = io.rdtsc();
    }
    return { ok: count > 5, tsc, delta: io.rdtsc() - previous };
  };
  io.outb((io.inb(0x61) & ~0x02) | 0x01, 0x61);
  io.outb(0xb0, 0x43);
  io.outb(0xff, 0x42);
  io.outb(0xff, 0x42);
  verifyMsb(0); // "the PIT starts counting at the next edge, so we need to delay for a microsecond"
  const first = expectMsb(0xff);
  if (!first.ok) return 0;
  for (let i = 1; i <= maxIterations; i++) {
    const next = expectMsb(0xff - i);
    if (!next.ok) return 0;
    const delta = next.tsc - first.tsc;
    if (i === 1 && first.delta + next.delta >= (delta * maxIterations) / 2048) return 0;
    if (first.delta + next.delta >= delta / 2048) continue;
    if (!verifyMsb(0xfe - i)) return 0;
    return (delta * PIT_INPUT_HZ) / (i * 256);
  }
  return 0;
}

/** A 300 MHz CPU (one instruction per cycle) whose port accesses each take `accessCycles`. */
function cpuWithPortAccessTime(accessCycles: number) {
  const cyclesPerTick = 251;
  let cycles = 1_000_000;
  const ticks = () => Math.floor(cycles / cyclesPerTick);
  const timer = new Pit8254(ticks);
  const port61 = new SystemControlPort(timer, ticks);
  return {
    inb(port: number) {
      cycles += accessCycles + 1;
      return port === 0x61 ? port61.read() : timer.read(port - 0x40);
    },
    outb(value: number, port: number) {
      cycles += accessCycles + 1;
      if (port === 0x61) port61.write(0, 1, value);
      else timer.write(port - 0x40, 1, value);
    },
    rdtsc() {
      cycles += 3;
      return cycles;
    },
    hz: cyclesPerTick * PIT_INPUT_HZ,
  };
}

describe("Linux's fast TSC calibration against channel 2", () => {
  it('succeeds within its 500 ppm when a port access takes about 1 µs, as on the ISA bus', () => {
    const cpu = cpuWithPortAccessTime(299);
    const error = Math.abs(quickPitCalibrate(cpu) / cpu.hz - 1);
    expect(error).toBeLessThan(1 / 2048);
  });

  it('fails when port accesses take no time: the first reads come before the load clock', () => {
    expect(quickPitCalibrate(cpuWithPortAccessTime(0))).toBe(0);
  });
});
