import type { PortDevice } from './port-bus.js';

const ALL_ONES = [0, 0xff, 0xffff, 0, 0xffffffff] as const;

/**
 * PCI configuration mechanism #1 (PCI Local Bus Specification 3.0, 3.2.2.3.2): a 32-bit
 * CONFIG_ADDRESS at 0xCF8 and CONFIG_DATA at 0xCFC–0xCFF, on a bus with no devices. Only a 32-bit
 * access to 0xCF8 latches the address (byte and word accesses pass to ISA, which is how Linux tells
 * mechanism #1 from #2); every configuration read returns all ones, the "no device" answer, so
 * operating systems find a PCI bus with nothing on it (Linux: "PCI: Sanity check failed", then no PCI).
 */
export class PciConfigPorts implements PortDevice {
  readonly name = 'PCI configuration mechanism #1';
  private address = 0;

  read(offset: number, size: 1 | 2 | 4): number {
    if (offset === 0 && size === 4) return this.address;
    return ALL_ONES[size];
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    // Reserved bits 1–0 read back as 0; bits 30–24 are reserved too.
    if (offset === 0 && size === 4) this.address = (value & 0x80fffffc) >>> 0;
    // Data writes go to a device that is not there.
  }

  saveState(): number {
    return this.address;
  }

  loadState(state: number): void {
    this.address = state;
  }
}
