/**
 * Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP (00–3D, 80–83), TEST, INC, DEC, NOT,
 * NEG, CMPXCHG, CMPXCHG8B, XADD and the BCD adjusts (DAA DAS AAA AAS AAM AAD).
 */
import { AF, CF, DE, EAX, EDX, OF, SF, ZF } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import {
  getAF,
  getCF,
  LF_ADD,
  LF_DEC,
  LF_INC,
  LF_LOGIC,
  LF_SUB,
  materializeFlags,
  setArithFlags,
  szp,
} from '../flags.js';
import { defineByteAndWordForms } from './define-widths.js';
import { readE, readForWrite, regField, rmwAddr, W8, W16, W32, type Width } from './width.js';

const ALU_NAMES = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];

/** Performs ALU operation `op` (the /digit order above) and records the lazy flags. */
export function alu(c: Cpu, op: number, a: number, b: number, msb: number): number {
  let r: number;
  switch (op) {
    case 0:
      r = (a + b) | 0;
      c.lfOp = LF_ADD;
      break;
    case 1:
      r = a | b;
      c.lfOp = LF_LOGIC;
      break;
    case 2:
      r = (a + b + getCF(c)) | 0;
      c.lfOp = LF_ADD;
      break;
    case 3:
      r = (a - b - getCF(c)) | 0;
      c.lfOp = LF_SUB;
      break;
    case 4:
      r = a & b;
      c.lfOp = LF_LOGIC;
      break;
    case 6:
      r = a ^ b;
      c.lfOp = LF_LOGIC;
      break;
    default:
      r = (a - b) | 0;
      c.lfOp = LF_SUB;
      break;
  }
  c.lfA = a;
  c.lfB = b;
  c.lfR = r;
  c.lfMsb = msb;
  return r;
}

function aluEG(op: number, w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      const rm = m & 7;
      const r = alu(c, op, w.getReg(c, rm), w.getReg(c, (m >>> 3) & 7), w.msb);
      if (op !== 7) w.setReg(c, rm, r);
    },
    m: (c, i) => {
      const src = w.getReg(c, regField(c, i));
      if (op === 7) {
        alu(c, op, w.read(c, c.decoded.seg[i], c.ea(i)), src, w.msb);
        return;
      }
      const lin = rmwAddr(c, i, w);
      w.writeLin(c, lin, alu(c, op, readForWrite(c, lin, w), src, w.msb));
    },
  };
}

function aluGE(op: number, w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      const reg = (m >>> 3) & 7;
      const r = alu(c, op, w.getReg(c, reg), w.getReg(c, m & 7), w.msb);
      if (op !== 7) w.setReg(c, reg, r);
    },
    m: (c, i) => {
      const reg = regField(c, i);
      const r = alu(c, op, w.getReg(c, reg), w.read(c, c.decoded.seg[i], c.ea(i)), w.msb);
      if (op !== 7) w.setReg(c, reg, r);
    },
  };
}

function aluEI(op: number, w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const rm = c.dModrm[i] & 7;
      const r = alu(c, op, w.getReg(c, rm), c.dImm[i] & w.mask, w.msb);
      if (op !== 7) w.setReg(c, rm, r);
    },
    m: (c, i) => {
      const imm = c.dImm[i] & w.mask;
      if (op === 7) {
        alu(c, op, w.read(c, c.decoded.seg[i], c.ea(i)), imm, w.msb);
        return;
      }
      const lin = rmwAddr(c, i, w);
      w.writeLin(c, lin, alu(c, op, readForWrite(c, lin, w), imm, w.msb));
    },
  };
}

function aluAccI(op: number, w: Width): Handler {
  return (c, i) => {
    const r = alu(c, op, w.getReg(c, EAX), c.dImm[i] & w.mask, w.msb);
    if (op !== 7) w.setReg(c, EAX, r);
  };
}

// The hottest forms, written out for 32-bit registers.
export function add_Ev_Gv_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  const rm = m & 7;
  const a = c.r32[rm];
  const b = c.r32[(m >>> 3) & 7];
  const r = (a + b) | 0;
  c.lfOp = LF_ADD;
  c.lfA = a;
  c.lfB = b;
  c.lfR = r;
  c.lfMsb = 31;
  c.r32[rm] = r;
}

export function sub_Ev_Gv_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  const rm = m & 7;
  const a = c.r32[rm];
  const b = c.r32[(m >>> 3) & 7];
  const r = (a - b) | 0;
  c.lfOp = LF_SUB;
  c.lfA = a;
  c.lfB = b;
  c.lfR = r;
  c.lfMsb = 31;
  c.r32[rm] = r;
}

export function cmp_Ev_Gv_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  const a = c.r32[m & 7];
  const b = c.r32[(m >>> 3) & 7];
  c.lfOp = LF_SUB;
  c.lfA = a;
  c.lfB = b;
  c.lfR = (a - b) | 0;
  c.lfMsb = 31;
}

export function xor_Ev_Gv_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  const rm = m & 7;
  const r = c.r32[rm] ^ c.r32[(m >>> 3) & 7];
  c.lfOp = LF_LOGIC;
  c.lfR = r;
  c.lfMsb = 31;
  c.r32[rm] = r;
}

/** 81/83 with a 32-bit register destination. */
export function alu_Ev_I_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  const op = (m >>> 3) & 7;
  const rm = m & 7;
  const r = alu(c, op, c.r32[rm], c.dImm[i], 31);
  if (op !== 7) c.r32[rm] = r;
}

/** 81/83 /0 (ADD) with a 32-bit register (pointer and counter steps). */
export function add_Ev_I_reg32(c: Cpu, i: number): void {
  const rm = c.dModrm[i] & 7;
  const a = c.r32[rm];
  const b = c.dImm[i];
  const r = (a + b) | 0;
  c.lfOp = LF_ADD;
  c.lfA = a;
  c.lfB = b;
  c.lfR = r;
  c.lfMsb = 31;
  c.r32[rm] = r;
}

/** 81/83 /4 (AND) with a 32-bit register (masks, e.g. a ring buffer's index). */
export function and_Ev_I_reg32(c: Cpu, i: number): void {
  const rm = c.dModrm[i] & 7;
  const r = c.r32[rm] & c.dImm[i];
  c.lfOp = LF_LOGIC;
  c.lfR = r;
  c.lfMsb = 31;
  c.r32[rm] = r;
}

/** 81/83 /5 (SUB) and /7 (CMP) with a 32-bit register: the loop counters of compiled code. */
export function sub_Ev_I_reg32(c: Cpu, i: number): void {
  const rm = c.dModrm[i] & 7;
  const a = c.r32[rm];
  const b = c.dImm[i];
  const r = (a - b) | 0;
  c.lfOp = LF_SUB;
  c.lfA = a;
  c.lfB = b;
  c.lfR = r;
  c.lfMsb = 31;
  c.r32[rm] = r;
}

export function cmp_Ev_I_reg32(c: Cpu, i: number): void {
  const a = c.r32[c.dModrm[i] & 7];
  const b = c.dImm[i];
  c.lfOp = LF_SUB;
  c.lfA = a;
  c.lfB = b;
  c.lfR = (a - b) | 0;
  c.lfMsb = 31;
}

export function test_Ev_Gv_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  c.lfOp = LF_LOGIC;
  c.lfR = c.r32[m & 7] & c.r32[(m >>> 3) & 7];
  c.lfMsb = 31;
}

function incdec(c: Cpu, a: number, dec: boolean, msb: number): number {
  c.lfCarry = getCF(c);
  const r = dec ? (a - 1) | 0 : (a + 1) | 0;
  c.lfOp = dec ? LF_DEC : LF_INC;
  c.lfA = a;
  c.lfB = 1;
  c.lfR = r;
  c.lfMsb = msb;
  return r;
}

export function inc_r32(c: Cpu, i: number): void {
  const n = c.dOpcode[i] & 7;
  c.r32[n] = incdec(c, c.r32[n], false, 31);
}

export function dec_r32(c: Cpu, i: number): void {
  const n = c.dOpcode[i] & 7;
  c.r32[n] = incdec(c, c.r32[n], true, 31);
}

function inc_r16(c: Cpu, i: number): void {
  const n = c.dOpcode[i] & 7;
  c.r16[n << 1] = incdec(c, c.r16[n << 1], false, 15);
}

function dec_r16(c: Cpu, i: number): void {
  const n = c.dOpcode[i] & 7;
  c.r16[n << 1] = incdec(c, c.r16[n << 1], true, 15);
}

function incdecE(w: Width, dec: boolean): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const rm = c.dModrm[i] & 7;
      w.setReg(c, rm, incdec(c, w.getReg(c, rm), dec, w.msb));
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      w.writeLin(c, lin, incdec(c, readForWrite(c, lin, w), dec, w.msb));
    },
  };
}

function testOp(c: Cpu, a: number, b: number, msb: number): void {
  c.lfOp = LF_LOGIC;
  c.lfR = a & b;
  c.lfMsb = msb;
}

function testEG(w: Width): Handler {
  return (c, i) => testOp(c, readE(c, i, w), w.getReg(c, regField(c, i)), w.msb);
}

function testEI(w: Width): Handler {
  return (c, i) => testOp(c, readE(c, i, w), c.dImm[i], w.msb);
}

function notE(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const rm = c.dModrm[i] & 7;
      w.setReg(c, rm, ~w.getReg(c, rm));
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      w.writeLin(c, lin, ~readForWrite(c, lin, w));
    },
  };
}

function negE(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const rm = c.dModrm[i] & 7;
      w.setReg(c, rm, alu(c, 5, 0, w.getReg(c, rm), w.msb));
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      w.writeLin(c, lin, alu(c, 5, 0, readForWrite(c, lin, w), w.msb));
    },
  };
}

function cmpxchg(w: Width): { r: Handler; m: Handler } {
  // Compare the accumulator with the destination (flags as CMP); equal: store the source, else load
  // the accumulator. The memory form always writes (the old value when unequal), as the SDM says.
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      const dst = w.getReg(c, m & 7);
      const acc = w.getReg(c, EAX);
      alu(c, 7, acc, dst, w.msb);
      if (((acc - dst) & w.mask) === 0) w.setReg(c, m & 7, w.getReg(c, (m >>> 3) & 7));
      else w.setReg(c, EAX, dst);
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      const dst = readForWrite(c, lin, w);
      const acc = w.getReg(c, EAX);
      const equal = ((acc - dst) & w.mask) === 0;
      w.writeLin(c, lin, equal ? w.getReg(c, regField(c, i)) : dst);
      alu(c, 7, acc, dst, w.msb);
      if (!equal) w.setReg(c, EAX, dst);
    },
  };
}

function xadd(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      const rm = m & 7;
      const reg = (m >>> 3) & 7;
      const dst = w.getReg(c, rm);
      const src = w.getReg(c, reg);
      const sum = alu(c, 0, dst, src, w.msb);
      w.setReg(c, reg, dst);
      w.setReg(c, rm, sum);
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      const reg = regField(c, i);
      const dst = readForWrite(c, lin, w);
      const src = w.getReg(c, reg);
      const sum = (dst + src) | 0;
      w.writeLin(c, lin, sum);
      alu(c, 0, dst, src, w.msb);
      w.setReg(c, reg, dst);
    },
  };
}

function cmpxchg8b(c: Cpu, i: number): void {
  const lin = c.writeAddr(c.decoded.seg[i], c.ea(i), 8);
  c.checkQuadwordAlignment(lin);
  const lo = c.readLin32(lin);
  const hi = c.readLin32((lin + 4) | 0);
  materializeFlags(c);
  if (lo === c.r32[EAX] && hi === c.r32[EDX]) {
    c.writeLin32(lin, c.r32[3]);
    c.writeLin32((lin + 4) | 0, c.r32[1]);
    c.flags |= ZF;
  } else {
    // The processor writes the old value back (the destination is always written).
    c.writeLin32(lin, lo);
    c.writeLin32((lin + 4) | 0, hi);
    c.r32[EAX] = lo;
    c.r32[EDX] = hi;
    c.flags &= ~ZF;
  }
}

// BCD adjusts (SDM vol. 2 pseudocode). Undefined flags follow what P6-family hardware produces for
// the common cases: computed from the result as for a logical operation.
function daa(c: Cpu): void {
  const oldAl = c.r8[0];
  const oldCf = getCF(c);
  let al = oldAl;
  let cf = 0;
  let af = 0;
  if ((al & 0x0f) > 9 || getAF(c)) {
    al = (al + 6) & 0xff;
    cf = oldCf | (oldAl + 6 > 0xff ? 1 : 0);
    af = 1;
  }
  if (oldAl > 0x99 || oldCf) {
    al = (al + 0x60) & 0xff;
    cf = 1;
  }
  c.r8[0] = al;
  const of = (~oldAl & al & 0x80) !== 0 ? OF : 0;
  setArithFlags(c, CF | AF | ZF | SF | OF | 4, szp(al, 7) | (cf ? CF : 0) | (af ? AF : 0) | of);
}

function das(c: Cpu): void {
  const oldAl = c.r8[0];
  const oldCf = getCF(c);
  let al = oldAl;
  let cf = 0;
  let af = 0;
  if ((al & 0x0f) > 9 || getAF(c)) {
    al = (al - 6) & 0xff;
    cf = oldCf | (oldAl < 6 ? 1 : 0);
    af = 1;
  }
  if (oldAl > 0x99 || oldCf) {
    al = (al - 0x60) & 0xff;
    cf = 1;
  }
  c.r8[0] = al;
  const of = (oldAl & ~al & 0x80) !== 0 ? OF : 0;
  setArithFlags(c, CF | AF | ZF | SF | OF | 4, szp(al, 7) | (cf ? CF : 0) | (af ? AF : 0) | of);
}

function aaa(c: Cpu): void {
  const al = c.r8[0];
  if ((al & 0x0f) > 9 || getAF(c)) {
    c.r16[0] = (c.r16[0] + 0x106) & 0xffff;
    c.r8[0] &= 0x0f;
    setArithFlags(c, CF | AF | ZF | SF | OF | 4, CF | AF | szp((al + 6) & 0xff, 7));
  } else {
    c.r8[0] &= 0x0f;
    setArithFlags(c, CF | AF | ZF | SF | OF | 4, szp(al, 7));
  }
}

function aas(c: Cpu): void {
  const al = c.r8[0];
  if ((al & 0x0f) > 9 || getAF(c)) {
    c.r16[0] = (c.r16[0] - 6) & 0xffff;
    c.r8[1] = (c.r8[1] - 1) & 0xff;
    c.r8[0] &= 0x0f;
    setArithFlags(c, CF | AF | ZF | SF | OF | 4, CF | AF | szp((al - 6) & 0xff, 7));
  } else {
    c.r8[0] &= 0x0f;
    setArithFlags(c, CF | AF | ZF | SF | OF | 4, szp(al, 7));
  }
}

function aam(c: Cpu, i: number): void {
  const base = c.dImm[i] & 0xff;
  if (base === 0) throw new CpuFault(DE);
  const al = c.r8[0];
  c.r8[1] = Math.floor(al / base);
  c.r8[0] = al % base;
  setArithFlags(c, CF | AF | ZF | SF | OF | 4, szp(c.r8[0], 7));
}

function aad(c: Cpu, i: number): void {
  const base = c.dImm[i] & 0xff;
  const al = (c.r8[0] + c.r8[1] * base) & 0xff;
  c.r16[0] = al;
  setArithFlags(c, CF | AF | ZF | SF | OF | 4, szp(al, 7));
}

/** The 81/83 register forms of 32-bit width by /digit: the common ones written out, the rest through `alu`. */
const ALU_EV_I_REG32: readonly Handler[] = [
  add_Ev_I_reg32,
  alu_Ev_I_reg32,
  alu_Ev_I_reg32,
  alu_Ev_I_reg32,
  and_Ev_I_reg32,
  sub_Ev_I_reg32,
  alu_Ev_I_reg32,
  cmp_Ev_I_reg32,
];

export function registerArith(): void {
  for (let op = 0; op < 8; op++) {
    const name = ALU_NAMES[op];
    const lock = op !== 7;
    const eb = aluEG(op, W8);
    const ev16 = aluEG(op, W16);
    const ev32 = aluEG(op, W32);
    let r32 = ev32.r;
    if (op === 0) r32 = add_Ev_Gv_reg32;
    else if (op === 5) r32 = sub_Ev_Gv_reg32;
    else if (op === 6) r32 = xor_Ev_Gv_reg32;
    else if (op === 7) r32 = cmp_Ev_Gv_reg32;
    define({ op: op * 8, mnemonic: name, operands: 'Eb,Gb', r: eb.r, m: eb.m, lock });
    define({
      op: op * 8 + 1,
      mnemonic: name,
      operands: 'Ev,Gv',
      r: [ev16.r, r32],
      m: [ev16.m, ev32.m],
      lock,
    });
    const gb = aluGE(op, W8);
    const gv16 = aluGE(op, W16);
    const gv32 = aluGE(op, W32);
    define({ op: op * 8 + 2, mnemonic: name, operands: 'Gb,Eb', r: gb.r, m: gb.m });
    define({ op: op * 8 + 3, mnemonic: name, operands: 'Gv,Ev', r: [gv16.r, gv32.r], m: [gv16.m, gv32.m] });
    define({ op: op * 8 + 4, mnemonic: name, operands: 'AL,Ib', r: aluAccI(op, W8) });
    define({ op: op * 8 + 5, mnemonic: name, operands: 'eAX,Iz', r: [aluAccI(op, W16), aluAccI(op, W32)] });
    const ib = aluEI(op, W8);
    const iz16 = aluEI(op, W16);
    const iz32 = aluEI(op, W32);
    define({ op: 0x80, reg: op, mnemonic: name, operands: 'Eb,Ib', r: ib.r, m: ib.m, lock });
    define({
      op: 0x81,
      reg: op,
      mnemonic: name,
      operands: 'Ev,Iz',
      r: [iz16.r, ALU_EV_I_REG32[op]],
      m: [iz16.m, iz32.m],
      lock,
    });
    define({ op: 0x82, reg: op, mnemonic: name, operands: 'Eb,Ib', r: ib.r, m: ib.m, lock });
    define({
      op: 0x83,
      reg: op,
      mnemonic: name,
      operands: 'Ev,Ibs',
      r: [iz16.r, ALU_EV_I_REG32[op]],
      m: [iz16.m, iz32.m],
      lock,
    });
  }
  for (let n = 0; n < 8; n++) {
    define({ op: 0x40 + n, mnemonic: 'inc', operands: 'Zv', r: [inc_r16, inc_r32] });
    define({ op: 0x48 + n, mnemonic: 'dec', operands: 'Zv', r: [dec_r16, dec_r32] });
  }
  for (const [reg, mnemonic, decrement] of [
    [0, 'inc', false],
    [1, 'dec', true],
  ] as const) {
    defineByteAndWordForms({ op: 0xfe, reg, mnemonic, operands: ['Eb', 'Ev'], lock: true }, (w) =>
      incdecE(w, decrement),
    );
  }

  define({ op: 0x84, mnemonic: 'test', operands: 'Eb,Gb', r: testEG(W8), m: testEG(W8) });
  const tv = [testEG(W16), testEG(W32)] as const;
  define({ op: 0x85, mnemonic: 'test', operands: 'Ev,Gv', r: [tv[0], test_Ev_Gv_reg32], m: tv });
  define({
    op: 0xa8,
    mnemonic: 'test',
    operands: 'AL,Ib',
    r: (c, i) => testOp(c, c.r8[0], c.dImm[i], 7),
  });
  define({
    op: 0xa9,
    mnemonic: 'test',
    operands: 'eAX,Iz',
    r: [(c, i) => testOp(c, c.r16[0], c.dImm[i], 15), (c, i) => testOp(c, c.r32[0], c.dImm[i], 31)],
  });
  for (const reg of [0, 1]) {
    define({ op: 0xf6, reg, mnemonic: 'test', operands: 'Eb,Ib', r: testEI(W8), m: testEI(W8) });
    const t = [testEI(W16), testEI(W32)] as const;
    define({ op: 0xf7, reg, mnemonic: 'test', operands: 'Ev,Iz', r: t, m: t });
  }
  defineByteAndWordForms({ op: 0xf6, reg: 2, mnemonic: 'not', operands: ['Eb', 'Ev'], lock: true }, notE);
  defineByteAndWordForms({ op: 0xf6, reg: 3, mnemonic: 'neg', operands: ['Eb', 'Ev'], lock: true }, negE);

  const rmw = { map: 1, lock: true, operands: ['Eb,Gb', 'Ev,Gv'] } as const;
  defineByteAndWordForms({ ...rmw, op: 0xb0, mnemonic: 'cmpxchg' }, cmpxchg);
  defineByteAndWordForms({ ...rmw, op: 0xc0, mnemonic: 'xadd' }, xadd);
  define({ map: 1, op: 0xc7, reg: 1, mnemonic: 'cmpxchg8b', operands: 'Mq', m: cmpxchg8b, lock: true });

  define({ op: 0x27, mnemonic: 'daa', r: daa });
  define({ op: 0x2f, mnemonic: 'das', r: das });
  define({ op: 0x37, mnemonic: 'aaa', r: aaa });
  define({ op: 0x3f, mnemonic: 'aas', r: aas });
  define({ op: 0xd4, mnemonic: 'aam', operands: 'Ib', r: aam, cost: CostClass.Div });
  define({ op: 0xd5, mnemonic: 'aad', operands: 'Ib', r: aad, cost: CostClass.Mul });
}
