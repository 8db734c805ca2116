import type { PortDevice } from './port-bus.js';

/**
 * System control port A (0x92, "fast A20" on PS/2 and later chipsets): bit 1 gates address line 20,
 * bit 0 written as 1 resets the CPU. The machine has no A20 mask (memory is always addressed with all
 * 32 lines, as after any modern loader), so the gate is stored and reported but changes nothing.
 */
export class FastA20Port implements PortDevice {
  readonly name = 'system control port A (fast A20)';
  readonly byteWide = true;
  private value = 0x02;

  constructor(private readonly onReset: () => void = () => {}) {}

  read(): number {
    return this.value;
  }

  write(_offset: number, _size: 1 | 2 | 4, value: number): void {
    this.value = value & 0x02;
    if (value & 0x01) this.onReset();
  }

  saveState(): number {
    return this.value;
  }

  loadState(state: number): void {
    this.value = state;
  }
}
