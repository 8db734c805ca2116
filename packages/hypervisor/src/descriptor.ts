/**
 * Segment and gate descriptors as values (SDM vol. 3A, 3.4.5 and 6.11): read once from eight bytes,
 * never left in hidden state for a later call to pick up.
 */

export interface Descriptor {
  /** Bytes 0–3 and 4–7, little-endian. */
  readonly lo: number;
  readonly hi: number;
}

export const descriptorOf = (lo: number, hi: number): Descriptor => ({ lo: lo >>> 0, hi: hi >>> 0 });

export const isPresent = (d: Descriptor): boolean => (d.hi & 0x8000) !== 0;
export const dplOf = (d: Descriptor): number => (d.hi >>> 13) & 3;
/** S = 1: a code or data segment; S = 0: a system descriptor (TSS, LDT, gate). */
export const isCodeOrData = (d: Descriptor): boolean => (d.hi & 0x1000) !== 0;
export const isCode = (d: Descriptor): boolean => (d.hi & 0x1800) === 0x1800;
/** The 4-bit type field. */
export const typeOf = (d: Descriptor): number => (d.hi >>> 8) & 0xf;
export const isExpandDown = (d: Descriptor): boolean => (d.hi & 0x1c00) === 0x1400;

export function baseOf(d: Descriptor): number {
  return ((d.lo >>> 16) | ((d.hi & 0xff) << 16) | (d.hi & 0xff000000)) >>> 0;
}

/** The byte-granular limit (G scales a page-granular one). */
export function limitOf(d: Descriptor): number {
  const raw = (d.lo & 0xffff) | (d.hi & 0xf0000);
  return d.hi & 0x800000 ? ((raw << 12) | 0xfff) >>> 0 : raw;
}

/** The descriptor-cache access word `Cpu.loadCache` takes: bits 40–47 and 52–55 of the descriptor. */
export const accessOf = (d: Descriptor): number => (d.hi >>> 8) & 0xf0ff;

export function withDpl(d: Descriptor, dpl: number): Descriptor {
  return descriptorOf(d.lo, (d.hi & ~0x6000) | (dpl << 13));
}

export function withBase(d: Descriptor, base: number): Descriptor {
  return descriptorOf(
    (d.lo & 0xffff) | ((base & 0xffff) << 16),
    (d.hi & 0x00ffff00) | ((base >>> 16) & 0xff) | (base & 0xff000000),
  );
}

/** Sets a byte-granular limit, choosing G as the hardware needs (page granular above 1 MiB). */
export function withLimit(d: Descriptor, limit: number): Descriptor {
  let raw = limit >>> 0;
  let g = 0;
  if (raw > 0xfffff) {
    raw = Math.floor((raw + 1) / 0x1000) - 1; // rounds down: never grants more than asked
    g = 0x800000;
  }
  return descriptorOf((d.lo & 0xffff0000) | (raw & 0xffff), (d.hi & ~0x8f0000) | (raw & 0xf0000) | g);
}

/** A descriptor with P = 0: loading it raises #NP (or #SS, #TS) as on hardware. */
export const notPresent = (d: Descriptor): Descriptor => descriptorOf(d.lo, d.hi & ~0x8000);

/** A present, accessed, flat 4 GiB 32-bit segment of `type` (0xB code, 0x3 data) at `dpl`. */
export function flatSegment(type: number, dpl: number): Descriptor {
  return descriptorOf(0x0000ffff, 0x00cf9000 | (dpl << 13) | (type << 8));
}

/** A 32-bit available TSS descriptor (type 9). */
export function tssDescriptor(base: number, limit: number, busy = false): Descriptor {
  return withBase(withLimit(descriptorOf(0, 0x8000 | ((busy ? 0xb : 0x9) << 8)), limit), base);
}

/** An LDT descriptor (type 2). */
export function ldtDescriptor(base: number, limit: number): Descriptor {
  return withBase(withLimit(descriptorOf(0, 0x8200), limit), base);
}

/** An interrupt (type 0xE) or trap (0xF) gate. */
export interface Gate {
  readonly selector: number;
  readonly offset: number;
  readonly type: number;
  readonly dpl: number;
  readonly present: boolean;
}

export function gateOf(d: Descriptor): Gate {
  return {
    selector: d.lo >>> 16,
    offset: ((d.lo & 0xffff) | (d.hi & 0xffff0000)) >>> 0,
    type: typeOf(d) | ((d.hi >>> 8) & 0x10),
    dpl: dplOf(d),
    present: isPresent(d),
  };
}

export function gateDescriptor(gate: Gate): Descriptor {
  return descriptorOf(
    (gate.selector << 16) | (gate.offset & 0xffff),
    (gate.offset & 0xffff0000) | (gate.present ? 0x8000 : 0) | (gate.dpl << 13) | (gate.type << 8),
  );
}

/** A 16- or 32-bit interrupt or trap gate (types 6, 7, 0xE, 0xF with S = 0): what an IDT entry must be. */
export const isInterruptOrTrapGate = (g: Gate): boolean => [0x6, 0x7, 0xe, 0xf].includes(g.type);
