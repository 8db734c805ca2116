import type { PortDevice } from './port-bus.js';

/**
 * Port 0x80, the POST diagnostic port. Firmware writes progress codes there and Linux's `outb_p`
 * writes it as a short I/O delay; a PC has a latch (or nothing) behind it. The last code is kept for
 * debugging; reads return it, as on boards with a POST card.
 */
export class PostCodePort implements PortDevice {
  readonly name = 'POST code port';
  readonly byteWide = true;
  lastCode = 0;

  read(): number {
    return this.lastCode;
  }

  write(_offset: number, _size: 1 | 2 | 4, value: number): void {
    this.lastCode = value & 0xff;
  }
}
