// Rounding an exact value to a destination format under the control word's RC field
// (SDM Vol. 1, 4.8.4 "Rounding" and 8.1.5.3 "Rounding Control Field").
import { bitLength } from './extended.js';

/** RC field values (SDM Vol. 1, Table 4-8). */
export const RC_NEAREST = 0;
export const RC_DOWN = 1;
export const RC_UP = 2;
export const RC_CHOP = 3;

/** A destination: significand precision and the normal exponent range [emin, emax] of its format. */
export interface Destination {
  precision: number;
  emin: number;
  emax: number;
  /** Exponent of the least significant bit of the format's denormals. */
  denormalLsb: number;
}

export const SINGLE: Destination = { precision: 24, emin: -126, emax: 127, denormalLsb: -149 };
export const DOUBLE: Destination = { precision: 53, emin: -1022, emax: 1023, denormalLsb: -1074 };

/**
 * An x87 register destination: the exponent range is always the extended one; the precision-control
 * field shortens the significand (SDM Vol. 1, 8.1.5.2), denormals included: with PC = single, a tiny
 * result keeps its least significant bit at 2^(-16382-23), not at the extended format's 2^-16445.
 */
export function registerDestination(precision: number): Destination {
  return { precision, emin: -16382, emax: 16383, denormalLsb: -16382 - precision + 1 };
}

export interface RoundedValue {
  /** Rounded value = mant × 2^lsb (mant may be 0 after underflow). */
  mant: bigint;
  lsb: number;
  inexact: boolean;
  /** The magnitude was increased (the x87 reports it in C1). */
  roundedUp: boolean;
}

/** Rounds the magnitude `mant × 2^exp` to a multiple of 2^lsb. */
export function roundAt(sign: number, mant: bigint, exp: number, lsb: number, rc: number): RoundedValue {
  const shift = lsb - exp;
  if (shift <= 0) return { mant: mant << BigInt(-shift), lsb, inexact: false, roundedUp: false };
  const big = BigInt(shift);
  const truncated = mant >> big;
  const rest = mant - (truncated << big);
  if (rest === 0n) return { mant: truncated, lsb, inexact: false, roundedUp: false };
  let up: boolean;
  switch (rc) {
    case RC_NEAREST: {
      const half = 1n << (big - 1n);
      up = rest > half || (rest === half && (truncated & 1n) === 1n);
      break;
    }
    case RC_DOWN:
      up = sign === 1;
      break;
    case RC_UP:
      up = sign === 0;
      break;
    default:
      up = false;
  }
  return { mant: up ? truncated + 1n : truncated, lsb, inexact: true, roundedUp: up };
}

/** Rounds to `precision` significant bits with an unbounded exponent range. */
export function roundUnbounded(
  sign: number,
  mant: bigint,
  exp: number,
  precision: number,
  rc: number,
): RoundedValue {
  const leading = exp + bitLength(mant) - 1;
  return roundAt(sign, mant, exp, leading - precision + 1, rc);
}

export interface DestinationRounding extends RoundedValue {
  /** Tiny: the result rounded with an unbounded exponent lies below 2^emin (x87 detects tininess after rounding). */
  tiny: boolean;
  /** The rounded result exceeds the largest finite value of the destination. */
  overflow: boolean;
}

/** Rounds a nonzero exact value `mant × 2^exp` into `dest`, denormalizing below its normal range. */
export function roundToDestination(
  sign: number,
  mant: bigint,
  exp: number,
  dest: Destination,
  rc: number,
): DestinationRounding {
  const leading = exp + bitLength(mant) - 1;
  const lsb = Math.max(leading - dest.precision + 1, dest.denormalLsb);
  const rounded = roundAt(sign, mant, exp, lsb, rc);
  let tiny = false;
  if (leading < dest.emin) {
    const unbounded = roundUnbounded(sign, mant, exp, dest.precision, rc);
    tiny = unbounded.lsb + bitLength(unbounded.mant) - 1 < dest.emin;
  }
  const overflow = rounded.mant !== 0n && rounded.lsb + bitLength(rounded.mant) - 1 > dest.emax;
  return { ...rounded, tiny, overflow };
}

/**
 * The masked response to overflow (SDM Vol. 1, 4.9.1.4, Table 4-10): infinity or the largest finite
 * value of the destination's precision, depending on the rounding direction and the sign.
 */
export function overflowResult(
  sign: number,
  dest: Destination,
  rc: number,
): { infinite: boolean; mant: bigint; lsb: number } {
  const toInfinity = rc === RC_NEAREST || (rc === RC_DOWN && sign === 1) || (rc === RC_UP && sign === 0);
  const mant = (1n << BigInt(dest.precision)) - 1n;
  return { infinite: toInfinity, mant, lsb: dest.emax - dest.precision + 1 };
}
