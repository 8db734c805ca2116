/**
 * Control transfer: JMP, Jcc, CALL, RET (near and far), LOOP/LOOPcc/JCXZ, INT n, INT3, INTO, IRET,
 * BOUND. Near targets beyond the CS limit raise #GP(0) at the branch.
 */
import { BR, CS, ECX, GP, OF_VECTOR, SIGN_BIT } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler, Privilege } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import { condition, getOF, getZF } from '../flags.js';
import { callFar, jmpFar, retFar } from '../system/far-transfer.js';
import { iret } from '../system/interrupts.js';
import { CC } from './data.js';
import { readE, regField, W16, W32 } from './width.js';

/** Sets EIP to a near target after the CS limit check. */
export function jumpNear(c: Cpu, target: number): void {
  // One int32 compare of the unsigned target against the unsigned limit (both sign-flipped).
  if ((target ^ SIGN_BIT) > c.csLimitFlipped) throw new CpuFault(GP, 0);
  c.ip = target | 0;
}

export function jmp_rel32(c: Cpu, i: number): void {
  jumpNear(c, (c.ip + c.dImm[i]) | 0);
}

function jmp_rel16(c: Cpu, i: number): void {
  jumpNear(c, (c.ip + c.dImm[i]) & 0xffff);
}

export function jcc_rel32(c: Cpu, i: number): void {
  if (condition(c, c.dOpcode[i] & 15)) jumpNear(c, (c.ip + c.dImm[i]) | 0);
}

function jcc_rel16(c: Cpu, i: number): void {
  if (condition(c, c.dOpcode[i] & 15)) jumpNear(c, (c.ip + c.dImm[i]) & 0xffff);
}

export function jnz_rel32(c: Cpu, i: number): void {
  if (getZF(c) === 0) jumpNear(c, (c.ip + c.dImm[i]) | 0);
}

export function call_rel32(c: Cpu, i: number): void {
  const target = (c.ip + c.dImm[i]) | 0;
  if ((target ^ SIGN_BIT) > c.csLimitFlipped) throw new CpuFault(GP, 0);
  c.push32(c.ip);
  c.ip = target;
}

function call_rel16(c: Cpu, i: number): void {
  const target = (c.ip + c.dImm[i]) & 0xffff;
  if (target > c.segLimit[CS]) throw new CpuFault(GP, 0);
  c.push16(c.ip);
  c.ip = target;
}

export function ret32(c: Cpu): void {
  jumpNear(c, c.top32());
  c.adjustSp(4);
}

function ret16(c: Cpu): void {
  const t = c.read16(2, c.stackOffset(0));
  jumpNear(c, t);
  c.adjustSp(2);
}

function ret32_imm(c: Cpu, i: number): void {
  ret32(c);
  c.adjustSp(c.dImm[i] & 0xffff);
}

function ret16_imm(c: Cpu, i: number): void {
  ret16(c);
  c.adjustSp(c.dImm[i] & 0xffff);
}

function callE(op32: boolean): Handler {
  return (c, i) => {
    const t = op32 ? readE(c, i, W32) : readE(c, i, W16);
    if (t >>> 0 > c.segLimit[CS]) throw new CpuFault(GP, 0);
    if (op32) c.push32(c.ip);
    else c.push16(c.ip);
    c.ip = t | 0;
  };
}

function jmpE(op32: boolean): Handler {
  return (c, i) => jumpNear(c, op32 ? readE(c, i, W32) : readE(c, i, W16));
}

/** Reads an m16:16 / m16:32 far pointer operand: [offset, selector]. */
export function readFarPointer(c: Cpu, i: number, op32: boolean): [number, number] {
  const seg = c.decoded.seg[i];
  const ea = c.ea(i);
  const size = op32 ? 4 : 2;
  const off = op32 ? c.read32(seg, ea) >>> 0 : c.read16(seg, ea);
  const next = c.decoded.pfx[i] & 8 ? (ea + size) >>> 0 : (ea + size) & 0xffff;
  return [off, c.read16(seg, next)];
}

function loopHandler(kind: 0 | 1 | 2 | 3): Handler {
  // 0: LOOPNE, 1: LOOPE, 2: LOOP, 3: JCXZ/JECXZ
  return (c, i) => {
    const a32 = (c.decoded.pfx[i] & 8) !== 0;
    const op32 = (c.decoded.pfx[i] & 16) !== 0;
    let take: boolean;
    if (kind === 3) {
      take = a32 ? c.r32[ECX] === 0 : c.r16[ECX << 1] === 0;
    } else {
      let count: number;
      if (a32) {
        count = (c.r32[ECX] - 1) | 0;
        c.r32[ECX] = count;
      } else {
        count = (c.r16[ECX << 1] - 1) & 0xffff;
        c.r16[ECX << 1] = count;
      }
      take = count !== 0;
      if (kind === 0) take = take && getZF(c) === 0;
      else if (kind === 1) take = take && getZF(c) === 1;
    }
    if (take) jumpNear(c, op32 ? (c.ip + c.dImm[i]) | 0 : (c.ip + c.dImm[i]) & 0xffff);
  };
}

function softwareInterrupt(c: Cpu, vector: number): void {
  c.deliverEvent(vector, 'software', -1);
}

function bound(w: typeof W16 | typeof W32): Handler {
  return (c, i) => {
    const seg = c.decoded.seg[i];
    const ea = c.ea(i);
    const next = c.decoded.pfx[i] & 8 ? (ea + w.bytes) >>> 0 : (ea + w.bytes) & 0xffff;
    const lower = w.signed(w.read(c, seg, ea));
    const upper = w.signed(w.read(c, seg, next));
    const index = w.signed(w.getReg(c, regField(c, i)));
    if (index < lower || index > upper) throw new CpuFault(BR);
  };
}

export function registerControl(): void {
  define({ op: 0xeb, mnemonic: 'jmp', operands: 'Jb', r: [jmp_rel16, jmp_rel32], cost: CostClass.Branch });
  define({ op: 0xe9, mnemonic: 'jmp', operands: 'Jz', r: [jmp_rel16, jmp_rel32], cost: CostClass.Branch });
  for (let cc = 0; cc < 16; cc++) {
    const r32 = cc === 5 ? jnz_rel32 : jcc_rel32;
    define({
      op: 0x70 + cc,
      mnemonic: `j${CC[cc]}`,
      operands: 'Jb',
      r: [jcc_rel16, r32],
      cost: CostClass.Branch,
    });
    define({
      map: 1,
      op: 0x80 + cc,
      mnemonic: `j${CC[cc]}`,
      operands: 'Jz',
      r: [jcc_rel16, r32],
      cost: CostClass.Branch,
    });
  }
  define({ op: 0xe8, mnemonic: 'call', operands: 'Jz', r: [call_rel16, call_rel32], cost: CostClass.Call });
  define({ op: 0xc3, mnemonic: 'ret', r: [ret16, ret32], cost: CostClass.Ret });
  define({ op: 0xc2, mnemonic: 'ret', operands: 'Iw', r: [ret16_imm, ret32_imm], cost: CostClass.Ret });
  const ce = [callE(false), callE(true)] as const;
  const je = [jmpE(false), jmpE(true)] as const;
  define({ op: 0xff, reg: 2, mnemonic: 'call', operands: 'Ev', r: ce, m: ce, cost: CostClass.Call });
  define({ op: 0xff, reg: 4, mnemonic: 'jmp', operands: 'Ev', r: je, m: je, cost: CostClass.Branch });
  const callFarM =
    (op32: boolean): Handler =>
    (c, i) => {
      const [off, sel] = readFarPointer(c, i, op32);
      callFar(c, sel, off, op32);
    };
  const jmpFarM =
    (op32: boolean): Handler =>
    (c, i) => {
      const [off, sel] = readFarPointer(c, i, op32);
      jmpFar(c, sel, off);
    };
  define({
    op: 0xff,
    reg: 3,
    mnemonic: 'lcall',
    operands: 'Mp',
    m: [callFarM(false), callFarM(true)],
    cost: CostClass.FarTransfer,
  });
  define({
    op: 0xff,
    reg: 5,
    mnemonic: 'ljmp',
    operands: 'Mp',
    m: [jmpFarM(false), jmpFarM(true)],
    cost: CostClass.FarTransfer,
  });
  define({
    op: 0x9a,
    mnemonic: 'lcall',
    operands: 'Ap',
    r: [
      (c, i) => callFar(c, c.decoded.imm2[i], c.dImm[i] & 0xffff, false),
      (c, i) => callFar(c, c.decoded.imm2[i], c.dImm[i] >>> 0, true),
    ],
    cost: CostClass.FarTransfer,
  });
  define({
    op: 0xea,
    mnemonic: 'ljmp',
    operands: 'Ap',
    r: (c, i) => jmpFar(c, c.decoded.imm2[i], c.dImm[i] >>> 0),
    cost: CostClass.FarTransfer,
  });
  define({
    op: 0xcb,
    mnemonic: 'lret',
    r: [(c) => retFar(c, false, 0), (c) => retFar(c, true, 0)],
    cost: CostClass.FarTransfer,
  });
  define({
    op: 0xca,
    mnemonic: 'lret',
    operands: 'Iw',
    r: [(c, i) => retFar(c, false, c.dImm[i] & 0xffff), (c, i) => retFar(c, true, c.dImm[i] & 0xffff)],
    cost: CostClass.FarTransfer,
  });
  define({ op: 0xe0, mnemonic: 'loopne', operands: 'Jb', r: loopHandler(0), cost: CostClass.Branch });
  define({ op: 0xe1, mnemonic: 'loope', operands: 'Jb', r: loopHandler(1), cost: CostClass.Branch });
  define({ op: 0xe2, mnemonic: 'loop', operands: 'Jb', r: loopHandler(2), cost: CostClass.Branch });
  define({ op: 0xe3, mnemonic: 'jecxz', operands: 'Jb', r: loopHandler(3), cost: CostClass.Branch });
  define({ op: 0xcc, mnemonic: 'int3', r: (c) => softwareInterrupt(c, 3), cost: CostClass.Interrupt });
  define({
    op: 0xcd,
    mnemonic: 'int',
    operands: 'Ib',
    r: (c, i) => softwareInterrupt(c, c.dImm[i] & 0xff),
    cost: CostClass.Interrupt,
  });
  define({
    op: 0xce,
    mnemonic: 'into',
    r: (c) => {
      if (getOF(c)) softwareInterrupt(c, OF_VECTOR);
    },
    cost: CostClass.Interrupt,
  });
  define({
    op: 0xcf,
    mnemonic: 'iret|iretd',
    r: [(c) => iret(c, false), (c) => iret(c, true)],
    cost: CostClass.Iret,
    privilege: Privilege.Sensitive, // at CPL > IOPL the popped IF is ignored without a fault
  });
  // INT1 (ICEBP): a #DB delivered as a trap, without the gate DPL check of INT n (SDM vol. 2, INT n).
  define({
    op: 0xf1,
    mnemonic: 'int1',
    r: (c) => c.deliverEvent(1, 'exception', -1),
    cost: CostClass.Interrupt,
  });
  define({ op: 0x62, mnemonic: 'bound', operands: 'Gv,Ma', m: [bound(W16), bound(W32)] });
}
