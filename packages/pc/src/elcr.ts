import type { PicPair } from './pic.js';
import type { PortDevice } from './port-bus.js';

/**
 * Which ISA IRQs can be level-triggered: IRQ 0, 1, 2, 8 and 13 (timer, keyboard, cascade, RTC, FPU
 * error) are edge-only on PIIX-era chipsets, so their ELCR bits read 0 (the masks QEMU uses too).
 */
const WRITABLE = [0xf8, 0xde] as const;

/**
 * The edge/level control registers of PIIX3/PIIX4 chipsets (ELCR1 at 0x4D0 for IRQ 0–7, ELCR2 at
 * 0x4D1 for IRQ 8–15): a set bit makes that 8259A input level-triggered. Linux sets the ACPI SCI's bit
 * ("ACPI: setting ELCR to 0200").
 */
export class EdgeLevelControl implements PortDevice {
  readonly name = 'ELCR (edge/level control)';
  readonly byteWide = true;

  constructor(private readonly pic: PicPair) {}

  private chip(offset: number) {
    return offset === 0 ? this.pic.master : this.pic.slave;
  }

  read(offset: number): number {
    return this.chip(offset).edgeLevelControl;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    this.chip(offset).setEdgeLevelControl(value & WRITABLE[offset]);
  }
}
