import type { Pit8254 } from './pit.js';
import type { PortDevice } from './port-bus.js';

/** PIT ticks per half-period of the DRAM refresh toggle in port 0x61 bit 4 (about 15 µs). */
const REFRESH_TOGGLE_TICKS = 18;

/**
 * PC/AT system control port B (0x61): bit 0 gates PIT channel 2, bit 1 enables the speaker, bits 2–3
 * are the parity/channel-check enables (stored only); reads add bit 4, the DRAM refresh toggle (derived
 * from virtual time, so delay loops polling it are deterministic), and bit 5, PIT channel 2's OUT.
 */
export class SystemControlPort implements PortDevice {
  readonly name = 'system control port B';
  private value = 0;

  constructor(
    private readonly pit: Pit8254,
    private readonly ticksNow: () => number,
  ) {}

  read(): number {
    const refresh = Math.floor(this.ticksNow() / REFRESH_TOGGLE_TICKS) & 1 ? 0x10 : 0;
    const out2 = this.pit.outputAt(2) ? 0x20 : 0;
    return (this.value & 0x0f) | refresh | out2;
  }

  write(_offset: number, _size: 1 | 2 | 4, value: number): void {
    this.value = value & 0x0f;
    this.pit.setGate(2, (value & 1) !== 0);
  }

  saveState(): number {
    return this.value;
  }

  loadState(state: number): void {
    this.value = state;
  }
}
