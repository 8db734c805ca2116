import { PIT_INPUT_HZ } from './pit.js';
import type { PortDevice } from './port-bus.js';

/** Saturday 1 January 2000, 00:00:00 UTC: the default date, so runs are deterministic. */
export const DEFAULT_RTC_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));
export const RTC_IRQ = 8;

// Register indexes (MC146818A datasheet, figure 4; PC/AT CMOS layout).
const REG_SECONDS = 0x00;
const REG_SECONDS_ALARM = 0x01;
const REG_MINUTES = 0x02;
const REG_MINUTES_ALARM = 0x03;
const REG_HOURS = 0x04;
const REG_HOURS_ALARM = 0x05;
const REG_DAY_OF_WEEK = 0x06;
const REG_DAY_OF_MONTH = 0x07;
const REG_MONTH = 0x08;
const REG_YEAR = 0x09;
const REG_A = 0x0a;
const REG_B = 0x0b;
const REG_C = 0x0c;
const REG_D = 0x0d;
const REG_CENTURY = 0x32; // the PC/AT BIOS convention (ACPI FADT "century" default)
const CMOS_BYTES = 128;

const A_UIP = 0x80;
const B_SET = 0x80;
const B_PIE = 0x40;
const B_AIE = 0x20;
const B_UIE = 0x10;
const B_DM_BINARY = 0x04;
const B_24H = 0x02;
const C_IRQF = 0x80;
const C_PF = 0x40;
const C_AF = 0x20;
const C_UF = 0x10;
const D_VRT = 0x80;

/** UIP rises 244 µs before the update; the update then takes 1984 µs (datasheet, "Update cycle"). */
const UIP_BEFORE_SECONDS = 244e-6;
const UPDATE_SECONDS = 1984e-6;

export interface Mc146818State {
  index: number;
  nmiDisabled: boolean;
  ram: number[];
  /** The clock's reading, in Unix seconds, at virtual tick `baseTick`. */
  baseSeconds: number;
  baseTick: number;
  /** Flags of register C, as of `flagsTick`. */
  flags: number;
  flagsTick: number;
}

/**
 * A Motorola MC146818A real-time clock with the PC/AT's 128 bytes of CMOS (index port 0x70, bit 7
 * of which is the NMI mask; data port 0x71). The clock counts virtual time (PIT input ticks), starting
 * at a given date, so a run reads the same times every time. Registers follow the datasheet: BCD or
 * binary (register B, DM), 12- or 24-hour (B, 24/12), the SET bit freezing updates so software can
 * write a new time, the update-in-progress bit in register A during the 244 µs before each second's
 * update and the update itself, and the periodic (rate from register A), alarm and update-ended
 * flags in register C, which drive IRQ 8 while enabled in register B and clear when C is read.
 */
export class Mc146818Rtc implements PortDevice {
  readonly name = 'MC146818 RTC/CMOS';
  readonly byteWide = true;
  private s: Mc146818State;
  private irqLevel = false;

  constructor(
    private readonly ticksNow: () => number,
    private readonly onInterrupt: (level: boolean) => void = () => {},
    date: Date = DEFAULT_RTC_DATE,
    /** Called when a register write moves the next interrupt (the machine recomputes its slice). */
    private readonly onReschedule: () => void = () => {},
  ) {
    const ram = new Array<number>(CMOS_BYTES).fill(0);
    ram[REG_A] = 0x26; // 32.768 kHz time base, 1024 Hz periodic rate: the BIOS default
    ram[REG_B] = B_24H;
    ram[REG_D] = D_VRT;
    this.s = {
      index: 0,
      nmiDisabled: false,
      ram,
      baseSeconds: Math.floor(date.getTime() / 1000),
      baseTick: ticksNow(),
      flags: 0,
      flagsTick: ticksNow(),
    };
  }

  /** The clock's reading in (fractional) Unix seconds at `tick`. */
  private secondsAt(tick: number): number {
    const s = this.s;
    if (s.ram[REG_B] & B_SET) return s.baseSeconds;
    return s.baseSeconds + (tick - s.baseTick) / PIT_INPUT_HZ;
  }

  /** Tick at which the clock reads `seconds` (inverse of secondsAt while running). */
  private tickAt(seconds: number): number {
    return this.s.baseTick + Math.ceil((seconds - this.s.baseSeconds) * PIT_INPUT_HZ);
  }

  /** The periodic interrupt's period in seconds (register A rate select), or 0 when off. */
  private periodSeconds(): number {
    const rate = this.s.ram[REG_A] & 0x0f;
    if (rate === 0) return 0;
    // With the 32.768 kHz base, rates 1 and 2 repeat 8 and 9 (256 Hz and 128 Hz).
    const shift = rate < 3 ? rate + 7 : rate;
    return 2 ** (shift - 1) / 32768;
  }

  /** Register C's flags accumulated up to `tick`. */
  private flagsAt(tick: number): number {
    const s = this.s;
    let flags = s.flags;
    if (s.ram[REG_B] & B_SET || tick <= s.flagsTick) return flags;
    const from = this.secondsAt(s.flagsTick);
    const to = this.secondsAt(tick);
    const period = this.periodSeconds();
    if (period > 0 && Math.floor(to / period) > Math.floor(from / period)) flags |= C_PF;
    // Updates end UPDATE_SECONDS after each whole second.
    if (Math.floor(to - UPDATE_SECONDS) > Math.floor(from - UPDATE_SECONDS)) {
      flags |= C_UF;
      if (this.alarmBetween(from - UPDATE_SECONDS, to - UPDATE_SECONDS)) flags |= C_AF;
    }
    return flags;
  }

  /** Whether a second in (from, to] matches the alarm registers (0xC0–0xFF matches any value). */
  private alarmBetween(from: number, to: number): boolean {
    const ram = this.s.ram;
    const first = Math.floor(from) + 1;
    const last = Math.min(Math.floor(to), first + 86400);
    for (let t = first; t <= last; t++) {
      const f = this.fields(t);
      const match = (alarm: number, value: number) => (alarm & 0xc0) === 0xc0 || alarm === value;
      if (
        match(ram[REG_SECONDS_ALARM], f[REG_SECONDS]) &&
        match(ram[REG_MINUTES_ALARM], f[REG_MINUTES]) &&
        match(ram[REG_HOURS_ALARM], f[REG_HOURS])
      )
        return true;
    }
    return false;
  }

  private enabledFlags(flags: number): number {
    return flags & this.s.ram[REG_B] & (B_PIE | B_AIE | B_UIE);
  }

  /** Brings register C up to now and drives IRQ 8 (IRQF = an enabled flag is set). */
  poll(): void {
    const now = this.ticksNow();
    this.s.flags = this.flagsAt(now);
    this.s.flagsTick = now;
    const level = this.enabledFlags(this.s.flags) !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.onInterrupt(level);
    }
  }

  /**
   * The tick at which IRQ 8 will next rise, or Infinity: the machine ends its slice there so the
   * interrupt arrives on time. Only the periodic and update-ended interrupts are scheduled; an alarm
   * also sets UF, so it is noticed at the latest one second late… unless UIE is off, in which case
   * alarms are seen at the next read of register C or the next periodic interrupt.
   */
  nextInterruptTick(): number {
    const s = this.s;
    const b = s.ram[REG_B];
    if (b & B_SET || this.irqLevel) return Infinity;
    const now = this.secondsAt(s.flagsTick);
    let next = Infinity;
    const period = this.periodSeconds();
    if (b & B_PIE && period > 0) next = Math.min(next, (Math.floor(now / period) + 1) * period);
    if (b & (B_UIE | B_AIE)) next = Math.min(next, Math.floor(now - UPDATE_SECONDS) + 1 + UPDATE_SECONDS);
    return next === Infinity ? Infinity : Math.max(s.flagsTick + 1, this.tickAt(next));
  }

  /** The time and date registers for Unix second `t`, in the format register B selects. */
  private fields(t: number): number[] {
    const d = new Date(t * 1000);
    const b = this.s.ram[REG_B];
    const encode = (v: number) => (b & B_DM_BINARY ? v : ((v / 10) | 0) * 16 + (v % 10));
    const out: number[] = [];
    out[REG_SECONDS] = encode(d.getUTCSeconds());
    out[REG_MINUTES] = encode(d.getUTCMinutes());
    const hour = d.getUTCHours();
    if (b & B_24H) {
      out[REG_HOURS] = encode(hour);
    } else {
      // 12-hour mode: 1–12, with bit 7 set for PM.
      out[REG_HOURS] = encode(hour % 12 === 0 ? 12 : hour % 12) | (hour >= 12 ? 0x80 : 0);
    }
    out[REG_DAY_OF_WEEK] = encode(d.getUTCDay() + 1);
    out[REG_DAY_OF_MONTH] = encode(d.getUTCDate());
    out[REG_MONTH] = encode(d.getUTCMonth() + 1);
    out[REG_YEAR] = encode(d.getUTCFullYear() % 100);
    out[REG_CENTURY] = encode(Math.floor(d.getUTCFullYear() / 100));
    return out;
  }

  /** Decodes one time register written by software in the current format. */
  private decode(value: number, isHours = false): number {
    const b = this.s.ram[REG_B];
    const pm = isHours && !(b & B_24H) && (value & 0x80) !== 0;
    const raw = isHours && !(b & B_24H) ? value & 0x7f : value;
    let v = b & B_DM_BINARY ? raw : (raw >> 4) * 10 + (raw & 0x0f);
    if (isHours && !(b & B_24H)) v = (v % 12) + (pm ? 12 : 0);
    return v;
  }

  private readRegister(index: number): number {
    const s = this.s;
    const now = this.ticksNow();
    switch (index) {
      case REG_SECONDS:
      case REG_MINUTES:
      case REG_HOURS:
      case REG_DAY_OF_WEEK:
      case REG_DAY_OF_MONTH:
      case REG_MONTH:
      case REG_YEAR:
      case REG_CENTURY:
        return this.fields(Math.floor(this.secondsAt(now)))[index];
      case REG_A: {
        const seconds = this.secondsAt(now);
        const fraction = seconds - Math.floor(seconds);
        const updating =
          !(s.ram[REG_B] & B_SET) && (fraction >= 1 - UIP_BEFORE_SECONDS || fraction < UPDATE_SECONDS);
        return (s.ram[REG_A] & 0x7f) | (updating ? A_UIP : 0);
      }
      case REG_C: {
        this.poll();
        const flags = s.flags;
        s.flags = 0;
        this.poll();
        return flags | (this.enabledFlags(flags) ? C_IRQF : 0);
      }
      case REG_D:
        return D_VRT;
      default:
        return s.ram[index];
    }
  }

  private writeRegister(index: number, value: number): void {
    const s = this.s;
    const now = this.ticksNow();
    switch (index) {
      case REG_SECONDS:
      case REG_MINUTES:
      case REG_HOURS:
      case REG_DAY_OF_MONTH:
      case REG_MONTH:
      case REG_YEAR:
      case REG_CENTURY: {
        // Writing a time field sets the clock to the current reading with that field replaced.
        this.poll();
        const current = Math.floor(this.secondsAt(now));
        const d = new Date(current * 1000);
        const v = this.decode(value, index === REG_HOURS);
        if (index === REG_SECONDS) d.setUTCSeconds(v);
        else if (index === REG_MINUTES) d.setUTCMinutes(v);
        else if (index === REG_HOURS) d.setUTCHours(v);
        else if (index === REG_DAY_OF_MONTH) d.setUTCDate(v);
        else if (index === REG_MONTH) d.setUTCMonth(v - 1);
        else if (index === REG_YEAR) d.setUTCFullYear(Math.floor(d.getUTCFullYear() / 100) * 100 + v);
        else d.setUTCFullYear(v * 100 + (d.getUTCFullYear() % 100));
        // The divider chain restarts with the new time: the next update is a full second away.
        s.baseSeconds = Math.floor(d.getTime() / 1000);
        s.baseTick = now;
        s.flagsTick = now;
        this.onReschedule();
        return;
      }
      case REG_DAY_OF_WEEK:
        return; // derived from the date
      case REG_A:
        this.poll();
        s.ram[REG_A] = value & 0x7f;
        this.poll();
        this.onReschedule();
        return;
      case REG_B: {
        this.poll();
        const wasSet = (s.ram[REG_B] & B_SET) !== 0;
        if (!wasSet && value & B_SET) {
          // Freeze at the current second.
          s.baseSeconds = Math.floor(this.secondsAt(now));
          s.baseTick = now;
        } else if (wasSet && !(value & B_SET)) {
          s.baseTick = now;
          s.flagsTick = now;
        }
        // SET clears UIE (datasheet: "UIE is cleared when SET is written to 1").
        s.ram[REG_B] = value & B_SET ? value & ~B_UIE : value;
        this.poll();
        this.onReschedule();
        return;
      }
      case REG_C:
      case REG_D:
        return; // read-only
      default:
        s.ram[index] = value;
    }
  }

  read(offset: number): number {
    if (offset === 0) return 0xff; // the index port is write-only on the PC/AT
    return this.readRegister(this.s.index);
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    if (offset === 0) {
      this.s.index = value & 0x7f;
      this.s.nmiDisabled = (value & 0x80) !== 0;
      return;
    }
    this.writeRegister(this.s.index, value & 0xff);
  }

  saveState(): Mc146818State {
    return { ...this.s, ram: [...this.s.ram] };
  }

  loadState(state: Mc146818State): void {
    this.s = { ...state, ram: [...state.ram] };
    this.irqLevel = this.enabledFlags(this.s.flags) !== 0;
  }
}
