// Conversions between memory formats (single, double, 16/32/64-bit integers) and the 80-bit register
// format: loads are exact (SDM Vol. 1, 4.2.2), stores round under RC (SDM Vol. 2A, FST/FIST).
import type { Operand } from './arithmetic.js';
import {
  bitLength,
  classify,
  EXPONENT_ALL_ONES,
  type Extended,
  INTEGER_BIT,
  makeInfinity,
  makeZero,
  packExtended,
  QUIET_BIT,
  signOf,
  toFinite,
} from './extended.js';
import { type Destination, DOUBLE, overflowResult, roundAt, roundToDestination, SINGLE } from './rounding.js';
import { IE, OE, PE, UE } from './status.js';

/** A binary floating-point memory format. */
interface MemoryFormat {
  exponentBits: number;
  fractionBits: number;
  dest: Destination;
}

const FLOAT32: MemoryFormat = { exponentBits: 8, fractionBits: 23, dest: SINGLE };
const FLOAT64: MemoryFormat = { exponentBits: 11, fractionBits: 52, dest: DOUBLE };

function loadFloat(bits: bigint, f: MemoryFormat): Operand {
  const fb = BigInt(f.fractionBits);
  const sign = Number(bits >> (fb + BigInt(f.exponentBits)));
  const maxExponent = (1 << f.exponentBits) - 1;
  const exponent = Number((bits >> fb) & BigInt(maxExponent));
  const fraction = bits & ((1n << fb) - 1n);
  const bias = (1 << (f.exponentBits - 1)) - 1;
  if (exponent === 0) {
    if (fraction === 0n) return { value: makeZero(sign), cls: 'zero' };
    return { value: packExtended(sign, fraction, 1 - bias - f.fractionBits), cls: 'denormal' };
  }
  if (exponent === maxExponent) {
    if (fraction === 0n) return { value: makeInfinity(sign), cls: 'infinity' };
    const sig = INTEGER_BIT | (fraction << BigInt(63 - f.fractionBits));
    const value = { signExp: (sign << 15) | EXPONENT_ALL_ONES, sig };
    return { value, cls: sig & QUIET_BIT ? 'qnan' : 'snan' };
  }
  return {
    value: packExtended(sign, fraction | (1n << fb), exponent - bias - f.fractionBits),
    cls: 'normal',
  };
}

export function loadFloat32(bits: number): Operand {
  return loadFloat(BigInt(bits >>> 0), FLOAT32);
}

export function loadFloat64(bits: bigint): Operand {
  return loadFloat(bits, FLOAT64);
}

export function loadInteger(value: bigint): Operand {
  if (value === 0n) return { value: makeZero(0), cls: 'zero' };
  const sign = value < 0n ? 1 : 0;
  return { value: packExtended(sign, sign ? -value : value, 0), cls: 'normal' };
}

export interface StoreResult {
  /** The bits to store, or null when an unmasked exception suppresses the store. */
  bits: bigint | null;
  flags: number;
  roundedUp: boolean;
}

function encodeFloat(sign: number, mant: bigint, lsb: number, f: MemoryFormat): bigint {
  const fb = BigInt(f.fractionBits);
  const signBit = BigInt(sign) << (fb + BigInt(f.exponentBits));
  if (mant === 0n) return signBit;
  const bias = (1 << (f.exponentBits - 1)) - 1;
  const n = bitLength(mant);
  const leading = lsb + n - 1;
  if (leading < f.dest.emin) return signBit | (mant << BigInt(lsb - f.dest.denormalLsb));
  const fraction = (mant << BigInt(f.fractionBits + 1 - n)) & ((1n << fb) - 1n);
  return signBit | (BigInt(leading + bias) << fb) | fraction;
}

function infinityBits(sign: number, f: MemoryFormat): bigint {
  const fb = BigInt(f.fractionBits);
  return (BigInt(sign) << (fb + BigInt(f.exponentBits))) | (BigInt((1 << f.exponentBits) - 1) << fb);
}

/** The QNaN indefinite of a memory format. */
function indefiniteBits(f: MemoryFormat): bigint {
  return infinityBits(1, f) | (1n << BigInt(f.fractionBits - 1));
}

function storeFloat(x: Extended, f: MemoryFormat, rc: number, masks: number): StoreResult {
  const cls = classify(x);
  const sign = signOf(x);
  switch (cls) {
    case 'unsupported':
      return masks & IE ? { bits: indefiniteBits(f), flags: IE, roundedUp: false } : suppressed(IE);
    case 'snan':
    case 'qnan': {
      if (cls === 'snan' && !(masks & IE)) return suppressed(IE);
      // The NaN's fraction is truncated to the format and made quiet (SDM Vol. 1, 4.8.3.6).
      const fraction = (x.sig & ~INTEGER_BIT) >> BigInt(63 - f.fractionBits);
      const bits = infinityBits(sign, f) | fraction | (1n << BigInt(f.fractionBits - 1));
      return { bits, flags: cls === 'snan' ? IE : 0, roundedUp: false };
    }
    case 'infinity':
      return { bits: infinityBits(sign, f), flags: 0, roundedUp: false };
    case 'zero':
      return { bits: encodeFloat(sign, 0n, 0, f), flags: 0, roundedUp: false };
  }
  const v = toFinite(x);
  const r = roundToDestination(sign, v.mant, v.exp, f.dest, rc);
  if (r.overflow) {
    // Unmasked overflow/underflow with a memory destination: nothing is stored (SDM Vol. 1, 4.9.1.4-5).
    if (!(masks & OE)) return suppressed(OE);
    const o = overflowResult(sign, f.dest, rc);
    const bits = o.infinite ? infinityBits(sign, f) : encodeFloat(sign, o.mant, o.lsb, f);
    return { bits, flags: OE | PE, roundedUp: o.infinite };
  }
  if (r.tiny) {
    if (!(masks & UE)) return suppressed(UE);
    const flags = r.inexact ? UE | PE : 0;
    return { bits: encodeFloat(sign, r.mant, r.lsb, f), flags, roundedUp: r.roundedUp };
  }
  return { bits: encodeFloat(sign, r.mant, r.lsb, f), flags: r.inexact ? PE : 0, roundedUp: r.roundedUp };
}

function suppressed(flags: number): StoreResult {
  return { bits: null, flags, roundedUp: false };
}

export function storeFloat32(x: Extended, rc: number, masks: number): StoreResult {
  return storeFloat(x, FLOAT32, rc, masks);
}

export function storeFloat64(x: Extended, rc: number, masks: number): StoreResult {
  return storeFloat(x, FLOAT64, rc, masks);
}

/**
 * FIST/FISTP: round to an integer of `bits` bits under RC; NaNs, infinities, unsupported encodings and
 * out-of-range values are invalid, with the integer indefinite (the most negative integer) as the masked
 * response (SDM Vol. 2A, FIST/FISTP). The result is the two's-complement bit pattern.
 */
export function storeInteger(x: Extended, bits: number, rc: number, masks: number): StoreResult {
  const cls = classify(x);
  const indefinite = 1n << BigInt(bits - 1);
  const invalidResult = (): StoreResult =>
    masks & IE ? { bits: indefinite, flags: IE, roundedUp: false } : suppressed(IE);
  if (cls === 'zero') return { bits: 0n, flags: 0, roundedUp: false };
  if (cls !== 'normal' && cls !== 'denormal') return invalidResult();
  const sign = signOf(x);
  const v = toFinite(x);
  const r = roundAt(sign, v.mant, v.exp, 0, rc);
  const limit = sign ? indefinite : indefinite - 1n;
  if (r.mant > limit) return invalidResult();
  const value = sign ? -r.mant : r.mant;
  return { bits: BigInt.asUintN(bits, value), flags: r.inexact ? PE : 0, roundedUp: r.roundedUp };
}
