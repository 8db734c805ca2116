/**
 * Operand widths. Handlers that are the same at 8, 16 and 32 bits are written once against a Width;
 * the hottest 32-bit register forms are written out directly in their group modules.
 */
import type { Cpu } from '../cpu.js';

/** r8 index of byte register n (AL CL DL BL AH CH DH BH). */
export const R8 = new Uint8Array([0, 4, 8, 12, 1, 5, 9, 13]);

export interface Width {
  readonly bytes: 1 | 2 | 4;
  /** Index of the sign bit. */
  readonly msb: number;
  readonly mask: number;
  getReg(c: Cpu, n: number): number;
  setReg(c: Cpu, n: number, v: number): void;
  read(c: Cpu, seg: number, off: number): number;
  write(c: Cpu, seg: number, off: number, v: number): void;
  readLin(c: Cpu, lin: number): number;
  writeLin(c: Cpu, lin: number, v: number): void;
  /** Sign-extends a value of this width to 32 bits. */
  signed(v: number): number;
}

export const W8: Width = {
  bytes: 1,
  msb: 7,
  mask: 0xff,
  getReg: (c, n) => c.r8[R8[n]],
  setReg: (c, n, v) => {
    c.r8[R8[n]] = v;
  },
  read: (c, seg, off) => c.read8(seg, off),
  write: (c, seg, off, v) => c.write8(seg, off, v),
  readLin: (c, lin) => c.readLin8(lin),
  writeLin: (c, lin, v) => c.writeLin8(lin, v),
  signed: (v) => (v << 24) >> 24,
};

export const W16: Width = {
  bytes: 2,
  msb: 15,
  mask: 0xffff,
  getReg: (c, n) => c.r16[n << 1],
  setReg: (c, n, v) => {
    c.r16[n << 1] = v;
  },
  read: (c, seg, off) => c.read16(seg, off),
  write: (c, seg, off, v) => c.write16(seg, off, v),
  readLin: (c, lin) => c.readLin16(lin),
  writeLin: (c, lin, v) => c.writeLin16(lin, v),
  signed: (v) => (v << 16) >> 16,
};

export const W32: Width = {
  bytes: 4,
  msb: 31,
  mask: -1,
  getReg: (c, n) => c.r32[n],
  setReg: (c, n, v) => {
    c.r32[n] = v;
  },
  read: (c, seg, off) => c.read32(seg, off),
  write: (c, seg, off, v) => c.write32(seg, off, v),
  readLin: (c, lin) => c.readLin32(lin),
  writeLin: (c, lin, v) => c.writeLin32(lin, v),
  signed: (v) => v | 0,
};

/** [16-bit, 32-bit] */
export const WV: readonly [Width, Width] = [W16, W32];

/** Reads the E operand (register or memory) of instruction i. */
export function readE(c: Cpu, i: number, w: Width): number {
  const m = c.decoded.modrm[i];
  if (m >= 0xc0) return w.getReg(c, m & 7);
  return w.read(c, c.decoded.seg[i], c.ea(i));
}

/** Writes the E operand of instruction i. */
export function writeE(c: Cpu, i: number, w: Width, v: number): void {
  const m = c.decoded.modrm[i];
  if (m >= 0xc0) w.setReg(c, m & 7, v);
  else w.write(c, c.decoded.seg[i], c.ea(i), v);
}

/** Linear address of the memory operand of i, checked for a read-modify-write. */
/**
 * Reads the memory operand of a read-modify-write at `lin` (from rmwAddr), then checks its page(s)
 * for writing: the write that follows cannot fault, so a faulting instruction changes nothing (its
 * flags included), and the fault is the one the write would raise.
 */
export function readForWrite(c: Cpu, lin: number, w: Width): number {
  const v = w.readLin(c, lin);
  c.probeWriteLin(lin, w.bytes);
  return v;
}

export function rmwAddr(c: Cpu, i: number, w: Width): number {
  return c.writeAddr(c.decoded.seg[i], c.ea(i), w.bytes);
}

export function regField(c: Cpu, i: number): number {
  return (c.decoded.modrm[i] >>> 3) & 7;
}

export function rmField(c: Cpu, i: number): number {
  return c.decoded.modrm[i] & 7;
}

/** 16/32 by the instruction's operand size prefix state. */
export function op32(c: Cpu, i: number): boolean {
  return (c.decoded.pfx[i] & 16) !== 0;
}

export function addr32(c: Cpu, i: number): boolean {
  return (c.decoded.pfx[i] & 8) !== 0;
}
