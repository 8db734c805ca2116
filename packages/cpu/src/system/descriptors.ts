/**
 * Descriptor-table access and the protected-mode segment register loads (SDM vol. 3A, 3.4–3.5 and
 * 5.5–5.8; the checks are those of the MOV/POP/LDS pseudocode in vol. 2).
 */
import { CS, GP, NP, SS, SS_VECTOR } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';

/**
 * Reads the descriptor of `selector` into c.dLo / c.dHi / c.dAddr. A selector beyond the table limit
 * (or an LDT selector without a usable LDT) raises `vector` with error code (selector & ~3) | ext.
 */
export function readDescriptor(c: Cpu, selector: number, vector: number, ext = 0): void {
  const index = selector & 0xfff8;
  let base: number;
  let limit: number;
  if (selector & 4) {
    if ((c.ldtSel & 0xfffc) === 0) throw new CpuFault(vector, (selector & 0xfffc) | ext);
    base = c.ldtBase;
    limit = c.ldtLimit;
  } else {
    base = c.gdtBase;
    limit = c.gdtLimit;
  }
  if (index + 7 > limit) throw new CpuFault(vector, (selector & 0xfffc) | ext);
  const addr = (base + index) | 0;
  c.dAddr = addr;
  c.dLo = c.sysRead32(addr);
  c.dHi = c.sysRead32((addr + 4) | 0);
}

export function descriptorBase(lo: number, hi: number): number {
  return ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
}

export function descriptorLimit(lo: number, hi: number): number {
  const raw = (lo & 0xffff) | (hi & 0xf0000);
  return hi & 0x800000 ? ((raw << 12) | 0xfff) >>> 0 : raw;
}

/** The SegmentState.access layout: descriptor bits 40–47 and 52–55. */
export function descriptorAttr(hi: number): number {
  return (hi >>> 8) & 0xf0ff;
}

/** Sets the accessed bit of the last read descriptor (code/data segments) if it is clear. */
export function setAccessed(c: Cpu): void {
  if (!(c.dHi & 0x100)) {
    c.dHi |= 0x100;
    c.sysWrite8((c.dAddr + 5) | 0, (c.dHi >>> 8) & 0xff);
  }
}

/**
 * Sets the accessed bit of the descriptor at linear `address` whose high word is `hi`, as every
 * segment-register load does (SDM vol. 3A 3.4.5.1). For loads that keep several descriptors in
 * hand (IRET, delivery with a stack switch), where `setAccessed` would see only the last one read.
 */
export function markAccessed(c: Cpu, address: number, hi: number): void {
  if (!(hi & 0x100)) c.sysWrite8((address + 5) | 0, ((hi >>> 8) | 1) & 0xff);
}

/** Loads the last read descriptor into a segment register's cache. */
export function loadFromDescriptor(c: Cpu, seg: number, selector: number): void {
  c.loadCache(
    seg,
    selector,
    descriptorBase(c.dLo, c.dHi),
    descriptorLimit(c.dLo, c.dHi),
    descriptorAttr(c.dHi),
  );
}

/** MOV/POP/LDS… into DS, ES, FS or GS in protected mode. */
export function loadDataSegment(c: Cpu, seg: number, selector: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) {
    c.setNullSegment(seg, selector);
    return;
  }
  readDescriptor(c, selector, GP);
  const hi = c.dHi;
  const err = selector & 0xfffc;
  if (!(hi & 0x1000)) throw new CpuFault(GP, err); // system descriptor
  const code = (hi & 0x800) !== 0;
  if (code && !(hi & 0x200)) throw new CpuFault(GP, err); // execute-only code
  const dpl = (hi >>> 13) & 3;
  const conforming = code && (hi & 0x400) !== 0;
  if (!conforming && ((selector & 3) > dpl || c.cpl > dpl)) throw new CpuFault(GP, err);
  if (!(hi & 0x8000)) throw new CpuFault(NP, err);
  setAccessed(c);
  loadFromDescriptor(c, seg, selector);
}

/** MOV/POP/LSS into SS in protected mode. */
export function loadStackSegment(c: Cpu, selector: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  readDescriptor(c, selector, GP);
  const hi = c.dHi;
  const err = selector & 0xfffc;
  if ((selector & 3) !== c.cpl) throw new CpuFault(GP, err);
  // Must be a writable data segment.
  if ((hi & 0x1a00) !== 0x1200) throw new CpuFault(GP, err);
  if (((hi >>> 13) & 3) !== c.cpl) throw new CpuFault(GP, err);
  if (!(hi & 0x8000)) throw new CpuFault(SS_VECTOR, err);
  setAccessed(c);
  loadFromDescriptor(c, SS, selector);
}

/** Loads any segment register but CS (which only far transfers load). */
export function loadSegment(c: Cpu, seg: number, selector: number): void {
  if (seg === SS) loadStackSegment(c, selector);
  else if (seg === CS) c.raiseUd();
  else loadDataSegment(c, seg, selector);
}

/**
 * After a return to an outer privilege level: DS, ES, FS, GS holding a data or non-conforming code
 * segment more privileged than the new CPL become null (SDM vol. 2, RET/IRET pseudocode).
 */
export function nullifyOuterSegments(c: Cpu): void {
  for (const seg of [0, 3, 4, 5]) {
    if (c.segValid[seg] === 0) continue;
    const attr = c.segAttr[seg];
    const dpl = (attr >>> 5) & 3;
    const conformingCode = (attr & 0x0c) === 0x0c;
    if (!conformingCode && dpl < c.cpl) c.setNullSegment(seg, 0);
  }
}

/** True when offset..offset+len-1 fits a stack segment described by (limit, attr). */
export function fitsStack(limit: number, attr: number, offset: number, len: number): boolean {
  const last = offset + len - 1;
  if (attr & 0x04) {
    const upper = attr & 0x4000 ? 0xffffffff : 0xffff;
    return offset > limit && last <= upper;
  }
  return last <= limit;
}

/**
 * The checks IRET and RETF make on the code segment they return to (SDM vol. 2, the IRET and RET
 * pseudocode): a non-null selector whose RPL is not more privileged than CPL, naming a present code
 * segment whose DPL equals RPL (conforming: DPL ≤ RPL). Leaves its descriptor in c.dLo / c.dHi.
 */
export function checkReturnCodeSegment(c: Cpu, selector: number): void {
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  readDescriptor(c, selector, GP);
  const hi = c.dHi;
  const err = selector & 0xfffc;
  const rpl = selector & 3;
  if (rpl < c.cpl) throw new CpuFault(GP, err);
  if ((hi & 0x1800) !== 0x1800) throw new CpuFault(GP, err);
  const dpl = (hi >>> 13) & 3;
  if (hi & 0x400) {
    if (dpl > rpl) throw new CpuFault(GP, err);
  } else if (dpl !== rpl) throw new CpuFault(GP, err);
  if (!(hi & 0x8000)) throw new CpuFault(NP, err);
}
