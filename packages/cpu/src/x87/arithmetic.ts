// Exact x87 arithmetic on 80-bit values: the operation is computed exactly (BigInt significands, a sticky
// bit where the exact result is infinite), then rounded once under the control word (SDM Vol. 1, 4.8.4,
// 8.1.5). Special operands follow SDM Vol. 1, 4.8.3 and Table 4-7 (NaN propagation), 4.9.1 (exceptions).
import {
  classify,
  type Extended,
  type ExtendedClass,
  INDEFINITE,
  isNaNClass,
  makeInfinity,
  makeZero,
  packExtended,
  QUIET_BIT,
  quiet,
  signOf,
  toFinite,
} from './extended.js';
import {
  type Destination,
  overflowResult,
  RC_DOWN,
  registerDestination,
  roundAt,
  roundToDestination,
  roundUnbounded,
} from './rounding.js';
import { DE, IE, OE, PE, UE, ZE } from './status.js';

/** Exponent bias adjustment for unmasked overflow/underflow to a register (SDM Vol. 1, 8.5.4/8.5.5). */
export const WRAP_BIAS = 24576;

export interface ArithContext {
  rc: number;
  /** Significand bits from the PC field (24, 53 or 64). */
  precision: number;
  /** Control-word exception masks (bits 0–5; a set bit masks). */
  masks: number;
}

export interface ArithResult {
  /** The value to store, or null when an unmasked exception suppresses the result. */
  value: Extended | null;
  flags: number;
  /** The magnitude was rounded up (reported in C1). */
  roundedUp: boolean;
}

/** An operand and the class of its *source* encoding (a float32 denormal is exact in extended, yet a denormal operand). */
export interface Operand {
  value: Extended;
  cls: ExtendedClass;
}

export function registerOperand(value: Extended): Operand {
  return { value, cls: classify(value) };
}

function invalid(ctx: ArithContext): ArithResult {
  return { value: ctx.masks & IE ? INDEFINITE : null, flags: IE, roundedUp: false };
}

/** NaN propagation between two operands (SDM Vol. 1, Table 4-7), at least one being a NaN. */
export function propagateNaN(a: Operand, b: Operand, ctx: ArithContext): ArithResult {
  const aNaN = isNaNClass(a.cls);
  const bNaN = isNaNClass(b.cls);
  const signaling = a.cls === 'snan' || b.cls === 'snan';
  let chosen: Extended;
  if (aNaN && bNaN && a.cls === b.cls) {
    chosen = largerNaN(a.value, b.value);
  } else if (aNaN && bNaN) {
    chosen = a.cls === 'qnan' ? a.value : b.value; // an SNaN and a QNaN: the QNaN
  } else {
    chosen = aNaN ? a.value : b.value;
  }
  if (signaling && !(ctx.masks & IE)) return { value: null, flags: IE, roundedUp: false };
  return { value: quiet(chosen), flags: signaling ? IE : 0, roundedUp: false };
}

/** Two NaNs of the same kind: the larger significand wins; equal significands: the positive one. */
function largerNaN(a: Extended, b: Extended): Extended {
  const ma = a.sig & ~QUIET_BIT;
  const mb = b.sig & ~QUIET_BIT;
  if (ma !== mb) return ma > mb ? a : b;
  return a.signExp <= b.signExp ? a : b;
}

/** Rounds an exact nonzero result into a register (precision from PC), with the x87's overflow/underflow responses. */
export function roundToRegister(sign: number, mant: bigint, exp: number, ctx: ArithContext): ArithResult {
  const dest = registerDestination(ctx.precision);
  const r = roundToDestination(sign, mant, exp, dest, ctx.rc);
  if (r.overflow) {
    if (ctx.masks & OE) {
      const o = overflowResult(sign, dest, ctx.rc);
      const value = o.infinite ? makeInfinity(sign) : packExtended(sign, o.mant, o.lsb);
      return { value, flags: OE | PE, roundedUp: o.infinite };
    }
    return wrapped(sign, mant, exp, dest, ctx, -WRAP_BIAS, OE);
  }
  if (r.tiny) {
    if (!(ctx.masks & UE)) return wrapped(sign, mant, exp, dest, ctx, WRAP_BIAS, UE);
    const value = packExtended(sign, r.mant, r.lsb);
    return { value, flags: r.inexact ? UE | PE : 0, roundedUp: r.roundedUp };
  }
  return { value: packExtended(sign, r.mant, r.lsb), flags: r.inexact ? PE : 0, roundedUp: r.roundedUp };
}

/** The unmasked overflow/underflow response: the result rounded to precision with its exponent rebiased. */
function wrapped(
  sign: number,
  mant: bigint,
  exp: number,
  dest: Destination,
  ctx: ArithContext,
  adjust: number,
  flag: number,
): ArithResult {
  const u = roundUnbounded(sign, mant, exp, dest.precision, ctx.rc);
  return {
    value: packExtended(sign, u.mant, u.lsb + adjust),
    flags: flag | (u.inexact ? PE : 0),
    roundedUp: u.roundedUp,
  };
}

/** Exceptions common to every two-operand operation before the result is computed. */
function screen(a: Operand, b: Operand, ctx: ArithContext): ArithResult | number {
  if (a.cls === 'unsupported' || b.cls === 'unsupported') return invalid(ctx);
  if (isNaNClass(a.cls) || isNaNClass(b.cls)) return propagateNaN(a, b, ctx);
  return a.cls === 'denormal' || b.cls === 'denormal' ? DE : 0;
}

function withFlags(result: ArithResult, flags: number): ArithResult {
  return { ...result, flags: result.flags | flags };
}

export type BinaryOperation = 'add' | 'sub' | 'mul' | 'div';

/** a (op) b, for FADD/FSUB/FMUL/FDIV and their reversed and integer forms. */
export function binary(op: BinaryOperation, a: Operand, b: Operand, ctx: ArithContext): ArithResult {
  const screened = screen(a, b, ctx);
  if (typeof screened !== 'number') return screened;
  const aInf = a.cls === 'infinity';
  const bInf = b.cls === 'infinity';
  const aZero = a.cls === 'zero';
  const bZero = b.cls === 'zero';
  const sa = signOf(a.value);
  const sb = signOf(b.value) ^ (op === 'sub' ? 1 : 0);
  switch (op) {
    case 'add':
    case 'sub':
      if (aInf && bInf && sa !== sb) return invalid(ctx);
      break;
    case 'mul':
      if ((aInf && bZero) || (aZero && bInf)) return invalid(ctx);
      break;
    case 'div':
      if ((aInf && bInf) || (aZero && bZero)) return invalid(ctx);
      break;
  }
  if (op === 'div' && bZero && !aInf) {
    // Division by zero takes precedence over a denormal dividend (no DE).
    const flags = ZE;
    if (!(ctx.masks & ZE)) return { value: null, flags, roundedUp: false };
    return { value: makeInfinity(sa ^ signOf(b.value)), flags, roundedUp: false };
  }
  const flags = screened;
  if (flags & DE && !(ctx.masks & DE)) return { value: null, flags, roundedUp: false };
  if (op === 'add' || op === 'sub') return withFlags(addValues(a, sa, b, sb, ctx), flags);
  const sign = sa ^ signOf(b.value);
  if (op === 'mul') {
    if (aInf || bInf) return { value: makeInfinity(sign), flags, roundedUp: false };
    if (aZero || bZero) return { value: makeZero(sign), flags, roundedUp: false };
    const x = toFinite(a.value);
    const y = toFinite(b.value);
    return withFlags(roundToRegister(sign, x.mant * y.mant, x.exp + y.exp, ctx), flags);
  }
  if (aInf) return { value: makeInfinity(sign), flags, roundedUp: false };
  if (bInf || aZero) return { value: makeZero(sign), flags, roundedUp: false };
  const q = divideExact(toFinite(a.value), toFinite(b.value));
  return withFlags(roundToRegister(sign, q.mant, q.exp, ctx), flags);
}

/** Beyond this exponent gap the smaller addend only matters as a sticky bit below every rounding position. */
const STICKY_GAP = 160;

function addValues(a: Operand, sa: number, b: Operand, sb: number, ctx: ArithContext): ArithResult {
  if (a.cls === 'infinity') return { value: makeInfinity(sa), flags: 0, roundedUp: false };
  if (b.cls === 'infinity') return { value: makeInfinity(sb), flags: 0, roundedUp: false };
  const zeroSign = ctx.rc === RC_DOWN ? 1 : 0;
  if (a.cls === 'zero' && b.cls === 'zero') {
    return { value: makeZero(sa === sb ? sa : zeroSign), flags: 0, roundedUp: false };
  }
  if (a.cls === 'zero' || b.cls === 'zero') {
    // x + 0 = x, but still rounded to the precision control (and a denormal stays one).
    const x = toFinite(a.cls === 'zero' ? b.value : a.value);
    return roundToRegister(a.cls === 'zero' ? sb : sa, x.mant, x.exp, ctx);
  }
  let x = toFinite(a.value);
  let y = toFinite(b.value);
  const xTop = x.exp + 64;
  const yTop = y.exp + 64;
  if (xTop - yTop > STICKY_GAP) y = { sign: y.sign, mant: 1n, exp: x.exp - STICKY_GAP };
  else if (yTop - xTop > STICKY_GAP) x = { sign: x.sign, mant: 1n, exp: y.exp - STICKY_GAP };
  const exp = Math.min(x.exp, y.exp);
  const vx = x.mant << BigInt(x.exp - exp);
  const vy = y.mant << BigInt(y.exp - exp);
  const sum = (sa ? -vx : vx) + (sb ? -vy : vy);
  if (sum === 0n) return { value: makeZero(zeroSign), flags: 0, roundedUp: false };
  return sum < 0n ? roundToRegister(1, -sum, exp, ctx) : roundToRegister(0, sum, exp, ctx);
}

/** a / b with 66+ quotient bits and a sticky bit, enough for any rounding to 64 bits. */
function divideExact(
  a: { mant: bigint; exp: number },
  b: { mant: bigint; exp: number },
): { mant: bigint; exp: number } {
  const shift = 130n;
  const numerator = a.mant << shift;
  const q = numerator / b.mant;
  const sticky = numerator - q * b.mant === 0n ? 0n : 1n;
  return { mant: (q << 1n) | sticky, exp: a.exp - b.exp - 131 };
}

/** FSQRT (SDM Vol. 2A, FSQRT). */
export function squareRoot(a: Operand, ctx: ArithContext): ArithResult {
  if (a.cls === 'unsupported') return invalid(ctx);
  if (isNaNClass(a.cls)) return propagateNaN(a, a, ctx);
  const sign = signOf(a.value);
  if (a.cls === 'zero') return { value: a.value, flags: 0, roundedUp: false };
  if (sign === 1) return invalid(ctx);
  if (a.cls === 'infinity') return { value: a.value, flags: 0, roundedUp: false };
  const flags = a.cls === 'denormal' ? DE : 0;
  if (flags && !(ctx.masks & DE)) return { value: null, flags, roundedUp: false };
  const x = toFinite(a.value);
  let mant = x.mant;
  let exp = x.exp;
  if (exp & 1) {
    mant <<= 1n;
    exp -= 1;
  }
  const scaled = mant << 140n; // an even shift: ≥ 70 result bits
  const root = isqrt(scaled);
  const sticky = root * root === scaled ? 0n : 1n;
  return withFlags(roundToRegister(0, (root << 1n) | sticky, (exp - 140) / 2 - 1, ctx), flags);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Result of a comparison in C3, C2, C0 (SDM Vol. 2A, FCOM/FUCOM: Table 3-21). */
export type Ordering = 'greater' | 'less' | 'equal' | 'unordered';

export interface CompareResult {
  ordering: Ordering;
  flags: number;
  /** An unmasked exception: the condition codes are still set, but the instruction does not pop. */
  suppressed: boolean;
}

/** FCOM (ordered: any NaN is invalid) or FUCOM (unordered: only SNaNs are). */
export function compare(a: Operand, b: Operand, ordered: boolean, ctx: ArithContext): CompareResult {
  if (a.cls === 'unsupported' || b.cls === 'unsupported' || isNaNClass(a.cls) || isNaNClass(b.cls)) {
    const signaling =
      ordered || a.cls === 'snan' || b.cls === 'snan' || a.cls === 'unsupported' || b.cls === 'unsupported';
    const flags = signaling ? IE : 0;
    return { ordering: 'unordered', flags, suppressed: signaling && !(ctx.masks & IE) };
  }
  const flags = a.cls === 'denormal' || b.cls === 'denormal' ? DE : 0;
  if (flags && !(ctx.masks & DE)) return { ordering: orderOf(a, b), flags, suppressed: true };
  return { ordering: orderOf(a, b), flags, suppressed: false };
}

function orderOf(a: Operand, b: Operand): Ordering {
  const va = signedMagnitude(a);
  const vb = signedMagnitude(b);
  if (va.inf !== 0 || vb.inf !== 0) {
    if (va.inf === vb.inf) return 'equal';
    return va.inf > vb.inf ? 'greater' : 'less';
  }
  const exp = Math.min(va.exp, vb.exp);
  const x = va.mant << BigInt(va.exp - exp);
  const y = vb.mant << BigInt(vb.exp - exp);
  const sx = va.sign ? -x : x;
  const sy = vb.sign ? -y : y;
  return sx > sy ? 'greater' : sx < sy ? 'less' : 'equal';
}

/** The value as ±infinity (inf = ±1) or a signed finite magnitude (inf = 0). */
function signedMagnitude(o: Operand): { inf: number; sign: number; mant: bigint; exp: number } {
  const sign = signOf(o.value);
  if (o.cls === 'infinity') return { inf: sign ? -1 : 1, sign, mant: 0n, exp: 0 };
  const f = toFinite(o.value);
  return { inf: 0, sign, mant: f.mant, exp: f.exp };
}

/** FRNDINT: round to an integral value under RC (the PC field does not apply). */
export function roundToIntegral(a: Operand, ctx: ArithContext): ArithResult {
  if (a.cls === 'unsupported') return invalid(ctx);
  if (isNaNClass(a.cls)) return propagateNaN(a, a, ctx);
  if (a.cls === 'zero' || a.cls === 'infinity') return { value: a.value, flags: 0, roundedUp: false };
  const flags = a.cls === 'denormal' ? DE : 0;
  if (flags && !(ctx.masks & DE)) return { value: null, flags, roundedUp: false };
  const x = toFinite(a.value);
  const sign = signOf(a.value);
  const r = roundAt(sign, x.mant, x.exp, 0, ctx.rc);
  return {
    value: packExtended(sign, r.mant, 0),
    flags: flags | (r.inexact ? PE : 0),
    roundedUp: r.roundedUp,
  };
}
