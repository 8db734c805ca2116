// FPREM and FPREM1: the exact partial remainder (SDM Vol. 2A, FPREM and FPREM1). When the exponents
// differ by 64 or more, one step reduces the difference to N between 32 and 63: the processors we
// compare with (and QEMU, Bochs, AMD's documentation) take N = 32 + (D mod 32).
import {
  type ArithContext,
  type ArithResult,
  type Operand,
  propagateNaN,
  roundToRegister,
} from './arithmetic.js';
import { bitLength, INDEFINITE, isNaNClass, makeZero, signOf, toFinite } from './extended.js';
import { C0, C1, C2, C3, DE, IE } from './status.js';

export interface RemainderResult extends ArithResult {
  /** The new C3/C2/C1/C0 bits, or undefined to leave them (invalid operands). */
  codes: number | undefined;
}

/** ST(0) rem ST(1): truncating quotient (FPREM) or round-to-nearest-even quotient (FPREM1). */
export function partialRemainder(
  a: Operand,
  b: Operand,
  nearest: boolean,
  ctx: ArithContext,
): RemainderResult {
  const none = (r: ArithResult, codes?: number): RemainderResult => ({ ...r, codes });
  const invalid = () => none({ value: ctx.masks & IE ? INDEFINITE : null, flags: IE, roundedUp: false });
  if (a.cls === 'unsupported' || b.cls === 'unsupported') return invalid();
  if (isNaNClass(a.cls) || isNaNClass(b.cls)) return none(propagateNaN(a, b, ctx));
  if (a.cls === 'infinity' || b.cls === 'zero') return invalid();
  const flags = a.cls === 'denormal' || b.cls === 'denormal' ? DE : 0;
  if (flags && !(ctx.masks & DE)) return none({ value: null, flags, roundedUp: false });
  if (a.cls === 'zero' || b.cls === 'infinity') return none({ value: a.value, flags, roundedUp: false }, 0);
  const x = toFinite(a.value);
  const y = toFinite(b.value);
  const difference = x.exp + bitLength(x.mant) - (y.exp + bitLength(y.mant));
  const partial = difference >= 64;
  // A partial step divides by ST(1) × 2^(D − N), with N = 32 + (D mod 32).
  const yExp = partial ? y.exp + difference - (32 + (difference % 32)) : y.exp;
  const e = Math.min(x.exp, yExp);
  const dividend = x.mant << BigInt(x.exp - e);
  const divisor = y.mant << BigInt(yExp - e);
  let q = dividend / divisor;
  let r = dividend - q * divisor;
  let sign = signOf(a.value);
  if (nearest && !partial && (2n * r > divisor || (2n * r === divisor && (q & 1n) === 1n))) {
    q += 1n;
    r = divisor - r;
    sign ^= 1;
  }
  const codes = partial
    ? C2
    : ((q & 4n) !== 0n ? C0 : 0) | ((q & 2n) !== 0n ? C3 : 0) | ((q & 1n) !== 0n ? C1 : 0);
  if (r === 0n) return none({ value: makeZero(signOf(a.value)), flags, roundedUp: false }, codes);
  const result = roundToRegister(sign, r, e, { ...ctx, precision: 64 });
  return { ...result, flags: result.flags | flags, codes };
}
