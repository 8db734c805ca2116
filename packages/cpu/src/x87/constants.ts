// FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ (SDM Vol. 2A, "FLD1/FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2/
// FLDZ"): each constant is rounded to 64 significand bits under RC, without the precision exception
// (SDM Vol. 1, 8.3.8 "Pi"). The SDM describes the source as a 66-bit internal constant; the processors we
// compare with round the exact value (FLDLG2 in round-to-nearest gives ...F799, where a 66-bit
// constant ending in a tie would give ...F798), so the significands below carry 128 bits.
import { type Extended, makeZero, packExtended } from './extended.js';
import { roundAt } from './rounding.js';

/** 128-bit significands (truncated; leading bit first) and the exponent of their leading bit. */
const CONSTANTS: Record<number, { mant: bigint; leading: number }> = {
  232: { mant: 1n << 127n, leading: 0 }, // 1.0
  233: { mant: 0xd49a784bcd1b8afe492bf6ff4dafdb4cn, leading: 1 }, // log2(10)
  234: { mant: 0xb8aa3b295c17f0bbbe87fed0691d3e88n, leading: 0 }, // log2(e)
  235: { mant: 0xc90fdaa22168c234c4c6628b80dc1cd1n, leading: 1 }, // pi
  236: { mant: 0x9a209a84fbcff7988f8959ac0b7c9178n, leading: -2 }, // log10(2)
  237: { mant: 0xb17217f7d1cf79abc9e3b39803f2f6afn, leading: -1 }, // ln(2)
};

/** The constant loaded by D9 E8–EE. */
export function loadConstant(modrm: number, rc: number): Extended {
  const c = CONSTANTS[modrm];
  if (!c) return makeZero(0);
  // The truncated tail is nonzero for the irrational constants: a sticky bit keeps directed rounding right.
  const sticky = modrm === 0xe8 ? 0n : 1n;
  const r = roundAt(0, (c.mant << 1n) | sticky, c.leading - 128, c.leading - 63, rc);
  return packExtended(0, r.mant, r.lsb);
}
