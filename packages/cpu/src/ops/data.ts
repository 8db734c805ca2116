/**
 * Data movement: MOV (all forms but segment and control registers), MOVZX, MOVSX, LEA, XCHG, BSWAP,
 * CMOVcc, SETcc, CBW/CWDE, CWD/CDQ, LAHF, SAHF, XLAT, NOP.
 */

import { AF, CF, EAX, PF, SF, ZF } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler } from '../decoder/opcode-table.js';
import { condition, materializeFlags } from '../flags.js';
import { defineByteAndWordForms } from './define-widths.js';
import { R8, readE, readForWrite, regField, rmwAddr, W8, W16, W32, type Width, writeE } from './width.js';

const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

export { CC };

export function mov_Ev_Gv_reg32(c: Cpu, i: number): void {
  const m = c.dModrm[i];
  c.r32[m & 7] = c.r32[(m >>> 3) & 7];
}

export function mov_Ev_Gv_mem32(c: Cpu, i: number): void {
  c.write32(c.decoded.seg[i], c.ea(i), c.r32[(c.dModrm[i] >>> 3) & 7]);
}

export function mov_Gv_Ev_mem32(c: Cpu, i: number): void {
  c.r32[(c.dModrm[i] >>> 3) & 7] = c.read32(c.decoded.seg[i], c.ea(i));
}

function movEG(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      w.setReg(c, m & 7, w.getReg(c, (m >>> 3) & 7));
    },
    m: (c, i) => w.write(c, c.decoded.seg[i], c.ea(i), w.getReg(c, regField(c, i))),
  };
}

function movGE(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      w.setReg(c, (m >>> 3) & 7, w.getReg(c, m & 7));
    },
    m: (c, i) => w.setReg(c, regField(c, i), w.read(c, c.decoded.seg[i], c.ea(i))),
  };
}

function movEI(w: Width): Handler {
  return (c, i) => writeE(c, i, w, c.dImm[i]);
}

export function mov_r32_imm(c: Cpu, i: number): void {
  c.r32[c.dOpcode[i] & 7] = c.dImm[i];
}

function mov_r16_imm(c: Cpu, i: number): void {
  c.r16[(c.dOpcode[i] & 7) << 1] = c.dImm[i];
}

function mov_r8_imm(c: Cpu, i: number): void {
  c.r8[R8[c.dOpcode[i] & 7]] = c.dImm[i];
}

/** A0–A3: MOV between the accumulator and a moffs. */
function movMoffs(w: Width, toAcc: boolean): Handler {
  return toAcc
    ? (c, i) => w.setReg(c, EAX, w.read(c, c.decoded.seg[i], c.ea(i)))
    : (c, i) => w.write(c, c.decoded.seg[i], c.ea(i), w.getReg(c, EAX));
}

export function lea32(c: Cpu, i: number): void {
  c.r32[(c.dModrm[i] >>> 3) & 7] = c.ea(i);
}

function lea(w: Width): Handler {
  return (c, i) => w.setReg(c, regField(c, i), c.ea(i));
}

function xchgEG(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const m = c.dModrm[i];
      const a = w.getReg(c, m & 7);
      w.setReg(c, m & 7, w.getReg(c, (m >>> 3) & 7));
      w.setReg(c, (m >>> 3) & 7, a);
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      const reg = regField(c, i);
      const a = readForWrite(c, lin, w);
      w.writeLin(c, lin, w.getReg(c, reg));
      w.setReg(c, reg, a);
    },
  };
}

function xchgAcc(w: Width): Handler {
  return (c, i) => {
    const n = c.dOpcode[i] & 7;
    const a = w.getReg(c, EAX);
    w.setReg(c, EAX, w.getReg(c, n));
    w.setReg(c, n, a);
  };
}

function movx(src: Width, dst: Width, signed: boolean): Handler {
  return (c, i) => {
    const v = readE(c, i, src);
    dst.setReg(c, regField(c, i), signed ? src.signed(v) : v);
  };
}

function cmov(w: Width): Handler {
  // CMOVcc reads its source even when the condition is false (a memory source can fault).
  return (c, i) => {
    const v = readE(c, i, w);
    if (condition(c, c.dOpcode[i] & 15)) w.setReg(c, regField(c, i), v);
  };
}

function setcc(c: Cpu, i: number): void {
  writeE(c, i, W8, condition(c, c.dOpcode[i] & 15) ? 1 : 0);
}

function bswap(c: Cpu, i: number): void {
  const n = c.dOpcode[i] & 7;
  const v = c.r32[n];
  c.r32[n] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

function bswap16(c: Cpu, i: number): void {
  // BSWAP with a 16-bit operand is undefined; P6 hardware clears the low word.
  c.r16[(c.dOpcode[i] & 7) << 1] = 0;
}

export function registerData(): void {
  const eb = movEG(W8);
  const ev16 = movEG(W16);
  define({ op: 0x88, mnemonic: 'mov', operands: 'Eb,Gb', r: eb.r, m: eb.m, cost: CostClass.Simple });
  define({
    op: 0x89,
    mnemonic: 'mov',
    operands: 'Ev,Gv',
    r: [ev16.r, mov_Ev_Gv_reg32],
    m: [ev16.m, mov_Ev_Gv_mem32],
    cost: CostClass.Store,
  });
  const gb = movGE(W8);
  const gv16 = movGE(W16);
  const gv32 = movGE(W32);
  define({ op: 0x8a, mnemonic: 'mov', operands: 'Gb,Eb', r: gb.r, m: gb.m });
  define({ op: 0x8b, mnemonic: 'mov', operands: 'Gv,Ev', r: [gv16.r, gv32.r], m: [gv16.m, mov_Gv_Ev_mem32] });
  define({ op: 0xa0, mnemonic: 'mov', operands: 'AL,Ob', r: movMoffs(W8, true) });
  define({ op: 0xa1, mnemonic: 'mov', operands: 'eAX,Ov', r: [movMoffs(W16, true), movMoffs(W32, true)] });
  define({ op: 0xa2, mnemonic: 'mov', operands: 'Ob,AL', r: movMoffs(W8, false) });
  define({ op: 0xa3, mnemonic: 'mov', operands: 'Ov,eAX', r: [movMoffs(W16, false), movMoffs(W32, false)] });
  for (let n = 0; n < 8; n++) {
    define({ op: 0xb0 + n, mnemonic: 'mov', operands: 'Zb,Ib', r: mov_r8_imm });
    define({ op: 0xb8 + n, mnemonic: 'mov', operands: 'Zv,Iv', r: [mov_r16_imm, mov_r32_imm] });
  }
  define({ op: 0xc6, reg: 0, mnemonic: 'mov', operands: 'Eb,Ib', r: movEI(W8), m: movEI(W8) });
  const ei = [movEI(W16), movEI(W32)] as const;
  define({ op: 0xc7, reg: 0, mnemonic: 'mov', operands: 'Ev,Iz', r: ei, m: ei });
  define({ op: 0x8d, mnemonic: 'lea', operands: 'Gv,M', m: [lea(W16), lea32] });
  defineByteAndWordForms({ op: 0x86, mnemonic: 'xchg', operands: ['Eb,Gb', 'Ev,Gv'], lock: true }, xchgEG);
  define({ op: 0x90, mnemonic: 'nop', r: () => {} });
  for (let n = 1; n < 8; n++) {
    define({ op: 0x90 + n, mnemonic: 'xchg', operands: 'Zv,eAX', r: [xchgAcc(W16), xchgAcc(W32)] });
  }
  define({
    map: 1,
    op: 0xb6,
    mnemonic: 'movzx',
    operands: 'Gv,Eb',
    r: [movx(W8, W16, false), movx(W8, W32, false)],
    m: [movx(W8, W16, false), movx(W8, W32, false)],
  });
  define({
    map: 1,
    op: 0xb7,
    mnemonic: 'movzx',
    operands: 'Gv,Ew',
    r: [movx(W16, W16, false), movx(W16, W32, false)],
    m: [movx(W16, W16, false), movx(W16, W32, false)],
  });
  define({
    map: 1,
    op: 0xbe,
    mnemonic: 'movsx',
    operands: 'Gv,Eb',
    r: [movx(W8, W16, true), movx(W8, W32, true)],
    m: [movx(W8, W16, true), movx(W8, W32, true)],
  });
  define({
    map: 1,
    op: 0xbf,
    mnemonic: 'movsx',
    operands: 'Gv,Ew',
    r: [movx(W16, W16, true), movx(W16, W32, true)],
    m: [movx(W16, W16, true), movx(W16, W32, true)],
  });
  const cm = [cmov(W16), cmov(W32)] as const;
  for (let cc = 0; cc < 16; cc++) {
    define({ map: 1, op: 0x40 + cc, mnemonic: `cmov${CC[cc]}`, operands: 'Gv,Ev', r: cm, m: cm });
    define({ map: 1, op: 0x90 + cc, mnemonic: `set${CC[cc]}`, operands: 'Eb', r: setcc, m: setcc });
  }
  for (let n = 0; n < 8; n++) {
    define({ map: 1, op: 0xc8 + n, mnemonic: 'bswap', operands: 'Zv', r: [bswap16, bswap] });
  }
  define({
    op: 0x98,
    mnemonic: 'cbw|cwde',
    r: [(c) => (c.r16[0] = (c.r8[0] << 24) >> 24), (c) => (c.r32[0] = (c.r16[0] << 16) >> 16)],
  });
  define({
    op: 0x99,
    mnemonic: 'cwd|cdq',
    r: [(c) => (c.r16[4] = c.r16[0] & 0x8000 ? 0xffff : 0), (c) => (c.r32[2] = c.r32[0] >> 31)],
  });
  define({
    op: 0x9f,
    mnemonic: 'lahf',
    r: (c) => {
      materializeFlags(c);
      c.r8[1] = (c.flags & (SF | ZF | AF | PF | CF)) | 2;
    },
  });
  define({
    op: 0x9e,
    mnemonic: 'sahf',
    r: (c) => {
      materializeFlags(c);
      const mask = SF | ZF | AF | PF | CF;
      c.flags = (c.flags & ~mask) | (c.r8[1] & mask);
    },
  });
  define({
    op: 0xd7,
    mnemonic: 'xlat',
    operands: 'Mb',
    modrm: false,
    r: (c, i) => {
      const off = c.decoded.pfx[i] & 8 ? (c.r32[3] + c.r8[0]) >>> 0 : (c.r16[6] + c.r8[0]) & 0xffff;
      c.r8[0] = c.read8(c.decoded.seg[i], off);
    },
  });
  // Multi-byte and hint NOPs (P6). They do not access memory. Memory forms that later CPUs gave a
  // meaning (0F 18 /0–3 and /6–7 prefetches, 0F 1C /0 CLDEMOTE, 0F 0D PREFETCH) are left undefined, as
  // iced-x86 classifies them; their register forms stay NOPs.
  const nop = () => {};
  define({ map: 1, op: 0x1f, reg: 0, mnemonic: 'nop', operands: 'Ev', r: nop, m: nop });
  for (let reg = 1; reg < 8; reg++)
    define({ map: 1, op: 0x1f, reg, mnemonic: 'nop', operands: 'Ev,Gv', r: nop, m: nop });
  for (let reg = 0; reg < 8; reg++) {
    const memToo = reg === 4 || reg === 5;
    define({
      map: 1,
      op: 0x18,
      reg,
      mnemonic: 'nop',
      operands: 'Ev,Gv',
      r: nop,
      m: memToo ? nop : undefined,
    });
    define({ map: 1, op: 0x0d, reg, mnemonic: 'nop', operands: 'Ev,Gv', r: nop });
    define({
      map: 1,
      op: 0x1c,
      reg,
      mnemonic: 'nop',
      operands: 'Ev,Gv',
      r: nop,
      m: reg === 0 ? undefined : nop,
    });
  }
  for (const op of [0x19, 0x1a, 0x1b, 0x1d, 0x1e])
    define({ map: 1, op, mnemonic: 'nop', operands: 'Ev,Gv', r: nop, m: nop });
}
