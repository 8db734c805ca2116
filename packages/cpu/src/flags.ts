/**
 * Lazy arithmetic flags. The hot ALU instructions record their operands, result and width instead of
 * computing CF PF AF ZF SF OF; a flag is computed when something reads it. `lfMsb` is the index of
 * the sign bit (7, 15 or 31); values are kept unmasked, the formulas only look at bits <= lfMsb.
 */

import { AF, ARITH_FLAGS, CF, OF, PF, SF, ZF } from './constants.js';
import type { Cpu } from './cpu.js';

export const LF_NONE = 0;
/** ADD and ADC: R = A + B (+ carry). */
export const LF_ADD = 1;
/** SUB, SBB, CMP, NEG (A = 0): R = A - B (- borrow). */
export const LF_SUB = 2;
/** AND, OR, XOR, TEST: CF = OF = AF = 0. */
export const LF_LOGIC = 3;
/** INC: like ADD with B = 1, CF preserved in lfCarry. */
export const LF_INC = 4;
/** DEC: like SUB with B = 1, CF preserved in lfCarry. */
export const LF_DEC = 5;
/**
 * A result with its own CF and OF: CF in lfCarry, OF in bit 0 of lfA, AF = 0, ZF SF PF from lfR.
 * Shifts by a non-zero count (SHL/SAL SHR SAR SHLD SHRD; CF is the last bit shifted out) and
 * multiplications (CF = OF = the product did not fit) record this; it saves materialising the flags
 * of the instruction before, which they overwrite anyway.
 */
export const LF_RESULT = 6;

/** PF for each low byte: 1 when the number of set bits is even. */
export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let n = i;
  n ^= n >> 4;
  n ^= n >> 2;
  n ^= n >> 1;
  PARITY[i] = (n & 1) ^ 1;
}

export function getCF(c: Cpu): number {
  const op = c.lfOp;
  if (op === LF_ADD || op === LF_SUB) {
    // ADD: carry out of the msb; SUB: borrow into it (A < B unsigned, at the operand width).
    const a = op === LF_ADD ? c.lfA : ~c.lfA;
    const b = c.lfB;
    const r = op === LF_ADD ? ~c.lfR : c.lfR;
    return (((a & b) | ((a | b) & r)) >>> c.lfMsb) & 1;
  }
  if (op === LF_NONE) return c.flags & CF;
  // LOGIC clears CF; INC, DEC and RESULT keep theirs in lfCarry.
  return op === LF_LOGIC ? 0 : c.lfCarry;
}

export function getZF(c: Cpu): number {
  if (c.lfOp === LF_NONE) return (c.flags >>> 6) & 1;
  return c.lfR << (31 - c.lfMsb) === 0 ? 1 : 0;
}

export function getSF(c: Cpu): number {
  if (c.lfOp === LF_NONE) return (c.flags >>> 7) & 1;
  return (c.lfR >>> c.lfMsb) & 1;
}

export function getPF(c: Cpu): number {
  if (c.lfOp === LF_NONE) return (c.flags >>> 2) & 1;
  return PARITY[c.lfR & 0xff];
}

export function getAF(c: Cpu): number {
  if (c.lfOp === LF_NONE) return (c.flags >>> 4) & 1;
  if (c.lfOp === LF_LOGIC || c.lfOp === LF_RESULT) return 0;
  return ((c.lfA ^ c.lfB ^ c.lfR) >>> 4) & 1;
}

export function getOF(c: Cpu): number {
  switch (c.lfOp) {
    case LF_NONE:
      return (c.flags >>> 11) & 1;
    case LF_ADD:
    case LF_INC:
      return (((c.lfA ^ c.lfR) & (c.lfB ^ c.lfR)) >>> c.lfMsb) & 1;
    case LF_SUB:
    case LF_DEC:
      return (((c.lfA ^ c.lfB) & (c.lfA ^ c.lfR)) >>> c.lfMsb) & 1;
    case LF_RESULT:
      return c.lfA & 1;
    default:
      return 0;
  }
}

/** Computes the lazy flags into `c.flags` and switches lazy evaluation off. */
export function materializeFlags(c: Cpu): void {
  if (c.lfOp === LF_NONE) return;
  const f =
    getCF(c) | (getPF(c) << 2) | (getAF(c) << 4) | (getZF(c) << 6) | (getSF(c) << 7) | (getOF(c) << 11);
  c.flags = (c.flags & ~ARITH_FLAGS) | f;
  c.lfOp = LF_NONE;
}

/** Sets the status flags from an eagerly computed value (only the bits in `mask` change). */
export function setArithFlags(c: Cpu, mask: number, value: number): void {
  materializeFlags(c);
  c.flags = (c.flags & ~mask) | (value & mask);
}

/** ZF, SF, PF of a result of width msb+1 as flag bits. */
export function szp(result: number, msb: number): number {
  return (
    (result << (31 - msb) === 0 ? ZF : 0) | ((result >>> msb) & 1 ? SF : 0) | (PARITY[result & 0xff] ? PF : 0)
  );
}

/** Evaluates condition code `cc` (the low nibble of Jcc/SETcc/CMOVcc). */
export function condition(c: Cpu, cc: number): boolean {
  switch (cc) {
    case 0x0:
      return getOF(c) === 1;
    case 0x1:
      return getOF(c) === 0;
    case 0x2:
      return getCF(c) === 1;
    case 0x3:
      return getCF(c) === 0;
    case 0x4:
      return getZF(c) === 1;
    case 0x5:
      return getZF(c) === 0;
    case 0x6:
      return (getCF(c) | getZF(c)) === 1;
    case 0x7:
      return (getCF(c) | getZF(c)) === 0;
    case 0x8:
      return getSF(c) === 1;
    case 0x9:
      return getSF(c) === 0;
    case 0xa:
      return getPF(c) === 1;
    case 0xb:
      return getPF(c) === 0;
    case 0xc:
      return getSF(c) !== getOF(c);
    case 0xd:
      return getSF(c) === getOF(c);
    case 0xe:
      return getZF(c) === 1 || getSF(c) !== getOF(c);
    default:
      return getZF(c) === 0 && getSF(c) === getOF(c);
  }
}

export { AF, CF, OF, PF, SF, ZF };
