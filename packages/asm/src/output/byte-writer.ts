/** A growable little-endian byte buffer for building ELF files. */
export class ByteWriter {
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }

  bytes(b: ArrayLike<number>): void {
    this.ensure(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }

  /** Pads with zeros to a multiple of `alignment`. */
  align(alignment: number): void {
    while (this.length % alignment !== 0) this.u8(0);
  }

  /** Overwrites a 32-bit field written earlier. */
  patch32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** An ELF string table under construction (offset 0 is the empty string). */
export class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly parts: number[] = [0];

  add(s: string): number {
    if (s === '') return 0;
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const offset = this.parts.length;
    for (const b of new TextEncoder().encode(s)) this.parts.push(b);
    this.parts.push(0);
    this.offsets.set(s, offset);
    return offset;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
