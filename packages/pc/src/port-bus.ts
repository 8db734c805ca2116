/** A device on the ISA port bus. `offset` is relative to the first port of the range it claimed. */
export interface PortDevice {
  readonly name: string;
  /**
   * True for 8-bit devices (PIC, PIT, UART): a 16- or 32-bit access is split into byte accesses to
   * consecutive ports, as the ISA bus does, so `outw` to 0x20 writes 0x20 then 0x21.
   */
  readonly byteWide?: boolean;
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

/** Thrown by `PortBus.register` when two devices would claim the same port (a wiring bug, not a guest error). */
export class PortConflictError extends Error {
  constructor(
    readonly port: number,
    readonly existing: string,
    readonly incoming: string,
  ) {
    super(`port 0x${port.toString(16)} is already claimed by ${existing}; cannot give it to ${incoming}`);
    this.name = 'PortConflictError';
  }
}

const PORT_COUNT = 0x10000;
const ALL_ONES = [0, 0xff, 0xffff, 0, 0xffffffff] as const;

/**
 * The 64 KiB x86 I/O space. Each port maps to at most one device. A wide access to a byte-wide device
 * is split into byte accesses (each routed on its own); any other access goes to the device owning
 * its first port. Unclaimed ports float high: reads return all ones, writes vanish, as on an ISA bus
 * with nothing driving the data lines.
 *
 * It has the shape of the CPU's `IoBus`, so it plugs straight into `new Cpu({ io })`.
 */
export class PortBus {
  private readonly owner = new Uint16Array(PORT_COUNT); // index into `devices`, 0 = nobody
  private readonly base = new Uint16Array(PORT_COUNT);
  private readonly devices: PortDevice[] = [undefined as unknown as PortDevice];

  /** Claims ports `first`…`first + count - 1` for `device`. */
  register(device: PortDevice, first: number, count: number): void {
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(count) ||
      count < 1 ||
      first < 0 ||
      first + count > PORT_COUNT
    ) {
      throw new RangeError(`bad port range 0x${first.toString(16)}+${count} for ${device.name}`);
    }
    for (let port = first; port < first + count; port++) {
      const existing = this.owner[port];
      if (existing !== 0) throw new PortConflictError(port, this.devices[existing].name, device.name);
    }
    this.devices.push(device);
    const index = this.devices.length - 1;
    for (let port = first; port < first + count; port++) {
      this.owner[port] = index;
      this.base[port] = first;
    }
  }

  /** The device answering at `port`, if any. */
  deviceAt(port: number): PortDevice | undefined {
    const index = this.owner[port & 0xffff];
    return index === 0 ? undefined : this.devices[index];
  }

  read(port: number, size: 1 | 2 | 4): number {
    port &= 0xffff;
    const index = this.owner[port];
    if (index === 0) return ALL_ONES[size];
    const device = this.devices[index];
    if (size === 1 || !device.byteWide) return device.read(port - this.base[port], size) >>> 0;
    let value = 0;
    for (let i = 0; i < size; i++) value |= this.read((port + i) & 0xffff, 1) << (8 * i);
    return value >>> 0;
  }

  write(port: number, size: 1 | 2 | 4, value: number): void {
    port &= 0xffff;
    const index = this.owner[port];
    if (index === 0) return;
    const device = this.devices[index];
    if (size === 1 || !device.byteWide) {
      device.write(port - this.base[port], size, value >>> 0);
      return;
    }
    for (let i = 0; i < size; i++) this.write((port + i) & 0xffff, 1, (value >>> (8 * i)) & 0xff);
  }
}
