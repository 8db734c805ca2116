// FXTRACT and FSCALE: splitting a value into exponent and significand, and scaling by a power of two
// (SDM Vol. 2A, FXTRACT and FSCALE).
import {
  type ArithContext,
  type ArithResult,
  type Operand,
  propagateNaN,
  roundToRegister,
  WRAP_BIAS,
} from './arithmetic.js';
import {
  bitLength,
  type Extended,
  INDEFINITE,
  isNaNClass,
  makeInfinity,
  makeZero,
  packExtended,
  quiet,
  signOf,
  toFinite,
} from './extended.js';
import { RC_CHOP, roundAt } from './rounding.js';
import { DE, IE, OE, PE, UE, ZE } from './status.js';

export interface ExtractResult {
  /** ST(1) after the instruction (the exponent), ST(0) (the significand); null when suppressed. */
  exponent: Extended | null;
  significand: Extended | null;
  flags: number;
}

export function extract(a: Operand, ctx: ArithContext): ExtractResult {
  const suppressed = (flags: number): ExtractResult => ({ exponent: null, significand: null, flags });
  if (a.cls === 'unsupported') return ctx.masks & IE ? both(INDEFINITE, INDEFINITE, IE) : suppressed(IE);
  if (isNaNClass(a.cls)) {
    const flags = a.cls === 'snan' ? IE : 0;
    if (flags && !(ctx.masks & IE)) return suppressed(IE);
    return both(quiet(a.value), quiet(a.value), flags);
  }
  const sign = signOf(a.value);
  if (a.cls === 'zero') {
    if (!(ctx.masks & ZE)) return suppressed(ZE);
    return both(makeInfinity(1), a.value, ZE);
  }
  if (a.cls === 'infinity') return both(makeInfinity(0), a.value, 0);
  const flags = a.cls === 'denormal' ? DE : 0;
  if (flags && !(ctx.masks & DE)) return suppressed(DE);
  const f = toFinite(a.value);
  const n = bitLength(f.mant);
  const e = f.exp + n - 1;
  const exponent = e === 0 ? makeZero(0) : packExtended(e < 0 ? 1 : 0, BigInt(Math.abs(e)), 0);
  return both(exponent, packExtended(sign, f.mant, 1 - n), flags);
}

function both(exponent: Extended, significand: Extended, flags: number): ExtractResult {
  return { exponent, significand, flags };
}

/** Scales beyond this cannot change the outcome (any finite value over- or underflows). */
const SCALE_CLAMP = 1 << 17;

/** FSCALE: ST(0) × 2^trunc(ST(1)), rounded under PC and RC. */
export function scale(a: Operand, b: Operand, ctx: ArithContext): ArithResult {
  const invalid = (): ArithResult => ({
    value: ctx.masks & IE ? INDEFINITE : null,
    flags: IE,
    roundedUp: false,
  });
  if (a.cls === 'unsupported' || b.cls === 'unsupported') return invalid();
  if (isNaNClass(a.cls) || isNaNClass(b.cls)) return propagateNaN(a, b, ctx);
  const sa = signOf(a.value);
  if (b.cls === 'infinity') {
    const up = signOf(b.value) === 0;
    if (up && a.cls === 'zero') return invalid();
    if (!up && a.cls === 'infinity') return invalid();
  }
  const flags = a.cls === 'denormal' || b.cls === 'denormal' ? DE : 0;
  if (flags && !(ctx.masks & DE)) return { value: null, flags, roundedUp: false };
  if (b.cls === 'infinity') {
    const up = signOf(b.value) === 0;
    if (a.cls === 'infinity' || a.cls === 'zero') return { value: a.value, flags, roundedUp: false };
    return { value: up ? makeInfinity(sa) : makeZero(sa), flags, roundedUp: false };
  }
  if (a.cls === 'zero' || a.cls === 'infinity') return { value: a.value, flags, roundedUp: false };
  let n = 0;
  if (b.cls !== 'zero') {
    const fb = toFinite(b.value);
    const t = roundAt(signOf(b.value), fb.mant, fb.exp, 0, RC_CHOP).mant;
    n = Number(t > BigInt(SCALE_CLAMP) ? BigInt(SCALE_CLAMP) : t) * (signOf(b.value) ? -1 : 1);
  }
  const fa = toFinite(a.value);
  const leading = fa.exp + bitLength(fa.mant) - 1 + n;
  // Unmasked overflow/underflow so far out that even the rebiased result does not fit: infinity or zero.
  if (leading > 16383 + WRAP_BIAS && !(ctx.masks & OE)) {
    return { value: makeInfinity(sa), flags: flags | OE | PE, roundedUp: true };
  }
  if (leading < -16446 - WRAP_BIAS && !(ctx.masks & UE)) {
    return { value: makeZero(sa), flags: flags | UE | PE, roundedUp: false };
  }
  // The precision-control field does not apply to FSCALE (SDM Vol. 1, 8.1.5.2).
  const r = roundToRegister(sa, fa.mant, fa.exp + n, { ...ctx, precision: 64 });
  return { ...r, flags: r.flags | flags };
}
