import type { PortDevice } from './port-bus.js';

/**
 * QEMU's `isa-debug-exit` device (hw/misc/debugexit.c): a write of any size of value v to any of its
 * ports ends the run with exit code `(v << 1) | 1` (QEMU's process status is that value modulo 256);
 * reads return 0. QEMU's default range is iobase 0x501, iosize 2; vmi386 uses the common
 * `-device isa-debug-exit,iobase=0xf4,iosize=4`.
 */
export class DebugExitPort implements PortDevice {
  readonly name = 'isa-debug-exit';

  constructor(private readonly onExit: (exitCode: number) => void) {}

  read(): number {
    return 0;
  }

  write(_offset: number, _size: 1 | 2 | 4, value: number): void {
    // QEMU computes this in 64 bits; an exit code is reported in 32 (a 32-bit write of v ≥ 2^31 wraps).
    this.onExit(((value << 1) | 1) >>> 0);
  }
}
