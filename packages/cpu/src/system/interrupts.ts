/**
 * Protected-mode interrupt and exception delivery through the IDT, and IRET
 * (SDM vol. 3A, 6.10–6.12 and vol. 2, INT n / IRET pseudocode). Task gates and nested-task returns
 * are not implemented: they raise #GP (documented in the README).
 */

import {
  AC,
  AF,
  CF,
  CS,
  DF,
  ESP,
  GP,
  ID,
  IF,
  IOPL,
  NP,
  NT,
  OF,
  PF,
  RF,
  SF,
  SS,
  SS_VECTOR,
  TF,
  TS_VECTOR,
  VIF,
  VIP,
  VM,
  ZF,
} from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';
import { LF_NONE, materializeFlags } from '../flags.js';
import type { DeliveryEvent } from '../stop-reason.js';
import {
  checkReturnCodeSegment,
  fitsStack,
  loadFromDescriptor,
  nullifyOuterSegments,
  readDescriptor,
  readDescriptorAt,
  setAccessed,
} from './descriptors.js';

/** Reads the ring-`dpl` stack pointer from the current TSS into [ss, esp]. */
function tssStack(c: Cpu, dpl: number, ext: number): [number, number] {
  const is32 = (c.trType & 8) !== 0;
  const off = is32 ? 4 + 8 * dpl : 2 + 4 * dpl;
  const size = is32 ? 8 : 4;
  if (off + size - 1 > c.trLimit) throw new CpuFault(TS_VECTOR, (c.trSel & 0xfffc) | ext);
  const base = c.trBase;
  if (is32) return [c.sysRead16((base + off + 4) | 0), c.sysRead32((base + off) | 0)];
  return [c.sysRead16((base + off + 2) | 0), c.sysRead16((base + off) | 0)];
}

/** Delivers vector `vector` through the IDT. `errorCode` < 0: none. May throw a CpuFault. */
/** Where an exception frame goes: the stack segment's base, its size and the frame's lowest offset. */
interface FrameSlots {
  readonly ssBase: number;
  readonly big: boolean;
  readonly sp: number;
  /** Bytes per slot (4 through a 32-bit gate, 2 through a 16-bit one). */
  readonly size: number;
  /** Written with supervisor accesses (a change to an inner level), else at the current CPL. */
  readonly supervisor: boolean;
}

/** Writes slot `k` (counted up from the frame's lowest address) of an exception frame. */
function writeFrameSlot(c: Cpu, f: FrameSlots, k: number, v: number): void {
  const offset = f.sp + k * f.size;
  const lin = (f.ssBase + (f.big ? offset >>> 0 : offset & 0xffff)) | 0;
  if (f.supervisor) {
    if (f.size === 4) c.sysWrite32(lin, v);
    else c.sysWrite16(lin, v);
  } else if (f.size === 4) c.writeLin32(lin, v);
  else c.writeLin16(lin, v);
}

/** Reads slot `k` of an IRET frame on the current stack (`size` bytes per slot). */
function readIretSlot(c: Cpu, size: number, k: number): number {
  const offset = c.stackOffset(k * size);
  return size === 4 ? c.read32(SS, offset) : c.read16(SS, offset);
}

export function deliverInterrupt(
  c: Cpu,
  vector: number,
  kind: DeliveryEvent['kind'],
  errorCode: number,
): void {
  const ext = kind === 'software' ? 0 : 1;
  const idtErr = vector * 8 + 2 + ext;
  if (vector * 8 + 7 > c.idtLimit) throw new CpuFault(GP, idtErr);
  const gate = readDescriptorAt(c, (c.idtBase + vector * 8) | 0);
  const type = gate.systemType;
  if (type !== 0x06 && type !== 0x07 && type !== 0x0e && type !== 0x0f) {
    // Includes task gates (type 5): task switching is not implemented.
    throw new CpuFault(GP, idtErr);
  }
  if (kind === 'software' && gate.dpl < c.cpl) throw new CpuFault(GP, idtErr);
  if (!gate.present) throw new CpuFault(NP, idtErr);
  const gate32 = (type & 8) !== 0;
  const trapGate = (type & 1) !== 0;
  const selector = gate.gateSelector;
  const offset = gate.gateOffset;
  if ((selector & 0xfffc) === 0) throw new CpuFault(GP, ext);
  const code = readDescriptor(c, selector, GP, ext);
  const selErr = (selector & 0xfffc) | ext;
  if (!code.isCode) throw new CpuFault(GP, selErr);
  const dpl = code.dpl;
  if (dpl > c.cpl) throw new CpuFault(GP, selErr);
  if (!code.present) throw new CpuFault(NP, selErr);
  const conforming = code.conforming;
  const codeLimit = code.limit;
  if (offset > codeLimit) throw new CpuFault(GP, ext);

  materializeFlags(c);
  const oldFlags = c.flags | 2;
  const oldCs = c.segSel[CS];
  const oldEip = c.ip >>> 0;
  const size = gate32 ? 4 : 2;
  const n = errorCode >= 0 ? 1 : 0;

  if (!conforming && dpl < c.cpl) {
    // Inter-privilege: switch to the TSS stack of ring `dpl`.
    const [newSs, newEsp] = tssStack(c, dpl, ext);
    const ssErr = (newSs & 0xfffc) | ext;
    if ((newSs & 0xfffc) === 0) throw new CpuFault(TS_VECTOR, ext);
    const stack = readDescriptor(c, newSs, TS_VECTOR, ext);
    if ((newSs & 3) !== dpl) throw new CpuFault(TS_VECTOR, ssErr);
    if (stack.dpl !== dpl) throw new CpuFault(TS_VECTOR, ssErr);
    if (!stack.writableData) throw new CpuFault(TS_VECTOR, ssErr);
    if (!stack.present) throw new CpuFault(SS_VECTOR, ssErr);
    const ssBase = stack.base;
    const ssLimit = stack.limit;
    const ssAttr = stack.attr;
    const big = (ssAttr & 0x4000) !== 0;
    const frameBytes = (5 + n) * size;
    const top = big ? newEsp >>> 0 : newEsp & 0xffff;
    const sp = big ? (top - frameBytes) >>> 0 : (top - frameBytes) & 0xffff;
    if (!fitsStack(ssLimit, ssAttr, sp, frameBytes)) throw new CpuFault(SS_VECTOR, ssErr);
    const oldSs = c.segSel[SS];
    const oldEsp = c.r32[ESP];
    // Write the frame at the new privilege level (dpl < 3: supervisor accesses).
    const frame = { ssBase, big, sp, size, supervisor: true };
    let k = 0;
    if (n) writeFrameSlot(c, frame, k++, errorCode);
    writeFrameSlot(c, frame, k++, oldEip);
    writeFrameSlot(c, frame, k++, oldCs);
    writeFrameSlot(c, frame, k++, oldFlags);
    writeFrameSlot(c, frame, k++, oldEsp);
    writeFrameSlot(c, frame, k++, oldSs);
    // Commit. Both descriptors' accessed bits are set as the loads complete.
    setAccessed(c, stack);
    c.loadCache(SS, newSs, ssBase, ssLimit, ssAttr | 0x1);
    c.r32[ESP] = big ? sp : (newEsp & 0xffff0000) | sp;
    c.loadCache(CS, (selector & 0xfffc) | dpl, code.base, codeLimit, code.attr);
    c.setCpl(dpl, kind);
    c.addCycles(c.costModel.events.deliverPrivilegeChange);
  } else if (conforming || dpl === c.cpl) {
    const frameBytes = (3 + n) * size;
    const big = c.ssBig;
    const top = big ? c.r32[ESP] >>> 0 : c.r16[ESP << 1];
    const sp = big ? (top - frameBytes) >>> 0 : (top - frameBytes) & 0xffff;
    if (!fitsStack(c.segLimit[SS], c.segAttr[SS], sp, frameBytes)) throw new CpuFault(SS_VECTOR, ext);
    const frame = { ssBase: c.segBase[SS], big, sp, size, supervisor: false };
    let k = 0;
    if (n) writeFrameSlot(c, frame, k++, errorCode);
    writeFrameSlot(c, frame, k++, oldEip);
    writeFrameSlot(c, frame, k++, oldCs);
    writeFrameSlot(c, frame, k++, oldFlags);
    if (big) c.r32[ESP] = sp;
    else c.r16[ESP << 1] = sp;
    c.loadCache(CS, (selector & 0xfffc) | c.cpl, code.base, codeLimit, code.attr);
    c.addCycles(c.costModel.events.deliverSamePrivilege);
  } else {
    throw new CpuFault(GP, selErr);
  }
  setAccessed(c, code);
  c.flags &= ~(TF | NT | RF | VM);
  if (!trapGate) c.flags &= ~IF;
  c.ip = offset | 0;
  c.updateAttention();
}

/**
 * EFLAGS after IRET or POPF (SDM vol. 2, IRET and POPF): IOPL changes only at CPL 0, IF only when
 * CPL <= IOPL; a 16-bit operand touches only the low word. `forIret` also lets RF and (at CPL 0)
 * VIF/VIP change; POPF clears RF.
 */
export function mergeFlags(c: Cpu, value: number, op32: boolean, cpl: number, forIret: boolean): void {
  materializeFlags(c);
  const old = c.flags;
  let mask = CF | PF | AF | ZF | SF | TF | DF | OF | NT;
  if (op32) mask |= AC | ID | (forIret ? RF : 0);
  if (cpl === 0) {
    mask |= IOPL;
    if (op32 && forIret) mask |= VIF | VIP;
  }
  if (cpl <= (old & IOPL) >>> 12) mask |= IF;
  if (!op32) mask &= 0xffff;
  let f = (old & ~mask) | (value & mask) | 2;
  if (!forIret) f &= ~RF;
  c.flags = f;
  c.lfOp = LF_NONE;
  c.updateAttention();
}

/** IRET / IRETD in protected mode. */
export function iret(c: Cpu, op32: boolean): void {
  materializeFlags(c);
  if (c.flags & NT) throw new CpuFault(GP, 0); // nested task return: task switching not implemented
  const size = op32 ? 4 : 2;
  const newEip = op32 ? readIretSlot(c, size, 0) >>> 0 : readIretSlot(c, size, 0);
  const newCs = readIretSlot(c, size, 1) & 0xffff;
  const newFlags = readIretSlot(c, size, 2);
  if (op32 && newFlags & VM && c.cpl === 0) throw new CpuFault(GP, 0); // return to V86: not implemented
  const code = checkReturnCodeSegment(c, newCs);
  const rpl = newCs & 3;
  const codeLimit = code.limit;
  const oldCpl = c.cpl;
  if (rpl === c.cpl) {
    if (newEip > codeLimit) throw new CpuFault(GP, 0);
    c.adjustSp(3 * size);
    setAccessed(c, code);
    loadFromDescriptor(c, CS, newCs, code);
    c.ip = newEip | 0;
    mergeFlags(c, newFlags, op32, oldCpl, true);
  } else {
    // Return to an outer privilege level: pop SS:ESP too.
    const newEsp = readIretSlot(c, size, 3);
    const newSs = readIretSlot(c, size, 4) & 0xffff;
    const ssErr = newSs & 0xfffc;
    if ((newSs & 0xfffc) === 0) throw new CpuFault(GP, 0);
    const stack = readDescriptor(c, newSs, GP);
    if ((newSs & 3) !== rpl) throw new CpuFault(GP, ssErr);
    if (!stack.writableData) throw new CpuFault(GP, ssErr);
    if (stack.dpl !== rpl) throw new CpuFault(GP, ssErr);
    if (!stack.present) throw new CpuFault(SS_VECTOR, ssErr);
    if (newEip > codeLimit) throw new CpuFault(GP, 0);
    // The kernel's ESP before the IRET: a 16-bit stack segment only receives SP, and the high word of
    // ESP keeps this value, as on real hardware (the "ESP high word leak" Linux's ldt_ss path handles).
    const kernelEsp = c.r32[ESP];
    setAccessed(c, code);
    setAccessed(c, stack);
    loadFromDescriptor(c, CS, newCs, code);
    c.ip = newEip | 0;
    mergeFlags(c, newFlags, op32, oldCpl, true);
    loadFromDescriptor(c, SS, newSs, stack);
    if (stack.big) c.r32[ESP] = newEsp;
    else c.r32[ESP] = (kernelEsp & 0xffff0000) | (newEsp & 0xffff);
    c.setCpl(rpl, 'iret');
    nullifyOuterSegments(c);
    c.addCycles(c.costModel.events.iretOuter);
  }
  c.nmiBlocked = false;
  c.updateAttention();
}
