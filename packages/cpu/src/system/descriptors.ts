/**
 * Descriptor-table access and the protected-mode segment register loads (SDM vol. 3A, 3.4–3.5 and
 * 5.5–5.8; the checks are those of the MOV/POP/LDS pseudocode in vol. 2).
 */
import { CS, GP, NP, SS, SS_VECTOR } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';
import { SegmentDescriptor } from './segment-descriptor.js';

/** Reads the eight bytes at linear `address` (a GDT, LDT or IDT entry) as a descriptor value. */
export function readDescriptorAt(c: Cpu, address: number): SegmentDescriptor {
  return new SegmentDescriptor(c.sysRead32(address), c.sysRead32((address + 4) | 0), address);
}

/**
 * Reads the descriptor of `selector`. A selector beyond the table limit (or an LDT selector without
 * a usable LDT) raises `vector` with error code (selector & ~3) | ext.
 */
export function readDescriptor(c: Cpu, selector: number, vector: number, ext = 0): SegmentDescriptor {
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
  return readDescriptorAt(c, (base + index) | 0);
}

/**
 * Sets the accessed bit of a code or data descriptor in its table if it is clear, as every
 * segment-register load does (SDM vol. 3A 3.4.5.1).
 */
export function setAccessed(c: Cpu, d: SegmentDescriptor): void {
  if (!d.accessed) c.sysWrite8((d.address + 5) | 0, ((d.hi >>> 8) | 1) & 0xff);
}

/** Loads a segment register's cache from a descriptor whose accessed bit has been set. */
export function loadFromDescriptor(c: Cpu, seg: number, selector: number, d: SegmentDescriptor): void {
  c.loadCache(seg, selector, d.base, d.limit, d.attr | 0x1);
}

/** MOV/POP/LDS… into DS, ES, FS or GS in protected mode. */
export function loadDataSegment(c: Cpu, seg: number, selector: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) {
    c.setNullSegment(seg, selector);
    return;
  }
  const d = readDescriptor(c, selector, GP);
  const err = selector & 0xfffc;
  if (!d.isSegment) throw new CpuFault(GP, err); // system descriptor
  if (!d.readable) throw new CpuFault(GP, err); // execute-only code
  const dpl = d.dpl;
  if (!d.conforming && ((selector & 3) > dpl || c.cpl > dpl)) throw new CpuFault(GP, err);
  if (!d.present) throw new CpuFault(NP, err);
  setAccessed(c, d);
  loadFromDescriptor(c, seg, selector, d);
}

/** MOV/POP/LSS into SS in protected mode. */
export function loadStackSegment(c: Cpu, selector: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  const d = readDescriptor(c, selector, GP);
  const err = selector & 0xfffc;
  if ((selector & 3) !== c.cpl) throw new CpuFault(GP, err);
  if (!d.writableData) throw new CpuFault(GP, err);
  if (d.dpl !== c.cpl) throw new CpuFault(GP, err);
  if (!d.present) throw new CpuFault(SS_VECTOR, err);
  setAccessed(c, d);
  loadFromDescriptor(c, SS, selector, d);
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
 * segment whose DPL equals RPL (conforming: DPL ≤ RPL). Returns that descriptor.
 */
export function checkReturnCodeSegment(c: Cpu, selector: number): SegmentDescriptor {
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  const d = readDescriptor(c, selector, GP);
  const err = selector & 0xfffc;
  const rpl = selector & 3;
  if (rpl < c.cpl) throw new CpuFault(GP, err);
  if (!d.isCode) throw new CpuFault(GP, err);
  if (d.conforming) {
    if (d.dpl > rpl) throw new CpuFault(GP, err);
  } else if (d.dpl !== rpl) throw new CpuFault(GP, err);
  if (!d.present) throw new CpuFault(NP, err);
  return d;
}
