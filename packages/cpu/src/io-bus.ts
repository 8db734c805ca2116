/** The I/O port bus. Devices live in @vmi386/pc; the CPU only knows this interface. */
export interface IoBus {
  read(port: number, size: 1 | 2 | 4): number;
  write(port: number, size: 1 | 2 | 4, value: number): void;
}

/** A bus with nothing attached: reads float high, writes are dropped. */
export const EMPTY_IO_BUS: IoBus = {
  read: (_port, size) => (size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff),
  write: () => {},
};
