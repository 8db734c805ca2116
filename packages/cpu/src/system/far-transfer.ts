/**
 * Far JMP, CALL and RET in protected mode (SDM vol. 2, JMP/CALL/RET pseudocode; vol. 3A 5.8).
 * Call gates are implemented (including the stack switch and parameter copy of a call to a more
 * privileged level); task gates and TSS descriptors as targets raise #GP(selector) because task
 * switching is not implemented.
 */
import { CS, ESP, GP, NP, SS, SS_VECTOR, TS_VECTOR } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';
import {
  checkReturnCodeSegment,
  descriptorAttr,
  descriptorBase,
  descriptorLimit,
  fitsStack,
  loadFromDescriptor,
  markAccessed,
  nullifyOuterSegments,
  readDescriptor,
  setAccessed,
} from './descriptors.js';

/** Checks the code segment in c.dLo/dHi as a direct far JMP/CALL target. */
function checkDirectCode(c: Cpu, selector: number): void {
  const hi = c.dHi;
  const err = selector & 0xfffc;
  const dpl = (hi >>> 13) & 3;
  if (hi & 0x400) {
    if (dpl > c.cpl) throw new CpuFault(GP, err);
  } else if ((selector & 3) > c.cpl || dpl !== c.cpl) throw new CpuFault(GP, err);
  if (!(hi & 0x8000)) throw new CpuFault(NP, err);
}

function enterCode(c: Cpu, selector: number, offset: number, rplAndCpl: number, cause: string): void {
  const limit = descriptorLimit(c.dLo, c.dHi);
  if (offset >>> 0 > limit) throw new CpuFault(GP, 0);
  setAccessed(c);
  c.loadCache(
    CS,
    (selector & 0xfffc) | rplAndCpl,
    descriptorBase(c.dLo, c.dHi),
    limit,
    descriptorAttr(c.dHi),
  );
  c.setCpl(rplAndCpl, cause);
  c.ip = offset | 0;
}

interface GateTarget {
  selector: number;
  offset: number;
  params: number;
  gate32: boolean;
}

/** Validates a call gate (in c.dLo/dHi) and reads its target code descriptor into c.dLo/dHi. */
function throughCallGate(c: Cpu, gateSelector: number): GateTarget {
  const lo = c.dLo;
  const hi = c.dHi;
  const err = gateSelector & 0xfffc;
  const dpl = (hi >>> 13) & 3;
  if (dpl < c.cpl || dpl < (gateSelector & 3)) throw new CpuFault(GP, err);
  if (!(hi & 0x8000)) throw new CpuFault(NP, err);
  const gate32 = (hi & 0x800) !== 0;
  const selector = lo >>> 16;
  const offset = gate32 ? ((lo & 0xffff) | (hi & 0xffff0000)) >>> 0 : lo & 0xffff;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  readDescriptor(c, selector, GP);
  if ((c.dHi & 0x1800) !== 0x1800) throw new CpuFault(GP, selector & 0xfffc);
  return { selector, offset, params: hi & 0x1f, gate32 };
}

export function jmpFar(c: Cpu, selector: number, offset: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  readDescriptor(c, selector, GP);
  const hi = c.dHi;
  if ((hi & 0x1800) === 0x1800) {
    checkDirectCode(c, selector);
    enterCode(c, selector, offset, c.cpl, 'jmp far');
    return;
  }
  const type = (hi >>> 8) & 0x1f;
  if (type === 0x04 || type === 0x0c) {
    const t = throughCallGate(c, selector);
    const dpl = (c.dHi >>> 13) & 3;
    const err = t.selector & 0xfffc;
    if (c.dHi & 0x400 ? dpl > c.cpl : dpl !== c.cpl) throw new CpuFault(GP, err);
    if (!(c.dHi & 0x8000)) throw new CpuFault(NP, err);
    enterCode(c, t.selector, t.offset, c.cpl, 'jmp far');
    return;
  }
  throw new CpuFault(GP, selector & 0xfffc); // task gate, TSS, or not a code segment
}

/** Pushes seg:off for a far CALL at the current privilege after checking the space. */
function pushReturn(c: Cpu, size: number): void {
  const big = c.ssBig;
  const top = big ? c.r32[ESP] >>> 0 : c.r16[ESP << 1];
  const sp = big ? (top - 2 * size) >>> 0 : (top - 2 * size) & 0xffff;
  if (!fitsStack(c.segLimit[SS], c.segAttr[SS], sp, 2 * size)) throw new CpuFault(SS_VECTOR, 0);
}

export function callFar(c: Cpu, selector: number, offset: number, op32: boolean): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  readDescriptor(c, selector, GP);
  const hi = c.dHi;
  const size = op32 ? 4 : 2;
  const retCs = c.segSel[CS];
  const retEip = c.ip >>> 0;
  if ((hi & 0x1800) === 0x1800) {
    checkDirectCode(c, selector);
    pushReturn(c, size);
    if (offset >>> 0 > descriptorLimit(c.dLo, c.dHi)) throw new CpuFault(GP, 0);
    const lo = c.dLo;
    const dhi = c.dHi;
    const addr = c.dAddr;
    if (op32) {
      c.push32(retCs);
      c.push32(retEip);
    } else {
      c.push16(retCs);
      c.push16(retEip);
    }
    c.dLo = lo;
    c.dHi = dhi;
    c.dAddr = addr;
    enterCode(c, selector, offset, c.cpl, 'call far');
    return;
  }
  const type = (hi >>> 8) & 0x1f;
  if (type !== 0x04 && type !== 0x0c) throw new CpuFault(GP, selector & 0xfffc);
  const t = throughCallGate(c, selector);
  const cHi = c.dHi;
  const cLo = c.dLo;
  const codeAddr = c.dAddr;
  const dpl = (cHi >>> 13) & 3;
  const err = t.selector & 0xfffc;
  if (dpl > c.cpl) throw new CpuFault(GP, err);
  if (!(cHi & 0x8000)) throw new CpuFault(NP, err);
  const gsize = t.gate32 ? 4 : 2;
  const limit = descriptorLimit(cLo, cHi);
  if (t.offset > limit) throw new CpuFault(GP, 0);
  if (!(cHi & 0x400) && dpl < c.cpl) {
    // More privileged: new stack from the TSS, copy `params` parameters, push old SS:ESP and CS:EIP.
    const is32 = (c.trType & 8) !== 0;
    const toff = is32 ? 4 + 8 * dpl : 2 + 4 * dpl;
    if (toff + (is32 ? 7 : 3) > c.trLimit) throw new CpuFault(TS_VECTOR, c.trSel & 0xfffc);
    const newSs = c.sysRead16((c.trBase + toff + (is32 ? 4 : 2)) | 0);
    const newEsp = is32 ? c.sysRead32((c.trBase + toff) | 0) : c.sysRead16((c.trBase + toff) | 0);
    const ssErr = newSs & 0xfffc;
    if (ssErr === 0) throw new CpuFault(TS_VECTOR, 0);
    readDescriptor(c, newSs, TS_VECTOR);
    const sLo = c.dLo;
    const sHi = c.dHi;
    const ssAddr = c.dAddr;
    if ((newSs & 3) !== dpl || ((sHi >>> 13) & 3) !== dpl || (sHi & 0x1a00) !== 0x1200) {
      throw new CpuFault(TS_VECTOR, ssErr);
    }
    if (!(sHi & 0x8000)) throw new CpuFault(SS_VECTOR, ssErr);
    const ssBase = descriptorBase(sLo, sHi);
    const ssLimit = descriptorLimit(sLo, sHi);
    const ssAttr = descriptorAttr(sHi);
    const big = (ssAttr & 0x4000) !== 0;
    const frame = (4 + t.params) * gsize;
    const top = big ? newEsp >>> 0 : newEsp & 0xffff;
    const sp = big ? (top - frame) >>> 0 : (top - frame) & 0xffff;
    if (!fitsStack(ssLimit, ssAttr, sp, frame)) throw new CpuFault(SS_VECTOR, ssErr);
    const params: number[] = [];
    for (let k = 0; k < t.params; k++) {
      const off = c.stackOffset(k * gsize);
      params.push(gsize === 4 ? c.read32(SS, off) : c.read16(SS, off));
    }
    const oldSs = c.segSel[SS];
    const oldEsp = c.r32[ESP];
    const w = (k: number, v: number) => {
      const lin = (ssBase + (big ? (sp + k * gsize) >>> 0 : (sp + k * gsize) & 0xffff)) | 0;
      if (gsize === 4) c.sysWrite32(lin, v);
      else c.sysWrite16(lin, v);
    };
    let k = 0;
    w(k++, retEip);
    w(k++, retCs);
    for (let p = 0; p < t.params; p++) w(k++, params[p]);
    w(k++, oldEsp);
    w(k++, oldSs);
    markAccessed(c, ssAddr, sHi);
    c.dLo = sLo;
    c.dHi = sHi | 0x100;
    loadFromDescriptor(c, SS, newSs);
    c.r32[ESP] = big ? sp : (newEsp & 0xffff0000) | sp;
    c.dLo = cLo;
    c.dHi = cHi;
    c.dAddr = codeAddr;
    enterCode(c, t.selector, t.offset, dpl, 'call gate');
    c.addCycles(c.costModel.events.deliverPrivilegeChange);
    return;
  }
  pushReturn(c, gsize);
  if (gsize === 4) {
    c.push32(retCs);
    c.push32(retEip);
  } else {
    c.push16(retCs);
    c.push16(retEip);
  }
  c.dLo = cLo;
  c.dHi = cHi;
  c.dAddr = codeAddr;
  enterCode(c, t.selector, t.offset, c.cpl, 'call gate');
}

/** RETF [imm16] in protected mode. */
export function retFar(c: Cpu, op32: boolean, popBytes: number): void {
  const size = op32 ? 4 : 2;
  const rd = (byteOff: number) => {
    const off = c.stackOffset(byteOff);
    return size === 4 ? c.read32(SS, off) >>> 0 : c.read16(SS, off);
  };
  const newEip = rd(0);
  const newCs = rd(size) & 0xffff;
  checkReturnCodeSegment(c, newCs);
  const hi = c.dHi;
  const rpl = newCs & 3;
  const limit = descriptorLimit(c.dLo, hi);
  if (rpl === c.cpl) {
    if (newEip > limit) throw new CpuFault(GP, 0);
    c.adjustSp(2 * size + popBytes);
    enterCode(c, newCs, newEip, rpl, 'retf');
    return;
  }
  const cLo = c.dLo;
  const cHi = c.dHi;
  const codeAddr = c.dAddr;
  const newEsp = rd(2 * size + popBytes);
  const newSs = rd(3 * size + popBytes) & 0xffff;
  const ssErr = newSs & 0xfffc;
  if (ssErr === 0) throw new CpuFault(GP, 0);
  readDescriptor(c, newSs, GP);
  const sHi = c.dHi;
  if ((newSs & 3) !== rpl || ((sHi >>> 13) & 3) !== rpl || (sHi & 0x1a00) !== 0x1200) {
    throw new CpuFault(GP, ssErr);
  }
  if (!(sHi & 0x8000)) throw new CpuFault(SS_VECTOR, ssErr);
  if (newEip > limit) throw new CpuFault(GP, 0);
  setAccessed(c);
  loadFromDescriptor(c, SS, newSs);
  if (descriptorAttr(sHi) & 0x4000) c.r32[ESP] = (newEsp + popBytes) | 0;
  else c.r16[ESP << 1] = newEsp + popBytes;
  c.dLo = cLo;
  c.dHi = cHi;
  c.dAddr = codeAddr;
  enterCode(c, newCs, newEip, rpl, 'retf');
  nullifyOuterSegments(c);
  c.addCycles(c.costModel.events.iretOuter);
}
