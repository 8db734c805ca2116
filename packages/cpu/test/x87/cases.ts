// Random and edge-case x87 test cases: an FPU state (FNSAVE image), a memory operand and one instruction.
import { MEM_BYTES, STATE_BYTES, type X87Case } from './host.js';

/** A small seeded PRNG (mulberry32), so a failing seed can be replayed. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  below(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
}

interface Ext {
  signExp: number;
  sig: bigint;
}

const J = 1n << 63n;

/** Significand patterns that put ties and near-ties at the 24-, 53- and 64-bit rounding points. */
function significand(r: Random): bigint {
  const base = r.u64() | J;
  switch (r.below(8)) {
    case 0: {
      const cut = BigInt(r.pick([40, 11, 1]));
      const tie = 1n << (cut - 1n);
      return (base & ~((1n << cut) - 1n)) | r.pick([tie, tie - 1n, tie + 1n, 0n]);
    }
    case 1:
      return J | BigInt(r.below(16)); // few significant bits: exact results
    case 2:
      return (1n << 64n) - 1n - BigInt(r.below(4)); // all ones: rounding carries into the exponent
    case 3:
      return base & ~((1n << 40n) - 1n); // exactly representable in single
    default:
      return base;
  }
}

export function randomExtended(r: Random, exponentCentre = 0x3fff, spread = 70): Ext {
  const sign = r.below(2) << 15;
  switch (r.below(40)) {
    case 0:
      return { signExp: sign, sig: 0n };
    case 1:
      return { signExp: sign | 0x7fff, sig: J };
    case 2:
      return { signExp: sign | 0x7fff, sig: J | (1n << 62n) | (r.chance(0.5) ? 0n : r.u64() >> 2n) }; // QNaN
    case 3:
      return { signExp: sign | 0x7fff, sig: J | ((r.u64() >> 2n) | 1n) }; // SNaN
    case 4:
      return { signExp: sign, sig: r.chance(0.3) ? J | (r.u64() >> 1n) : r.u64() >> BigInt(1 + r.below(63)) }; // denormal / pseudo-denormal
    case 5:
      return { signExp: sign | (1 + r.below(3)), sig: significand(r) }; // smallest normals
    case 6:
      return { signExp: sign | (0x7ffe - r.below(3)), sig: significand(r) }; // largest normals
    case 7:
      if (r.chance(0.5)) return { signExp: sign | (1 + r.below(0x7ffe)), sig: r.u64() >> 1n }; // unnormal
      return { signExp: sign | 0x7fff, sig: r.u64() >> 1n }; // pseudo-infinity / pseudo-NaN
    case 8:
      return { signExp: sign | (1 + r.below(0x7ffe)), sig: significand(r) };
    case 9:
      return { signExp: 0xffff, sig: 0xc000000000000000n };
    case 10:
      return { signExp: sign | (0x3fff + r.below(4)), sig: J | (BigInt(r.below(8)) << 60n) }; // small integers
    default: {
      const e = exponentCentre - spread + r.below(2 * spread + 1);
      return { signExp: sign | Math.min(0x7ffe, Math.max(1, e)), sig: significand(r) };
    }
  }
}

/** A second operand close to the first (cancellation, ties, exponent gaps around 64). */
function relatedExtended(r: Random, a: Ext): Ext {
  const e = a.signExp & 0x7fff;
  if (e === 0 || e === 0x7fff || r.chance(0.4)) return randomExtended(r);
  const sign = (r.below(2) << 15) as number;
  if (r.chance(0.3)) {
    // Products and quotients that land near the overflow or underflow threshold.
    const result = r.pick([0x7ffe, 0x7fff, 1, 0, -30, -63]); // biased exponent of the result
    const exponent = (r.chance(0.5) ? result + 0x3fff - e : e - result + 0x3fff) + r.below(3) - 1;
    if (exponent >= 1 && exponent <= 0x7ffe) return { signExp: sign | exponent, sig: significand(r) };
  }
  const gap = r.pick([0, 0, 1, 23, 24, 25, 52, 53, 54, 63, 64, 65, 66, 80, 200]) * (r.chance(0.5) ? 1 : -1);
  const exponent = Math.min(0x7ffe, Math.max(1, e + gap));
  const delta = BigInt(r.below(5)) - 2n;
  let sig = r.chance(0.5) ? a.sig + delta : significand(r);
  if (sig >= 1n << 64n || sig < J) sig = a.sig;
  return { signExp: sign | exponent, sig };
}

function float32Bits(r: Random): number {
  const sign = r.below(2) << 31;
  switch (r.below(10)) {
    case 0:
      return (sign | 0) >>> 0;
    case 1:
      return (sign | 0x7f800000) >>> 0;
    case 2:
      return (sign | 0x7fc00000 | r.below(1 << 22)) >>> 0;
    case 3:
      return (sign | 0x7f800000 | (1 + r.below((1 << 22) - 1))) >>> 0;
    case 4:
      return (sign | (1 + r.below((1 << 23) - 1))) >>> 0; // denormal
    case 5:
      return (sign | ((127 + r.below(9) - 4) << 23) | r.below(1 << 23)) >>> 0;
    default:
      return r.u32();
  }
}

function float64Bits(r: Random): bigint {
  const sign = BigInt(r.below(2)) << 63n;
  const frac = r.u64() & ((1n << 52n) - 1n);
  switch (r.below(10)) {
    case 0:
      return sign;
    case 1:
      return sign | (0x7ffn << 52n);
    case 2:
      return sign | (0x7ffn << 52n) | (1n << 51n) | (frac >> 1n);
    case 3:
      return sign | (0x7ffn << 52n) | ((frac >> 1n) | 1n);
    case 4:
      return sign | (frac | 1n); // denormal
    case 5:
      return sign | (BigInt(1023 + r.below(9) - 4) << 52n) | frac;
    default:
      return r.u64();
  }
}

function integerBits(r: Random, bits: number): bigint {
  const b = BigInt(bits);
  const min = -(1n << (b - 1n));
  const choice = r.below(6);
  let v: bigint;
  if (choice === 0) v = r.pick([0n, 1n, -1n, min, -min - 1n, min + 1n]);
  else if (choice === 1) v = BigInt(r.below(2001)) - 1000n;
  else v = BigInt.asIntN(bits, r.u64());
  return BigInt.asUintN(bits, v);
}

/** Values around a store target's limits: float32/64 exponent range, integer range, halves. */
function storeSource(r: Random, target: 'f32' | 'f64' | 'i16' | 'i32' | 'i64' | 'bcd'): Ext {
  if (r.chance(0.25)) return randomExtended(r);
  const sign = r.below(2) << 15;
  switch (target) {
    case 'f32':
      return {
        signExp: sign | (0x3fff + r.pick([-126, -127, -149, -150, -140, 127, 128, 0, 5])),
        sig: significand(r),
      };
    case 'f64':
      return {
        signExp: sign | (0x3fff + r.pick([-1022, -1023, -1074, -1075, -1050, 1023, 1024, 0])),
        sig: significand(r),
      };
    default: {
      const bits = target === 'i16' ? 16 : target === 'i32' ? 32 : target === 'i64' ? 64 : 60; // 10^18 ≈ 2^59.8
      const e = r.pick([bits - 2, bits - 1, bits, -1, 0, 1, 3, 10]);
      return {
        signExp: sign | (0x3fff + e),
        sig: r.chance(0.3) ? J | (BigInt(r.below(4)) << 61n) : significand(r),
      };
    }
  }
}

function writeExt(bytes: Uint8Array, at: number, x: Ext): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  view.setBigUint64(at, x.sig, true);
  view.setUint16(at + 8, x.signExp, true);
}

/** An instruction under test and how to fill its memory operand. */
interface Form {
  code: number[];
  mem?:
    | 'f32'
    | 'f64'
    | 'f80'
    | 'i16'
    | 'i32'
    | 'i64'
    | 'bcd'
    | 'cw'
    | 'env32'
    | 'env16'
    | 'save32'
    | 'save16'
    | 'fxsave';
  store?: 'f32' | 'f64' | 'i16' | 'i32' | 'i64' | 'bcd';
}

function forms(): Form[] {
  const list: Form[] = [];
  for (let reg = 0; reg < 8; reg++) {
    const modrm = reg << 3;
    list.push({ code: [0xd8, modrm], mem: 'f32' }, { code: [0xdc, modrm], mem: 'f64' });
    list.push({ code: [0xda, modrm], mem: 'i32' }, { code: [0xde, modrm], mem: 'i16' });
    for (let i = 0; i < 8; i++) {
      list.push({ code: [0xd8, 0xc0 | modrm | i] });
      list.push({ code: [0xdc, 0xc0 | modrm | i] });
      if (reg !== 3 || i === 1) list.push({ code: [0xde, 0xc0 | modrm | i] });
    }
  }
  list.push(
    { code: [0xd9, 0x00], mem: 'f32' },
    { code: [0xd9, 0x10], store: 'f32' },
    { code: [0xd9, 0x18], store: 'f32' },
    { code: [0xd9, 0x28], mem: 'cw' },
    { code: [0xd9, 0x38] },
    { code: [0xd9, 0x30] },
    { code: [0xd9, 0x20], mem: 'env32' },
    { code: [0x66, 0xd9, 0x30] },
    { code: [0x66, 0xd9, 0x20], mem: 'env16' },
    { code: [0xdb, 0x00], mem: 'i32' },
    { code: [0xdb, 0x10], store: 'i32' },
    { code: [0xdb, 0x18], store: 'i32' },
    { code: [0xdb, 0x28], mem: 'f80' },
    { code: [0xdb, 0x38] },
    { code: [0xdd, 0x00], mem: 'f64' },
    { code: [0xdd, 0x10], store: 'f64' },
    { code: [0xdd, 0x18], store: 'f64' },
    { code: [0xdd, 0x38] },
    { code: [0xdd, 0x30] },
    { code: [0xdd, 0x20], mem: 'save32' },
    { code: [0x66, 0xdd, 0x30] },
    { code: [0x66, 0xdd, 0x20], mem: 'save16' },
    { code: [0xdf, 0x00], mem: 'i16' },
    { code: [0xdf, 0x10], store: 'i16' },
    { code: [0xdf, 0x18], store: 'i16' },
    { code: [0xdf, 0x28], mem: 'i64' },
    { code: [0xdf, 0x38], store: 'i64' },
    { code: [0xdf, 0x20], mem: 'bcd' },
    { code: [0xdf, 0x30], store: 'bcd' },
    { code: [0x0f, 0xae, 0x00] },
    { code: [0x0f, 0xae, 0x08], mem: 'fxsave' },
    { code: [0xda, 0xe9] },
    ...[0xda, 0xdb].flatMap((op) => Array.from({ length: 32 }, (_, m) => ({ code: [op, 0xc0 + m] }))), // FCMOVcc
    ...[0xdb, 0xdf].flatMap((op) => Array.from({ length: 16 }, (_, m) => ({ code: [op, 0xe8 + m] }))), // F(U)COMI(P)
    { code: [0xdb, 0xe2] },
    { code: [0xdb, 0xe3] },
    { code: [0xdf, 0xe0] },
    { code: [0x9b] },
  );
  for (let i = 0; i < 8; i++) {
    list.push({ code: [0xd9, 0xc0 | i] }, { code: [0xd9, 0xc8 | i] }, { code: [0xdd, 0xc0 | i] });
    list.push(
      { code: [0xdd, 0xd0 | i] },
      { code: [0xdd, 0xd8 | i] },
      { code: [0xdd, 0xe0 | i] },
      { code: [0xdd, 0xe8 | i] },
    );
  }
  for (const m of [
    0xd0, 0xe0, 0xe1, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xfa, 0xfc, 0xfd,
  ]) {
    list.push({ code: [0xd9, m] });
  }
  return list;
}

export const FORMS = forms();

function controlWord(r: Random): number {
  const masks = r.chance(0.75) ? 0x3f : r.below(64);
  const pc = r.pick([0, 2, 3, 3]);
  const rc = r.below(4);
  return 0x40 | masks | (pc << 8) | (rc << 10);
}

/** A consistent FNSAVE image: no unmasked exception pending (the instruction under test would trap). */
function randomState(r: Random, form: Form): Uint8Array {
  const state = new Uint8Array(STATE_BYTES);
  const view = new DataView(state.buffer);
  const cw = controlWord(r);
  const top = r.below(8);
  let flags = r.below(64) & cw & 0x3f;
  if (flags & 1 && r.chance(0.3)) flags |= 0x40;
  const codes = r.below(16);
  const sw = flags | ((codes & 7) << 8) | ((codes >> 3) << 14) | (top << 11);
  const full = r.chance(0.05);
  let tw = 0;
  for (let i = 0; i < 8; i++) {
    const p = (top + i) & 7;
    const empty = !full && r.chance(i < 2 ? 0.05 : i === 7 ? 0.5 : 0.15);
    tw |= (empty ? 3 : 0) << (2 * p);
  }
  view.setUint32(0, (0xffff0000 | cw) >>> 0, true);
  view.setUint32(4, (0xffff0000 | sw) >>> 0, true);
  view.setUint32(8, (0xffff0000 | tw) >>> 0, true);
  view.setUint32(12, r.u32(), true);
  view.setUint32(16, r.below(0x800) << 16, true);
  view.setUint32(20, r.u32(), true);
  view.setUint32(24, 0xffff0000, true);
  const st0 = form.store ? storeSource(r, form.store) : randomExtended(r);
  writeExt(state, 28, st0);
  for (let i = 1; i < 8; i++)
    writeExt(state, 28 + 10 * i, i === 1 ? relatedExtended(r, st0) : randomExtended(r));
  return state;
}

function randomMem(r: Random, form: Form): Uint8Array {
  const mem = new Uint8Array(MEM_BYTES);
  for (let i = 0; i < MEM_BYTES; i++) mem[i] = r.below(256);
  const view = new DataView(mem.buffer);
  switch (form.mem) {
    case 'f32':
      view.setUint32(0, float32Bits(r), true);
      break;
    case 'f64':
      view.setBigUint64(0, float64Bits(r), true);
      break;
    case 'f80':
      writeExt(mem, 0, randomExtended(r));
      break;
    case 'i16':
      view.setUint16(0, Number(integerBits(r, 16)), true);
      break;
    case 'i32':
      view.setUint32(0, Number(integerBits(r, 32)), true);
      break;
    case 'i64':
      view.setBigUint64(0, integerBits(r, 64), true);
      break;
    case 'bcd': {
      // Valid digits (the result of other nibbles is undefined), the sign in bit 7 of byte 9.
      const digits = r.below(4) === 0 ? 18 : 1 + r.below(18);
      for (let i = 0; i < 9; i++) mem[i] = 0;
      for (let d = 0; d < digits; d++) {
        const digit = d === 17 && r.chance(0.5) ? 9 : r.below(10);
        mem[d >> 1] |= digit << (4 * (d & 1));
      }
      mem[9] = r.chance(0.5) ? 0x80 : 0;
      break;
    }
    case 'cw':
      view.setUint16(0, r.chance(0.5) ? controlWord(r) : r.below(0x10000), true);
      break;
    case 'save32':
    case 'env32': {
      const other = randomState(r, { code: [] });
      mem.set(form.mem === 'env32' ? other.subarray(0, 28) : other, 0);
      break;
    }
    case 'save16':
    case 'env16': {
      const other = new DataView(randomState(r, { code: [] }).buffer);
      for (const [i, off] of [0, 4, 8].entries()) view.setUint16(2 * i, other.getUint16(off, true), true);
      if (form.mem === 'save16') for (let i = 0; i < 80; i++) mem[14 + i] = other.getUint8(28 + i);
      break;
    }
    case 'fxsave': {
      const other = new DataView(randomState(r, { code: [] }).buffer);
      view.setUint16(0, other.getUint16(0, true), true);
      view.setUint16(2, other.getUint16(4, true), true);
      view.setUint32(24, 0x1f80, true); // MXCSR: reserved bits set would #GP on the host
      for (let i = 0; i < 8; i++) {
        for (let b = 0; b < 10; b++) mem[32 + 16 * i + b] = other.getUint8(28 + 10 * i + b);
      }
      break;
    }
  }
  return mem;
}

export function randomCase(r: Random, forms: readonly Form[] = FORMS): X87Case & { form: Form } {
  const form = r.pick(forms);
  const state = randomState(r, form);
  const eflags = 0x202 | (r.u32() & 0x8d5);
  return { state, mem: randomMem(r, form), code: form.code, form, eflags };
}
