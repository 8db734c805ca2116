/**
 * Far JMP, CALL and RET in protected mode (SDM vol. 2, JMP/CALL/RET pseudocode; vol. 3A 5.8).
 * Call gates are implemented (including the stack switch and parameter copy of a call to a more
 * privileged level); task gates and TSS descriptors as targets raise #GP(selector) because task
 * switching is not implemented.
 */

import { CS, ESP, GP, NP, SS, SS_VECTOR, TS_VECTOR } from '../constants.js';
import type { CplChangeCause } from '../cpl-change.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';
import {
  checkReturnCodeSegment,
  fitsStack,
  loadFromDescriptor,
  nullifyOuterSegments,
  readDescriptor,
  setAccessed,
} from './descriptors.js';
import type { SegmentDescriptor } from './segment-descriptor.js';

/** Checks a code segment descriptor as a direct far JMP/CALL target. */
function checkDirectCode(c: Cpu, selector: number, d: SegmentDescriptor): void {
  const err = selector & 0xfffc;
  const dpl = d.dpl;
  if (d.conforming) {
    if (dpl > c.cpl) throw new CpuFault(GP, err);
  } else if ((selector & 3) > c.cpl || dpl !== c.cpl) throw new CpuFault(GP, err);
  if (!d.present) throw new CpuFault(NP, err);
}

function enterCode(
  c: Cpu,
  selector: number,
  code: SegmentDescriptor,
  offset: number,
  rplAndCpl: number,
  cause: Extract<CplChangeCause, 'call gate' | 'call far' | 'jmp far' | 'retf'>,
): void {
  const limit = code.limit;
  if (offset >>> 0 > limit) throw new CpuFault(GP, 0);
  setAccessed(c, code);
  c.loadCache(CS, (selector & 0xfffc) | rplAndCpl, code.base, limit, code.attr | 0x1);
  c.setCpl(rplAndCpl, cause);
  c.ip = offset | 0;
}

interface GateTarget {
  selector: number;
  offset: number;
  params: number;
  gate32: boolean;
  /** The target's code segment descriptor. */
  code: SegmentDescriptor;
}

/** Validates a call gate and reads its target code segment descriptor. */
function throughCallGate(c: Cpu, gateSelector: number, gate: SegmentDescriptor): GateTarget {
  const err = gateSelector & 0xfffc;
  const dpl = gate.dpl;
  if (dpl < c.cpl || dpl < (gateSelector & 3)) throw new CpuFault(GP, err);
  if (!gate.present) throw new CpuFault(NP, err);
  const selector = gate.gateSelector;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  const code = readDescriptor(c, selector, GP);
  if (!code.isCode) throw new CpuFault(GP, selector & 0xfffc);
  return {
    selector,
    offset: gate.gateOffset,
    params: gate.gateParams,
    gate32: (gate.hi & 0x800) !== 0,
    code,
  };
}

/** Far JMP and CALL accept a call gate, 16- or 32-bit (S:type 0x04, 0x0c). */
const isCallGate = (d: SegmentDescriptor): boolean => d.systemType === 0x04 || d.systemType === 0x0c;

export function jmpFar(c: Cpu, selector: number, offset: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, 0);
  const d = readDescriptor(c, selector, GP);
  if (d.isCode) {
    checkDirectCode(c, selector, d);
    enterCode(c, selector, d, offset, c.cpl, 'jmp far');
    return;
  }
  if (isCallGate(d)) {
    const t = throughCallGate(c, selector, d);
    const dpl = t.code.dpl;
    const err = t.selector & 0xfffc;
    if (t.code.conforming ? dpl > c.cpl : dpl !== c.cpl) throw new CpuFault(GP, err);
    if (!t.code.present) throw new CpuFault(NP, err);
    enterCode(c, t.selector, t.code, t.offset, c.cpl, 'jmp far');
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
  const d = readDescriptor(c, selector, GP);
  const size = op32 ? 4 : 2;
  const retCs = c.segSel[CS];
  const retEip = c.ip >>> 0;
  if (d.isCode) {
    checkDirectCode(c, selector, d);
    pushReturn(c, size);
    if (offset >>> 0 > d.limit) throw new CpuFault(GP, 0);
    if (op32) {
      c.push32(retCs);
      c.push32(retEip);
    } else {
      c.push16(retCs);
      c.push16(retEip);
    }
    enterCode(c, selector, d, offset, c.cpl, 'call far');
    return;
  }
  if (!isCallGate(d)) throw new CpuFault(GP, selector & 0xfffc);
  const t = throughCallGate(c, selector, d);
  const code = t.code;
  const dpl = code.dpl;
  const err = t.selector & 0xfffc;
  if (dpl > c.cpl) throw new CpuFault(GP, err);
  if (!code.present) throw new CpuFault(NP, err);
  const gsize = t.gate32 ? 4 : 2;
  if (t.offset > code.limit) throw new CpuFault(GP, 0);
  if (!code.conforming && dpl < c.cpl) {
    // More privileged: new stack from the TSS, copy `params` parameters, push old SS:ESP and CS:EIP.
    const is32 = (c.trType & 8) !== 0;
    const toff = is32 ? 4 + 8 * dpl : 2 + 4 * dpl;
    if (toff + (is32 ? 7 : 3) > c.trLimit) throw new CpuFault(TS_VECTOR, c.trSel & 0xfffc);
    const newSs = c.sysRead16((c.trBase + toff + (is32 ? 4 : 2)) | 0);
    const newEsp = is32 ? c.sysRead32((c.trBase + toff) | 0) : c.sysRead16((c.trBase + toff) | 0);
    const ssErr = newSs & 0xfffc;
    if (ssErr === 0) throw new CpuFault(TS_VECTOR, 0);
    const stack = readDescriptor(c, newSs, TS_VECTOR);
    if ((newSs & 3) !== dpl || stack.dpl !== dpl || !stack.writableData) {
      throw new CpuFault(TS_VECTOR, ssErr);
    }
    if (!stack.present) throw new CpuFault(SS_VECTOR, ssErr);
    const ssBase = stack.base;
    const ssAttr = stack.attr;
    const big = (ssAttr & 0x4000) !== 0;
    const frame = (4 + t.params) * gsize;
    const top = big ? newEsp >>> 0 : newEsp & 0xffff;
    const sp = big ? (top - frame) >>> 0 : (top - frame) & 0xffff;
    if (!fitsStack(stack.limit, ssAttr, sp, frame)) throw new CpuFault(SS_VECTOR, ssErr);
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
    setAccessed(c, stack);
    loadFromDescriptor(c, SS, newSs, stack);
    c.r32[ESP] = big ? sp : (newEsp & 0xffff0000) | sp;
    enterCode(c, t.selector, code, t.offset, dpl, 'call gate');
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
  enterCode(c, t.selector, code, t.offset, c.cpl, 'call gate');
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
  const code = checkReturnCodeSegment(c, newCs);
  const rpl = newCs & 3;
  if (rpl === c.cpl) {
    if (newEip > code.limit) throw new CpuFault(GP, 0);
    c.adjustSp(2 * size + popBytes);
    enterCode(c, newCs, code, newEip, rpl, 'retf');
    return;
  }
  const newEsp = rd(2 * size + popBytes);
  const newSs = rd(3 * size + popBytes) & 0xffff;
  const ssErr = newSs & 0xfffc;
  if (ssErr === 0) throw new CpuFault(GP, 0);
  const stack = readDescriptor(c, newSs, GP);
  if ((newSs & 3) !== rpl || stack.dpl !== rpl || !stack.writableData) {
    throw new CpuFault(GP, ssErr);
  }
  if (!stack.present) throw new CpuFault(SS_VECTOR, ssErr);
  if (newEip > code.limit) throw new CpuFault(GP, 0);
  setAccessed(c, stack);
  loadFromDescriptor(c, SS, newSs, stack);
  if (stack.big) c.r32[ESP] = (newEsp + popBytes) | 0;
  else c.r16[ESP << 1] = newEsp + popBytes;
  enterCode(c, newCs, code, newEip, rpl, 'retf');
  nullifyOuterSegments(c);
  c.addCycles(c.costModel.events.iretOuter);
}
