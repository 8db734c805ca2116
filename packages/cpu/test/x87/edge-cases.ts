// Hand-picked operands run under every rounding mode and precision control, with the overflow/underflow
// exceptions masked and unmasked: ties, carries into the exponent, overflow and underflow thresholds,
// denormal results, exact cancellation and signed zeros.
import { MEM_BYTES, STATE_BYTES, type X87Case } from './host.js';

const J = 1n << 63n;

interface Ext {
  signExp: number;
  sig: bigint;
}

const e = (signExp: number, sig: bigint): Ext => ({ signExp, sig });
const ONE = e(0x3fff, J);
const MAX = e(0x7ffe, (1n << 64n) - 1n);
const MIN_NORMAL = e(0x0001, J);

/** Operand pairs (ST(0), ST(1)). */
const PAIRS: [Ext, Ext][] = [
  [ONE, e(0x3fff - 24, J)], // 1 + 2^-24: a tie at single precision
  [ONE, e(0x3fff - 53, J)], // a tie at double precision
  [ONE, e(0x3fff - 64, J)], // a tie at extended precision
  [ONE, e(0x3fff - 64, J | 1n)], // just above the tie
  [e(0x3fff, J | 1n), e(0x3fff - 64, J)], // a tie with an odd significand
  [e(0x3fff, (1n << 64n) - 1n), e(0x3fff - 64, J)], // carry into the exponent
  [ONE, e(0x8000 | 0x3fff, J)], // exact cancellation: the sign of zero depends on RC
  [e(0x8000, 0n), e(0, 0n)], // -0 + +0
  [e(0x8000, 0n), e(0x8000, 0n)], // -0 + -0
  [MAX, MAX], // overflow
  [MAX, e(0x3fbf, J)], // MAX + half an ulp
  [e(0x5fff, J), e(0x5fff, J)], // product overflows
  [e(0x2000, J), e(0x2000, J | 12345n)], // product underflows to a denormal or zero
  [MIN_NORMAL, e(0x3ffe, J | 1n)], // product just below the normal range: tininess after rounding
  [MIN_NORMAL, e(0x3ffe, (1n << 64n) - 1n)], // rounds up to the smallest normal
  [e(0x0001, J | 0x5555n), e(0x8001, J)], // difference of tiny normals: exact denormal
  [e(0, 0x4000000000000001n), e(0x3fff, J | (1n << 62n))], // denormal operand × 1.5
  [e(0, J | 7n), ONE], // pseudo-denormal
  [e(0x4000, 0xc000000000000000n), e(0x3fff, 0xc000000000000000n)], // 3 / 1.5
  [ONE, e(0x4000, 0xc000000000000000n)], // 1 / 3: inexact in every precision
  [e(0x3fff, 0xaaaaaaaaaaaaaaabn), e(0x3ffe, J | 1n)],
  [e(0x403e, (1n << 64n) - 1n), ONE], // 2^64 - 1
  [e(0x401e, 0xfffffffe80000000n), ONE], // 2^31 - 1.5: integer store ties
  [e(0xc01e, J), ONE], // -2^31
  [e(0xc00e, J | (1n << 48n)), ONE], // -32768.5 (int16 range end)
  [e(0x3ffe, J), ONE], // 0.5
  [e(0xbffe, 0xc000000000000000n), ONE], // -0.75
  [e(0x3f80, J | (1n << 39n)), ONE], // float32 range: 2^-127 region (denormal float)
  [e(0x407f, 0xffffff8000000000n), ONE], // rounds to float32 overflow in nearest
  [e(0x3c00, J | (1n << 10n)), ONE], // float64 denormal region
  [e(0x43fe, 0xfffffffffffffc00n), ONE], // float64 max + half ulp
  [e(0x7fff, J), e(0xffff, J)], // inf - inf
  [e(0x7fff, 0xc000000000000001n), e(0x7fff, 0xa000000000000000n)], // QNaN and SNaN
  [e(0xffff, 0xc000000000000000n), e(0x7fff, 0xc000000000000000n)], // NaNs equal but for the sign
  [e(0x3fff, 0n), ONE], // unnormal
];

/** Instructions applied to the pairs: arithmetic on ST(0),ST(1), FSQRT, FRNDINT and the stores. */
const CODES: number[][] = [
  [0xd8, 0xc1], // fadd %st(1),%st
  [0xd8, 0xe1], // fsub
  [0xd8, 0xe9], // fsubr
  [0xd8, 0xc9], // fmul
  [0xd8, 0xf1], // fdiv
  [0xd8, 0xf9], // fdivr
  [0xd8, 0xd1], // fcom
  [0xdd, 0xe1], // fucom
  [0xd9, 0xfa], // fsqrt
  [0xd9, 0xfc], // frndint
  [0xd9, 0xf8], // fprem
  [0xd9, 0xf5], // fprem1
  [0xd9, 0xfd], // fscale
  [0xd9, 0xf4], // fxtract
  [0xd9, 0x10], // fsts (%eax)
  [0xdd, 0x10], // fstl (%eax)
  [0xdf, 0x10], // fists
  [0xdb, 0x10], // fistl
  [0xdf, 0x38], // fistpll
];

export function edgeCases(): X87Case[] {
  const cases: X87Case[] = [];
  for (const code of CODES) {
    for (const [a, b] of PAIRS) {
      for (const pc of [0, 2, 3]) {
        for (let rc = 0; rc < 4; rc++) {
          for (const masks of [0x3f, 0x3f & ~0x18, 0x3f & ~0x01]) {
            const state = new Uint8Array(STATE_BYTES);
            const view = new DataView(state.buffer);
            view.setUint32(0, (0xffff0000 | 0x40 | masks | (pc << 8) | (rc << 10)) >>> 0, true);
            view.setUint32(4, 0xffff0000, true);
            view.setUint32(8, 0xfffffff0, true); // ST(0), ST(1) in use (TOP = 0)
            for (const [i, x] of [a, b].entries()) {
              view.setBigUint64(28 + 10 * i, x.sig, true);
              view.setUint16(36 + 10 * i, x.signExp, true);
            }
            cases.push({ state, mem: new Uint8Array(MEM_BYTES), code });
          }
        }
      }
    }
  }
  return cases;
}
