/**
 * Decoded instructions, stored column-wise in typed arrays (no object per instruction).
 * Slots 0..CACHE_SLOTS-1 form a direct-mapped cache indexed by physical address; slot SCRATCH holds
 * an instruction that must not be cached (it crosses a page, or lies outside RAM).
 */
import type { CodeWriteListener } from '../memory/physical-memory.js';

export const CACHE_BITS = 16;
export const CACHE_SLOTS = 1 << CACHE_BITS;
export const CACHE_MASK = CACHE_SLOTS - 1;
export const SCRATCH = CACHE_SLOTS;

// Prefix bits (`pfx`).
export const P_REPZ = 1; // F3
export const P_REPNZ = 2; // F2
export const P_LOCK = 4;
export const P_ADDR32 = 8;
export const P_OP32 = 16;
export const P_SEGOVR = 32;

// Effective-address forms (`eaForm`).
export const EA_NONE = 0;
/** 32-bit: disp + base + (index << scale); base/index 8 = absent. */
export const EA_32 = 1;
/** 16-bit: disp + base + index (BX/BP/SI/DI combinations), wrapped to 16 bits. */
export const EA_16 = 2;

/**
 * The tag bit for 32-bit code (CS.D = 1). Physical RAM ends below 2 GiB, so bit 31 of a RAM address is
 * free; instructions outside RAM are never cached.
 */
export const CODE32_TAG = -0x80000000;

export class DecodedInstructions implements CodeWriteListener {
  /**
   * Per slot, side by side so the step loop's two loads share a cache line: [2 * slot] is the tag
   * (physical address | CODE32_TAG for 32-bit code; -1 when empty), [2 * slot + 1] the packed word
   * (handler id bits 0–13, length 14–17, hot-dispatch code 18–22, modelled cycles 23–29).
   */
  readonly tagWord: Int32Array;
  readonly handler: Uint16Array;
  /** For a watched slot (handler WATCHED_HANDLER_ID, decoder/instruction-watch.ts): its own handler. */
  readonly watchedHandler: Uint16Array;
  /** For a watched slot: which of the CPU's instruction watches selected it, one bit each. */
  readonly watchedBy: Uint16Array;
  readonly length: Uint8Array;
  /** map * 256 + opcode byte. */
  readonly opcode: Uint16Array;
  readonly modrm: Uint8Array;
  readonly pfx: Uint8Array;
  readonly eaForm: Uint8Array;
  readonly base: Uint8Array;
  readonly index: Uint8Array;
  readonly scale: Uint8Array;
  readonly seg: Uint8Array;
  readonly disp: Int32Array;
  readonly imm: Int32Array;
  readonly imm2: Int32Array;

  constructor(slots = CACHE_SLOTS + 1) {
    this.tagWord = new Int32Array(2 * slots);
    for (let k = 0; k < slots; k++) this.tagWord[2 * k] = -1;
    this.handler = new Uint16Array(slots);
    this.watchedHandler = new Uint16Array(slots);
    this.watchedBy = new Uint16Array(slots);
    this.length = new Uint8Array(slots);
    this.opcode = new Uint16Array(slots);
    this.modrm = new Uint8Array(slots);
    this.pfx = new Uint8Array(slots);
    this.eaForm = new Uint8Array(slots);
    this.base = new Uint8Array(slots);
    this.index = new Uint8Array(slots);
    this.scale = new Uint8Array(slots);
    this.seg = new Uint8Array(slots);
    this.disp = new Int32Array(slots);
    this.imm = new Int32Array(slots);
    this.imm2 = new Int32Array(slots);
  }

  /** Copies the decoded instruction in slot `fromSlot` of `from` into slot `toSlot` of this store. */
  copySlot(from: DecodedInstructions, fromSlot: number, toSlot: number): void {
    this.tagWord[2 * toSlot] = from.tagWord[2 * fromSlot];
    this.tagWord[2 * toSlot + 1] = from.tagWord[2 * fromSlot + 1];
    this.handler[toSlot] = from.handler[fromSlot];
    this.watchedHandler[toSlot] = from.watchedHandler[fromSlot];
    this.watchedBy[toSlot] = from.watchedBy[fromSlot];
    this.length[toSlot] = from.length[fromSlot];
    this.opcode[toSlot] = from.opcode[fromSlot];
    this.modrm[toSlot] = from.modrm[fromSlot];
    this.pfx[toSlot] = from.pfx[fromSlot];
    this.eaForm[toSlot] = from.eaForm[fromSlot];
    this.base[toSlot] = from.base[fromSlot];
    this.index[toSlot] = from.index[fromSlot];
    this.scale[toSlot] = from.scale[fromSlot];
    this.seg[toSlot] = from.seg[fromSlot];
    this.disp[toSlot] = from.disp[fromSlot];
    this.imm[toSlot] = from.imm[fromSlot];
    this.imm2[toSlot] = from.imm2[fromSlot];
  }

  /** Forgets every instruction that starts in the 256-byte block or up to 15 bytes before it. */
  invalidateBlock(blockIndex: number): void {
    const first = Math.max(0, blockIndex * 256 - 15);
    const last = blockIndex * 256 + 255;
    const tw = this.tagWord;
    for (let pa = first; pa <= last; pa++) {
      const slot = pa & CACHE_MASK;
      const t = tw[slot << 1];
      if ((t & 0x7fffffff) === pa) tw[slot << 1] = -1;
    }
  }

  invalidateAll(): void {
    for (let k = 0; k < this.tagWord.length; k += 2) this.tagWord[k] = -1;
  }
}
