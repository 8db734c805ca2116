// The 80-bit double extended-precision format (Intel SDM Vol. 1, 4.2.2 and 8.2): a sign, a 15-bit biased
// exponent and a 64-bit significand whose integer bit (bit 63) is explicit. Values are kept exactly as the
// register holds them (`signExp` = sign << 15 | exponent, `sig` = the 64 significand bits), so loads,
// stores and FXCH move encodings that are not valid numbers (unnormals, pseudo-NaNs) unchanged.

export interface Extended {
  /** Bit 15: sign; bits 14–0: biased exponent. */
  signExp: number;
  /** The 64-bit significand, integer bit included (0 ≤ sig < 2^64). */
  sig: bigint;
}

export const EXTENDED_BIAS = 16383;
export const EXPONENT_ALL_ONES = 0x7fff;
export const INTEGER_BIT = 1n << 63n;
export const QUIET_BIT = 1n << 62n;
export const SIG_MASK = (1n << 64n) - 1n;
/** Exponent of the least significant significand bit of a denormal: 2^(1 - 16383 - 63). */
export const EXTENDED_DENORMAL_LSB = 1 - EXTENDED_BIAS - 63;

/** The QNaN floating-point indefinite (SDM Vol. 1, 4.8.3.7): the masked response to invalid operations. */
export const INDEFINITE: Readonly<Extended> = { signExp: 0xffff, sig: 0xc000000000000000n };

export type ExtendedClass = 'zero' | 'denormal' | 'normal' | 'infinity' | 'qnan' | 'snan' | 'unsupported';

/**
 * Classifies an encoding as the x87 of the Pentium II sees it (SDM Vol. 1, 8.2.2, Table 8-3):
 * pseudo-denormals count as denormals; unnormals, pseudo-infinities and pseudo-NaNs are unsupported
 * and make arithmetic raise the invalid-operation exception.
 */
export function classify(x: Extended): ExtendedClass {
  const exponent = x.signExp & EXPONENT_ALL_ONES;
  const integerBit = (x.sig & INTEGER_BIT) !== 0n;
  if (exponent === 0) return x.sig === 0n ? 'zero' : 'denormal';
  if (!integerBit) return 'unsupported';
  if (exponent !== EXPONENT_ALL_ONES) return 'normal';
  if ((x.sig & ~INTEGER_BIT) === 0n) return 'infinity';
  return (x.sig & QUIET_BIT) !== 0n ? 'qnan' : 'snan';
}

export function signOf(x: Extended): number {
  return x.signExp >>> 15;
}

export function isNaNClass(c: ExtendedClass): boolean {
  return c === 'qnan' || c === 'snan';
}

/** A finite value as `mant × 2^exp` (exact; `mant` is the raw significand, so normals have bit 63 set). */
export interface Finite {
  sign: number;
  mant: bigint;
  exp: number;
}

/** The exact value of a zero, denormal or normal encoding. */
export function toFinite(x: Extended): Finite {
  const exponent = x.signExp & EXPONENT_ALL_ONES;
  // Denormals and pseudo-denormals use the minimum exponent (SDM Vol. 1, 4.8.3.2).
  const exp = (exponent === 0 ? 1 : exponent) - EXTENDED_BIAS - 63;
  return { sign: signOf(x), mant: x.sig, exp };
}

export function makeInfinity(sign: number): Extended {
  return { signExp: (sign << 15) | EXPONENT_ALL_ONES, sig: INTEGER_BIT };
}

export function makeZero(sign: number): Extended {
  return { signExp: sign << 15, sig: 0n };
}

export function quiet(x: Extended): Extended {
  return { signExp: x.signExp, sig: x.sig | QUIET_BIT };
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Encodes `mant × 2^lsb` (already rounded so that it fits) in the extended format: normal when the
 * leading bit is at or above 2^-16382, denormal otherwise. `mant` = 0 gives a signed zero.
 */
export function packExtended(sign: number, mant: bigint, lsb: number): Extended {
  if (mant === 0n) return makeZero(sign);
  const n = bitLength(mant);
  const leading = lsb + n - 1;
  if (leading < 1 - EXTENDED_BIAS) {
    return { signExp: sign << 15, sig: mant << BigInt(lsb - EXTENDED_DENORMAL_LSB) };
  }
  return { signExp: (sign << 15) | (leading + EXTENDED_BIAS), sig: mant << BigInt(64 - n) };
}

/** Encodes an exact value in the extended format without rounding (caller guarantees it fits in 64 bits). */
export function normalizeExact(value: Finite): Extended {
  return packExtended(value.sign, value.mant, value.exp);
}
