// Packed BCD integers for FBLD/FBSTP (SDM Vol. 1, 4.7 "BCD and Packed BCD Integers"): 18 digits in
// bytes 0–8 (two per byte, least significant first) and the sign in bit 7 of byte 9.
import type { Operand } from './arithmetic.js';
import { classify, type Extended, makeZero, packExtended, signOf, toFinite } from './extended.js';
import { roundAt } from './rounding.js';
import { IE, PE } from './status.js';

export const BCD_BYTES = 10;
const BCD_LIMIT = 10n ** 18n - 1n;

/** Decodes a packed BCD value (digits above 9 are taken at face value, as the hardware's result is undefined). */
export function loadBcd(bytes: Uint8Array): Operand {
  let value = 0n;
  for (let i = 8; i >= 0; i--) value = value * 100n + BigInt((bytes[i] >> 4) * 10 + (bytes[i] & 15));
  const sign = bytes[9] >> 7;
  if (value === 0n) return { value: makeZero(sign), cls: 'zero' };
  return { value: packExtended(sign, value, 0), cls: 'normal' };
}

export interface BcdStore {
  /** The 10 bytes to store, or null when an unmasked invalid operation suppresses the store. */
  bytes: Uint8Array | null;
  flags: number;
  roundedUp: boolean;
}

/** The packed BCD indefinite: FFFF C000 0000 0000 0000 (SDM Vol. 1, 4.8.3.7). */
function indefinite(): Uint8Array {
  const bytes = new Uint8Array(BCD_BYTES);
  bytes[7] = 0xc0;
  bytes[8] = 0xff;
  bytes[9] = 0xff;
  return bytes;
}

/** FBSTP: round to an integer under RC; beyond ±(10^18 − 1), NaNs and infinities are invalid. */
export function storeBcd(x: Extended, rc: number, masks: number): BcdStore {
  const cls = classify(x);
  const invalid = (): BcdStore =>
    masks & IE
      ? { bytes: indefinite(), flags: IE, roundedUp: false }
      : { bytes: null, flags: IE, roundedUp: false };
  if (cls !== 'zero' && cls !== 'normal' && cls !== 'denormal') return invalid();
  const sign = signOf(x);
  const f = toFinite(x);
  const r =
    cls === 'zero' ? { mant: 0n, inexact: false, roundedUp: false } : roundAt(sign, f.mant, f.exp, 0, rc);
  if (r.mant > BCD_LIMIT) return invalid();
  const bytes = new Uint8Array(BCD_BYTES);
  let v = r.mant;
  for (let i = 0; i < 9; i++) {
    const pair = Number(v % 100n);
    v /= 100n;
    bytes[i] = ((Math.floor(pair / 10) << 4) | (pair % 10)) & 0xff;
  }
  bytes[9] = sign << 7;
  return { bytes, flags: r.inexact ? PE : 0, roundedUp: r.roundedUp };
}
