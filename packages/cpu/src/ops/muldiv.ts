/**
 * Multiplication and division: MUL, IMUL (one, two and three operands), DIV, IDIV. Division by zero
 * and quotient overflow raise #DE (a fault: EIP stays at the instruction). The SDM leaves SF ZF AF PF
 * undefined after MUL/IMUL and all status flags after DIV/IDIV; we set SF ZF PF from the low
 * result and AF = 0 after multiplication and leave the flags unchanged after division.
 */
import { DE, EAX, EDX } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import { LF_RESULT } from '../flags.js';
import { readE, regField, W8, W16, W32, type Width } from './width.js';

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit values. */
function mulHighU32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + Math.floor(lh / 65536) + Math.floor(hl / 65536) + Math.floor(mid / 65536)) >>> 0;
}

/** CF = OF = the product did not fit; SF ZF PF from the low result, AF = 0 (recorded lazily). */
function mulFlags(c: Cpu, overflow: boolean, low: number, msb: number): void {
  c.lfOp = LF_RESULT;
  c.lfR = low;
  c.lfCarry = overflow ? 1 : 0;
  c.lfA = c.lfCarry;
  c.lfMsb = msb;
}

function mul(w: Width, signed: boolean): Handler {
  return (c, i) => {
    const src = readE(c, i, w);
    if (w.bytes === 1) {
      const p = signed ? W8.signed(c.r8[0]) * W8.signed(src) : c.r8[0] * src;
      c.r16[0] = p;
      mulFlags(c, signed ? p !== W8.signed(p & 0xff) : (p & 0xff00) !== 0, p, 7);
    } else if (w.bytes === 2) {
      const p = signed ? W16.signed(c.r16[0]) * W16.signed(src) : c.r16[0] * src;
      c.r16[0] = p;
      c.r16[EDX << 1] = p >> 16;
      mulFlags(c, signed ? p !== W16.signed(p & 0xffff) : (p & 0xffff0000) !== 0, p, 15);
    } else {
      const a = c.r32[EAX] >>> 0;
      const b = src >>> 0;
      let hi = mulHighU32(a, b);
      const lo = Math.imul(a, b);
      if (signed) {
        if (a & 0x80000000) hi = (hi - b) >>> 0;
        if (b & 0x80000000) hi = (hi - a) >>> 0;
      }
      c.r32[EAX] = lo;
      c.r32[EDX] = hi;
      mulFlags(c, signed ? (hi | 0) !== lo >> 31 : hi !== 0, lo, 31);
    }
  };
}

/** IMUL r, r/m[, imm]: truncated signed product, CF = OF = the product did not fit. */
function imulTruncating(w: Width, immediate: boolean): Handler {
  return (c, i) => {
    const a = w.signed(readE(c, i, w));
    const b = immediate ? w.signed(c.decoded.imm[i]) : w.signed(w.getReg(c, regField(c, i)));
    let r: number;
    let overflow: boolean;
    if (w.bytes === 2) {
      const p = a * b;
      r = p & 0xffff;
      overflow = p !== W16.signed(r);
    } else {
      r = Math.imul(a, b);
      const exact = a * b;
      overflow = Number.isSafeInteger(exact) ? exact !== r : true;
    }
    w.setReg(c, regField(c, i), r);
    mulFlags(c, overflow, r, w.bytes * 8 - 1);
  };
}

function div(w: Width, signed: boolean): Handler {
  return (c, i) => {
    const s = readE(c, i, w);
    if ((s & w.mask) === 0) throw new CpuFault(DE);
    if (w.bytes === 1) {
      if (signed) {
        const n = W16.signed(c.r16[0]);
        const d = W8.signed(s);
        const q = Math.trunc(n / d);
        if (q > 127 || q < -128) throw new CpuFault(DE);
        c.r8[0] = q;
        c.r8[1] = n - q * d;
      } else {
        const n = c.r16[0];
        const q = Math.floor(n / s);
        if (q > 0xff) throw new CpuFault(DE);
        c.r8[0] = q;
        c.r8[1] = n % s;
      }
    } else if (w.bytes === 2) {
      const hi = c.r16[EDX << 1];
      const lo = c.r16[0];
      if (signed) {
        const n = (hi << 16) | lo | 0;
        const d = W16.signed(s);
        const q = Math.trunc(n / d);
        if (q > 32767 || q < -32768) throw new CpuFault(DE);
        c.r16[0] = q;
        c.r16[EDX << 1] = n - q * d;
      } else {
        const n = hi * 65536 + lo;
        const q = Math.floor(n / s);
        if (q > 0xffff) throw new CpuFault(DE);
        c.r16[0] = q;
        c.r16[EDX << 1] = n % s;
      }
    } else {
      const lo = c.r32[EAX] >>> 0;
      const hi = c.r32[EDX];
      if (signed) {
        const d = s | 0;
        let q: number;
        let r: number;
        if (hi === (lo | 0) >> 31) {
          const n = lo | 0;
          q = Math.trunc(n / d);
          r = n - q * d;
        } else {
          const big = (BigInt(hi) << 32n) | BigInt(lo);
          const bq = big / BigInt(d);
          q = Number(bq);
          r = Number(big - bq * BigInt(d));
        }
        if (q > 0x7fffffff || q < -0x80000000) throw new CpuFault(DE);
        c.r32[EAX] = q;
        c.r32[EDX] = r;
      } else {
        const d = s >>> 0;
        const uhi = hi >>> 0;
        if (uhi >= d) throw new CpuFault(DE);
        if (uhi === 0) {
          c.r32[EAX] = Math.floor(lo / d);
          c.r32[EDX] = lo % d;
        } else {
          const big = (BigInt(uhi) << 32n) | BigInt(lo);
          const bd = BigInt(d);
          c.r32[EAX] = Number(big / bd);
          c.r32[EDX] = Number(big % bd);
        }
      }
    }
  };
}

export function registerMulDiv(): void {
  const table: [number, string, boolean, (w: Width, s: boolean) => Handler, CostClass][] = [
    [4, 'mul', false, mul, CostClass.Mul],
    [5, 'imul', true, mul, CostClass.Mul],
    [6, 'div', false, div, CostClass.Div],
    [7, 'idiv', true, div, CostClass.Div],
  ];
  for (const [reg, name, signed, make, cost] of table) {
    const b = make(W8, signed);
    const v = [make(W16, signed), make(W32, signed)] as const;
    define({ op: 0xf6, reg, mnemonic: name, operands: 'Eb', r: b, m: b, cost });
    define({ op: 0xf7, reg, mnemonic: name, operands: 'Ev', r: v, m: v, cost });
  }
  const t = [imulTruncating(W16, false), imulTruncating(W32, false)] as const;
  define({ map: 1, op: 0xaf, mnemonic: 'imul', operands: 'Gv,Ev', r: t, m: t, cost: CostClass.Mul });
  const ti = [imulTruncating(W16, true), imulTruncating(W32, true)] as const;
  define({ op: 0x69, mnemonic: 'imul', operands: 'Gv,Ev,Iz', r: ti, m: ti, cost: CostClass.Mul });
  define({ op: 0x6b, mnemonic: 'imul', operands: 'Gv,Ev,Ibs', r: ti, m: ti, cost: CostClass.Mul });
}
