import type { PortDevice } from './port-bus.js';

/**
 * The ACPI power-management timer's rate: 3.579545 MHz, the 14.31818 MHz PC crystal divided by 4.
 * The PIT's input is the same crystal divided by 12, so the PM timer counts exactly 3 per PIT tick.
 */
export const PM_TIMER_HZ = 3_579_545;
export const PM_TIMER_COUNTS_PER_PIT_TICK = 3;
const PM_TIMER_MASK = 0xffffff; // 24 bits (FADT TMR_VAL_EXT = 0)
const PM_TIMER_CARRY = 1 << 23; // TMR_STS is set whenever bit 23 changes

// Offsets in the block, laid out as PIIX4's (and QEMU's) at 0x600: PM1a_EVT_BLK (status, enable),
// PM1a_CNT_BLK, two unused ports, PM_TMR_BLK.
export const PM1_STATUS = 0;
export const PM1_ENABLE = 2;
export const PM1_CONTROL = 4;
export const PM_TIMER = 8;
export const ACPI_PM_PORTS = 12;

/** PM1 status and enable bits (ACPI 1.0b 4.7.3.1). Only the timer's can become set here. */
const TMR = 1 << 0;
const ENABLE_BITS = TMR | (1 << 5) | (1 << 8) | (1 << 9) | (1 << 10); // TMR, GBL, PWRBTN, SLPBTN, RTC
/** PM1 control bits (4.7.3.2). */
const SCI_EN = 1 << 0;
const BM_RLD = 1 << 1;
const SLP_TYP_SHIFT = 10;
const SLP_TYP = 7 << SLP_TYP_SHIFT;
const SLP_EN = 1 << 13;
/** PIIX4's SUS_TYP encoding: 0 is soft-off (S5). Other sleep states are not offered (no `\_Sx`). */
export const SOFT_OFF_SLEEP_TYPE = 0;

export interface AcpiPmState {
  enable: number;
  control: number;
  /** The PM timer count when TMR_STS was last cleared (or power-on). */
  timerStatusClearedAt: number;
}

/**
 * A fixed-hardware ACPI power-management block (ACPI 1.0b 4.7) as in PIIX4: the 24-bit PM timer,
 * PM1 status/enable (the timer's carry, TMR_STS, raising the SCI when TMR_EN is set) and PM1 control
 * (SCI_EN always 1, since there is no SMI to switch modes; writing SLP_EN with the soft-off type
 * powers the machine off). The timer counts from the machine's one clock, so it agrees exactly with
 * the PIT and the TSC.
 */
export class AcpiPowerManagement implements PortDevice {
  readonly name = 'ACPI PM1 and PM timer';
  /** The port bus splits word and dword accesses into bytes (all within one instruction's instant). */
  readonly byteWide = true;
  private s: AcpiPmState = { enable: 0, control: SCI_EN, timerStatusClearedAt: 0 };
  private sciLevel = false;

  /**
   * @param timerNow the PM timer count since power-on (unbounded; the register shows its low 24 bits)
   * @param onSci drives the system control interrupt line (level)
   * @param onSoftOff called when the guest enters S5
   */
  constructor(
    private readonly timerNow: () => number,
    private readonly onSci: (level: boolean) => void,
    private readonly onSoftOff: () => void,
  ) {}

  read(offset: number): number {
    const register = offset & ~1;
    const shift = 8 * (offset & 1);
    if (offset >= PM_TIMER) return ((this.timerNow() & PM_TIMER_MASK) >>> (8 * (offset - PM_TIMER))) & 0xff;
    if (register === PM1_STATUS) return (this.status() >>> shift) & 0xff;
    if (register === PM1_ENABLE) return (this.s.enable >>> shift) & 0xff;
    if (register === PM1_CONTROL) return ((this.s.control | SCI_EN) >>> shift) & 0xff;
    return 0; // the two unused ports
  }

  write(offset: number, _size: 1 | 2 | 4, byte: number): void {
    this.writeRegisterByte(offset, byte);
    this.poll();
  }

  private writeRegisterByte(offset: number, byte: number): void {
    const register = offset & ~1;
    const shift = 8 * (offset & 1);
    const bits = byte << shift;
    if (register === PM1_STATUS) {
      // Write 1 to clear.
      if (bits & TMR) this.s.timerStatusClearedAt = this.timerNow();
    } else if (register === PM1_ENABLE) {
      const mask = 0xff << shift;
      this.s.enable = (this.s.enable & ~mask) | (bits & mask & ENABLE_BITS);
    } else if (register === PM1_CONTROL) {
      const mask = (0xff << shift) & (BM_RLD | SLP_TYP);
      this.s.control = (this.s.control & ~mask) | (bits & mask);
      // SLP_EN is write-only: the sleep type is the one written with it.
      if (bits & SLP_EN && (this.s.control & SLP_TYP) >>> SLP_TYP_SHIFT === SOFT_OFF_SLEEP_TYPE) {
        this.onSoftOff();
      }
    }
    // The timer is read-only; writes to it and to the unused ports vanish.
  }

  private status(): number {
    const now = this.timerNow();
    const carried =
      Math.floor(now / PM_TIMER_CARRY) > Math.floor(this.s.timerStatusClearedAt / PM_TIMER_CARRY);
    return carried ? TMR : 0;
  }

  /** Brings TMR_STS up to now and drives the SCI (SCI_EN is always set). */
  poll(): void {
    const level = (this.status() & this.s.enable) !== 0;
    if (level !== this.sciLevel) {
      this.sciLevel = level;
      this.onSci(level);
    }
  }

  /** The PM timer count at which the SCI will next rise, or Infinity. */
  nextSciCount(): number {
    if (this.sciLevel || (this.s.enable & TMR) === 0) return Infinity;
    return (Math.floor(this.s.timerStatusClearedAt / PM_TIMER_CARRY) + 1) * PM_TIMER_CARRY;
  }

  saveState(): AcpiPmState {
    return { ...this.s };
  }

  loadState(state: AcpiPmState): void {
    this.s = { ...state };
    this.sciLevel = (this.status() & this.s.enable) !== 0;
  }
}
