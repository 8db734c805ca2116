import type { PortDevice } from './port-bus.js';

/** The 8254's input clock in Hz (a PC derives it from the 14.31818 MHz crystal divided by 12). */
export const PIT_INPUT_HZ = 1_193_182;

/** One counter's programmed state. All times are PIT input ticks. */
export interface PitChannelState {
  mode: number;
  access: number; // 1 = LSB, 2 = MSB, 3 = LSB then MSB
  bcd: boolean;
  /** The reload value N (1…0x10000; a written 0 means 0x10000). 0 while no count has been written. */
  reload: number;
  /** The tick at which `reload` was loaded into the counting element (counting starts there). */
  loadTick: number;
  /** A count written while counting in modes 2/3, taking effect at the end of the current period. */
  pendingReload: number;
  pendingTick: number;
  writeLow: number;
  writeHighNext: boolean;
  readHighNext: boolean;
  latched: number; // -1 = none
  latchedHighNext: boolean;
  statusLatched: number; // -1 = none
  gate: boolean;
  /** Counting is paused (gate low) with this counter value; -1 when running. */
  frozenValue: number;
  /** Count value visible before the first load completes. */
  previousValue: number;
}

/**
 * An Intel 8254 programmable interval timer (datasheet 231164) at ports 0x40–0x43, counting in
 * *virtual* time: the machine tells it the current tick (`ticksNow`), which the machine derives from
 * the instruction counter, so a run is deterministic. The model is analytic: a channel remembers when
 * its count was loaded and computes its value and output for any later tick, so no per-tick work.
 *
 * A count written after a control word is loaded into the counting element on the next input clock
 * edge, as on the chip; the output of channel 0 drives IRQ0. Modes 0, 2 and 3 are exact; modes 1 and 5
 * (hardware-triggered) and 4 follow the datasheet for a gate that is tied high after the trigger.
 */
export class Pit8254 implements PortDevice {
  readonly name = '8254 PIT';
  readonly byteWide = true;
  private channels: PitChannelState[] = [0, 1, 2].map(() => Pit8254.initialChannel(0));

  /**
   * `ticksNow` returns the current PIT tick; `onScheduleChange` is called when a write changed when the
   * next channel-0 edge happens (the machine then recomputes its time slice).
   */
  constructor(
    private readonly ticksNow: () => number,
    private readonly onScheduleChange: () => void = () => {},
  ) {
    // Channel 2's gate is driven by port 0x61 and starts low; 0 and 1 are tied high on the PC.
    this.channels[0].gate = true;
    this.channels[1].gate = true;
  }

  private static initialChannel(gateLevel: number): PitChannelState {
    return {
      mode: 0,
      access: 3,
      bcd: false,
      reload: 0,
      loadTick: 0,
      pendingReload: 0,
      pendingTick: 0,
      writeLow: 0,
      writeHighNext: false,
      readHighNext: false,
      latched: -1,
      latchedHighNext: false,
      statusLatched: -1,
      gate: gateLevel !== 0,
      frozenValue: -1,
      previousValue: 0,
    };
  }

  /** Applies a pending modes-2/3 reload once its period boundary has passed. */
  private settle(c: PitChannelState, now: number): void {
    if (c.pendingReload !== 0 && now >= c.pendingTick) {
      c.reload = c.pendingReload;
      c.loadTick = c.pendingTick;
      c.pendingReload = 0;
    }
  }

  private running(c: PitChannelState, now: number): boolean {
    return c.reload !== 0 && c.frozenValue < 0 && now >= c.loadTick;
  }

  /** The counting element's value at tick `now` (0x10000 reads as 0). */
  countAt(channel: number, now: number = this.ticksNow()): number {
    const c = this.channels[channel];
    this.settle(c, now);
    if (c.reload === 0) return c.previousValue;
    if (c.frozenValue >= 0) return c.frozenValue;
    const d = now - c.loadTick;
    if (d < 0) return c.previousValue;
    const n = c.reload;
    let value: number;
    switch (c.mode) {
      case 2:
        value = n - (d % n);
        break;
      case 3: {
        // Decrements by two each clock; an odd count loads N-1 for the low half (datasheet).
        const half = d % n;
        const highLength = (n + 1) >> 1;
        value = half < highLength ? n - 2 * half : n - 2 * (half - highLength);
        value = value & ~1;
        if (value <= 0) value = n & ~1;
        break;
      }
      default:
        value = (n - d) & 0xffff;
        break;
    }
    return value & 0xffff;
  }

  /** The OUT pin of `channel` at tick `now`. */
  outputAt(channel: number, now: number = this.ticksNow()): boolean {
    const c = this.channels[channel];
    this.settle(c, now);
    if (c.reload === 0) return c.mode !== 0; // after a control word: mode 0 low, others high
    if (c.frozenValue >= 0) return c.mode !== 0 || c.frozenValue === 0;
    const d = now - c.loadTick;
    if (d < 0) return c.mode !== 0;
    const n = c.reload;
    switch (c.mode) {
      case 0:
        return d >= n; // goes high at terminal count and stays high
      case 1:
      case 5:
        // Hardware-triggered modes: the trigger is the gate's rising edge, which this PC never gives
        // channel 0; the output stays high until triggered.
        return true;
      case 2:
        return d % n !== n - 1; // low for the one clock when the count is 1
      case 3:
        return d % n < (n + 1) >> 1; // high for ceil(N/2), low for floor(N/2)
      case 4:
        return d !== n; // one low clock at terminal count
      default:
        return true;
    }
  }

  /**
   * The first tick > `after` at which channel `channel`'s output has a rising edge, or Infinity.
   * This is what the machine schedules IRQ0 on.
   */
  nextRisingEdge(channel: number, after: number): number {
    const c = this.channels[channel];
    this.settle(c, after);
    let edge = Infinity;
    if (c.reload !== 0 && c.frozenValue < 0) {
      const n = c.reload;
      const d = after - c.loadTick; // edges are at d = k·n (modes 2, 3), d = n (mode 0), d = n + 1 (mode 4)
      switch (c.mode) {
        case 0:
          edge = d < n ? c.loadTick + n : Infinity;
          break;
        case 2:
        case 3: {
          const k = d < 0 ? 1 : Math.floor(d / n) + 1;
          edge = c.loadTick + k * n;
          break;
        }
        case 4:
          edge = d < n + 1 ? c.loadTick + n + 1 : Infinity;
          break;
      }
    }
    if (c.pendingReload !== 0 && c.pendingTick > after && c.pendingTick < edge) edge = c.pendingTick;
    return edge;
  }

  /** Drives a channel's GATE input (only channel 2's is wired, through port 0x61 bit 0). */
  setGate(channel: number, level: boolean): void {
    const c = this.channels[channel];
    if (c.gate === level) return;
    const now = this.ticksNow();
    this.settle(c, now);
    if (!level) {
      // Gate low stops counting (modes 0, 2, 3, 4); modes 2 and 3 also force OUT high.
      if (this.running(c, now)) c.frozenValue = this.countAt(channel, now);
    } else if (c.reload !== 0) {
      if (c.mode === 0 || c.mode === 4) {
        // Counting resumes from the frozen value.
        if (c.frozenValue >= 0) c.loadTick = now + 1 - ((c.reload - c.frozenValue) & 0xffff);
      } else {
        // A rising gate (re)triggers modes 1, 2, 3 and 5: reload on the next clock.
        c.loadTick = now + 1;
      }
      c.frozenValue = -1;
    }
    c.gate = level;
    if (channel === 0) this.onScheduleChange();
  }

  read(offset: number): number {
    if (offset === 3) return 0xff; // the control register is write-only
    const c = this.channels[offset];
    if (c.statusLatched >= 0) {
      const status = c.statusLatched;
      c.statusLatched = -1;
      return status;
    }
    if (c.latched >= 0) {
      const value = c.latched;
      if (c.access === 3 && !c.latchedHighNext) {
        c.latchedHighNext = true;
        return value & 0xff;
      }
      c.latched = -1;
      c.latchedHighNext = false;
      return c.access === 2 || c.access === 3 ? (value >> 8) & 0xff : value & 0xff;
    }
    const value = this.countAt(offset);
    switch (c.access) {
      case 1:
        return value & 0xff;
      case 2:
        return (value >> 8) & 0xff;
      default: {
        const high = c.readHighNext;
        c.readHighNext = !high;
        return high ? (value >> 8) & 0xff : value & 0xff;
      }
    }
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    value &= 0xff;
    if (offset === 3) {
      this.control(value);
      return;
    }
    const c = this.channels[offset];
    switch (c.access) {
      case 1:
        this.loadCount(offset, value);
        break;
      case 2:
        this.loadCount(offset, value << 8);
        break;
      default:
        if (!c.writeHighNext) {
          c.writeLow = value;
          c.writeHighNext = true;
        } else {
          c.writeHighNext = false;
          this.loadCount(offset, c.writeLow | (value << 8));
        }
    }
  }

  private control(value: number): void {
    const select = value >> 6;
    if (select === 3) {
      this.readBack(value);
      return;
    }
    const c = this.channels[select];
    const access = (value >> 4) & 3;
    if (access === 0) {
      // Counter latch command: freeze the visible count until read (a second latch is ignored).
      if (c.latched < 0) {
        c.latched = this.countAt(select);
        c.latchedHighNext = false;
      }
      return;
    }
    const now = this.ticksNow();
    c.previousValue = this.countAt(select, now);
    c.access = access;
    c.mode = (value >> 1) & 7;
    if (c.mode > 5) c.mode -= 4; // modes 6 and 7 are aliases of 2 and 3
    c.bcd = (value & 1) !== 0;
    c.reload = 0; // "null count": nothing counts until a new count is written
    c.pendingReload = 0;
    c.frozenValue = -1;
    c.writeHighNext = false;
    c.readHighNext = false;
    c.latched = -1;
    c.statusLatched = -1;
    if (select === 0) this.onScheduleChange();
  }

  /** Read-back command (8254 only): latch count and/or status of the selected counters. */
  private readBack(value: number): void {
    const latchCount = (value & 0x20) === 0;
    const latchStatus = (value & 0x10) === 0;
    for (let i = 0; i < 3; i++) {
      if ((value & (2 << i)) === 0) continue;
      const c = this.channels[i];
      if (latchStatus && c.statusLatched < 0) {
        const out = this.outputAt(i) ? 0x80 : 0;
        const nullCount = c.reload === 0 ? 0x40 : 0;
        c.statusLatched = out | nullCount | (c.access << 4) | (c.mode << 1) | (c.bcd ? 1 : 0);
      }
      if (latchCount && c.latched < 0) {
        c.latched = this.countAt(i);
        c.latchedHighNext = false;
      }
    }
  }

  private loadCount(channel: number, raw: number): void {
    const c = this.channels[channel];
    const now = this.ticksNow();
    this.settle(c, now);
    const n = raw === 0 ? 0x10000 : raw; // BCD counting is not modelled: the count is taken as binary
    if ((c.mode === 2 || c.mode === 3) && this.running(c, now)) {
      // Datasheet: a new count written while counting takes effect at the end of the current period.
      c.pendingTick = this.nextRisingEdge(channel, now);
      c.pendingReload = n;
    } else {
      c.previousValue = this.countAt(channel, now);
      c.reload = n;
      c.loadTick = now + 1; // loaded into the counting element on the next clock
      c.pendingReload = 0;
      if (!c.gate) c.frozenValue = n & 0xffff;
    }
    if (channel === 0) this.onScheduleChange();
  }

  /** Channel state for tests and tools. */
  channel(index: number): Readonly<PitChannelState> {
    return this.channels[index];
  }

  saveState(): PitChannelState[] {
    return this.channels.map((c) => ({ ...c }));
  }

  loadState(state: PitChannelState[]): void {
    this.channels = state.map((c) => ({ ...c }));
  }
}
