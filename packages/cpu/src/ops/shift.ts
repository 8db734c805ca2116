/**
 * Shifts and rotates: ROL ROR RCL RCR SHL SHR SAL SAR (C0 C1 D0–D3) and SHLD/SHRD. Flags follow the
 * SDM vol. 2 pseudocode: shifts record them lazily (LF_RESULT), rotates, which keep SF ZF AF PF, set
 * CF and OF eagerly; where the SDM leaves OF undefined for counts above 1, the
 * count-1 formula is applied, which is what P6-family processors do for the cases we checked.
 */

import { CF, OF } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { define, type Handler } from '../decoder/opcode-table.js';
import { getCF, LF_RESULT, setArithFlags } from '../flags.js';
import { defineByteAndWordForms } from './define-widths.js';
import { readForWrite, regField, rmwAddr, W16, W32, type Width } from './width.js';

const NAMES = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'];

/** Performs shift/rotate `op` of `v` (a value of width w) by `count` (already masked to 5 bits). */
export function shift(c: Cpu, op: number, v: number, count: number, w: Width): number {
  const bits = w.bytes * 8;
  const mask = w.mask;
  v &= mask;
  if (count === 0) return v;
  let r: number;
  let cf: number;
  let of: number;
  switch (op) {
    case 0: {
      const n = count & (bits - 1);
      r = n === 0 ? v : ((v << n) | (v >>> (bits - n))) & mask;
      cf = r & 1;
      of = ((r >>> (bits - 1)) & 1) ^ cf;
      setArithFlags(c, CF | OF, (cf ? CF : 0) | (of ? OF : 0));
      return r;
    }
    case 1: {
      const n = count & (bits - 1);
      r = n === 0 ? v : ((v >>> n) | (v << (bits - n))) & mask;
      cf = (r >>> (bits - 1)) & 1;
      of = cf ^ ((r >>> (bits - 2)) & 1);
      setArithFlags(c, CF | OF, (cf ? CF : 0) | (of ? OF : 0));
      return r;
    }
    case 2: {
      const n = bits === 32 ? count : count % (bits + 1);
      cf = getCF(c);
      r = v;
      for (let k = 0; k < n; k++) {
        const out = (r >>> (bits - 1)) & 1;
        r = ((r << 1) | cf) & mask;
        cf = out;
      }
      of = ((r >>> (bits - 1)) & 1) ^ cf;
      setArithFlags(c, CF | OF, (cf ? CF : 0) | (of ? OF : 0));
      return r;
    }
    case 3: {
      const n = bits === 32 ? count : count % (bits + 1);
      cf = getCF(c);
      r = v;
      for (let k = 0; k < n; k++) {
        const out = r & 1;
        r = ((r >>> 1) | (cf << (bits - 1))) & mask;
        cf = out;
      }
      of = ((r >>> (bits - 1)) ^ (r >>> (bits - 2))) & 1;
      setArithFlags(c, CF | OF, (cf ? CF : 0) | (of ? OF : 0));
      return r;
    }
    case 4:
    case 6: {
      r = count < 32 ? (v << count) & mask : 0;
      cf = count <= bits ? (v >>> (bits - count)) & 1 : 0;
      of = ((r >>> (bits - 1)) & 1) ^ cf;
      break;
    }
    case 5: {
      r = count < 32 ? (v >>> count) & mask : 0;
      cf = count <= bits ? (v >>> (count - 1)) & 1 : 0;
      of = (v >>> (bits - 1)) & 1;
      break;
    }
    default: {
      const s = w.signed(v);
      r = (s >> Math.min(count, 31)) & mask;
      cf = (s >> Math.min(count - 1, 31)) & 1;
      of = 0;
      break;
    }
  }
  recordShift(c, r, cf, of, bits);
  return r;
}

/** Records the flags of a shift by a non-zero count lazily (every status flag is overwritten). */
function recordShift(c: Cpu, r: number, cf: number, of: number, bits: number): void {
  c.lfOp = LF_RESULT;
  c.lfR = r;
  c.lfCarry = cf;
  c.lfA = of;
  c.lfMsb = bits - 1;
}

/** Where a shift's count comes from. */
export type ShiftCount = 'imm' | 'one' | 'cl';

/**
 * The register forms of the 32-bit SHL/SAL, SHR and SAR handlers, with their operation (the /digit)
 * and count source: the block compiler writes these out inline.
 */
export const SHIFT_REG32_FORMS = new Map<Handler, { readonly op: number; readonly count: ShiftCount }>();

function shiftE(
  w: Width,
  op: number,
  count: ShiftCount,
  countOf: (c: Cpu, i: number) => number,
): { r: Handler; m: Handler } {
  const forms: { r: Handler; m: Handler } = {
    r: (c, i) => {
      const rm = c.decoded.modrm[i] & 7;
      const n = countOf(c, i) & 31;
      if (n !== 0) w.setReg(c, rm, shift(c, op, w.getReg(c, rm), n, w));
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      const n = countOf(c, i) & 31;
      const v = n !== 0 ? readForWrite(c, lin, w) : w.readLin(c, lin);
      if (n !== 0) w.writeLin(c, lin, shift(c, op, v, n, w));
    },
  };
  if (w === W32 && op >= 4) SHIFT_REG32_FORMS.set(forms.r, { op, count });
  return forms;
}

const byImm = (c: Cpu, i: number) => c.decoded.imm[i];
const byOne = () => 1;
const byCl = (c: Cpu) => c.r8[4];

/** SHLD (left) / SHRD of a width-w destination with bits from the source register. */
function doubleShift(c: Cpu, left: boolean, dst: number, src: number, n: number, w: Width): number {
  const bits = w.bytes * 8;
  let r: number;
  let cf: number;
  if (bits === 32) {
    if (left) {
      r = (dst << n) | (src >>> (32 - n));
      cf = (dst >>> (32 - n)) & 1;
    } else {
      r = (dst >>> n) | (src << (32 - n));
      cf = (dst >>> (n - 1)) & 1;
    }
  } else {
    // 16-bit: shift the 32-bit concatenation; counts above 16 give the P6 "rotate through" result.
    if (left) {
      const cat = ((dst & 0xffff) << 16) | (src & 0xffff);
      const wide = n <= 16 ? cat << n : ((cat << n) | ((dst & 0xffff) << (n - 16))) >>> 0;
      r = (wide >>> 16) & 0xffff;
      cf = n <= 16 ? (dst >>> (16 - n)) & 1 : (src >>> (32 - n)) & 1;
    } else {
      const cat = ((src & 0xffff) << 16) | (dst & 0xffff);
      r = n <= 16 ? (cat >>> n) & 0xffff : ((cat >>> n) | ((dst & 0xffff) << (32 - n))) & 0xffff;
      cf = n <= 16 ? (dst >>> (n - 1)) & 1 : (src >>> (n - 17)) & 1;
    }
  }
  r &= w.mask;
  const of = ((r ^ dst) >>> (bits - 1)) & 1;
  recordShift(c, r, cf, of, bits);
  return r;
}

function shd(w: Width, left: boolean, countOf: (c: Cpu, i: number) => number): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const rm = c.decoded.modrm[i] & 7;
      const n = countOf(c, i) & 31;
      if (n === 0) return;
      w.setReg(c, rm, doubleShift(c, left, w.getReg(c, rm), w.getReg(c, regField(c, i)), n, w));
    },
    m: (c, i) => {
      const lin = rmwAddr(c, i, w);
      const n = countOf(c, i) & 31;
      const v = n !== 0 ? readForWrite(c, lin, w) : w.readLin(c, lin);
      if (n === 0) return;
      w.writeLin(c, lin, doubleShift(c, left, v, w.getReg(c, regField(c, i)), n, w));
    },
  };
}

export function registerShift(): void {
  for (let op = 0; op < 8; op++) {
    const name = NAMES[op];
    const forms: [number, string, ShiftCount, (c: Cpu, i: number) => number][] = [
      [0xc0, 'Ib', 'imm', byImm],
      [0xd0, '1', 'one', byOne],
      [0xd2, 'CL', 'cl', byCl],
    ];
    for (const [base, operand, count, fn] of forms) {
      defineByteAndWordForms(
        { op: base, reg: op, mnemonic: name, operands: [`Eb,${operand}`, `Ev,${operand}`] },
        (w) => shiftE(w, op, count, fn),
      );
    }
  }
  const defs: [number, string, boolean, string, (c: Cpu, i: number) => number][] = [
    [0xa4, 'shld', true, 'Ev,Gv,Ib', byImm],
    [0xa5, 'shld', true, 'Ev,Gv,CL', byCl],
    [0xac, 'shrd', false, 'Ev,Gv,Ib', byImm],
    [0xad, 'shrd', false, 'Ev,Gv,CL', byCl],
  ];
  for (const [op, name, left, operands, fn] of defs) {
    const v16 = shd(W16, left, fn);
    const v32 = shd(W32, left, fn);
    define({ map: 1, op, mnemonic: name, operands, r: [v16.r, v32.r], m: [v16.m, v32.m] });
  }
}
