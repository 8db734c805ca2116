/**
 * A segment or gate descriptor as a value (SDM vol. 3A, 3.4.5 segment descriptors, 5.8.3 call gates,
 * 6.11 IDT gates): its two raw dwords and the linear address it was read from, with the fields
 * decoded on demand. Read once, passed to whoever needs it, never left in CPU state for a later call
 * to pick up (as Bochs' `bx_descriptor_t` and v86's `SegmentDescriptor`).
 */
export class SegmentDescriptor {
  /** Bytes 0–3 and 4–7 of the descriptor, little-endian, unsigned. */
  readonly lo: number;
  readonly hi: number;
  /** The linear address of byte 0 (where the accessed and busy bits are written back). */
  readonly address: number;

  constructor(lo: number, hi: number, address: number) {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    this.address = address | 0;
  }

  /** The 4-bit type field (bits 40–43). */
  get type(): number {
    return (this.hi >>> 8) & 0xf;
  }

  /** The 5-bit S:type field (bits 40–44): 0x02 LDT, 0x09 available TSS, 0x0c call gate, … */
  get systemType(): number {
    return (this.hi >>> 8) & 0x1f;
  }

  /** S = 1: a code or data segment; S = 0: a system descriptor (TSS, LDT, gate). */
  get isSegment(): boolean {
    return (this.hi & 0x1000) !== 0;
  }

  get dpl(): number {
    return (this.hi >>> 13) & 3;
  }

  get present(): boolean {
    return (this.hi & 0x8000) !== 0;
  }

  get isCode(): boolean {
    return (this.hi & 0x1800) === 0x1800;
  }

  /** A code segment with the C bit. */
  get conforming(): boolean {
    return (this.hi & 0x1c00) === 0x1c00;
  }

  /** Code: R; data: always readable. Meaningful for segments (S = 1) only. */
  get readable(): boolean {
    return !(this.hi & 0x800) || (this.hi & 0x200) !== 0;
  }

  /** A writable data segment (not code, W set), the only kind SS may hold. */
  get writableData(): boolean {
    return (this.hi & 0x1a00) === 0x1200;
  }

  get accessed(): boolean {
    return (this.hi & 0x100) !== 0;
  }

  /** G: the 20-bit limit counts 4 KiB pages. */
  get granular(): boolean {
    return (this.hi & 0x800000) !== 0;
  }

  /** D/B: 32-bit default operand size (code) or stack pointer (stack segment). */
  get big(): boolean {
    return (this.hi & 0x400000) !== 0;
  }

  get base(): number {
    const lo = this.lo;
    const hi = this.hi;
    return ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
  }

  /** The byte-granular limit (G scales a page-granular one). */
  get limit(): number {
    const raw = (this.lo & 0xffff) | (this.hi & 0xf0000);
    return this.granular ? ((raw << 12) | 0xfff) >>> 0 : raw;
  }

  /** The segment-cache access word `Cpu.loadCache` takes: descriptor bits 40–47 and 52–55. */
  get attr(): number {
    return (this.hi >>> 8) & 0xf0ff;
  }

  /** Gates: the target code segment selector. */
  get gateSelector(): number {
    return this.lo >>> 16;
  }

  /** Gates: the 32-bit gate's offset, or the low word for a 16-bit gate. */
  get gateOffset(): number {
    return this.hi & 0x800 ? ((this.lo & 0xffff) | (this.hi & 0xffff0000)) >>> 0 : this.lo & 0xffff;
  }

  /** Call gates: the number of stack parameters to copy. */
  get gateParams(): number {
    return this.hi & 0x1f;
  }
}
