/**
 * Bit instructions: BT BTS BTR BTC (register and immediate bit offsets) and BSF/BSR. Only CF (BT*)
 * or ZF (BSF/BSR) change; the SDM leaves the other status flags undefined and P6 hardware leaves
 * them unchanged. BSF/BSR with a zero source leave the destination unchanged.
 */
import { CF, ZF } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { define, type Handler } from '../decoder/opcode-table.js';
import { materializeFlags } from '../flags.js';
import { readE, regField, W16, W32, type Width } from './width.js';

const NAMES = ['bt', 'bts', 'btr', 'btc'];

function apply(op: number, v: number, bit: number): number {
  if (op === 1) return v | (1 << bit);
  if (op === 2) return v & ~(1 << bit);
  if (op === 3) return v ^ (1 << bit);
  return v;
}

function setCf(c: Cpu, on: number): void {
  materializeFlags(c);
  c.flags = on ? c.flags | CF : c.flags & ~CF;
}

/** op: 0 bt, 1 bts, 2 btr, 3 btc; register bit offset (Gv) or immediate. */
function bitOp(w: Width, op: number, immediate: boolean): { r: Handler; m: Handler } {
  const bits = w.bytes * 8;
  return {
    r: (c, i) => {
      const rm = c.decoded.modrm[i] & 7;
      const off = (immediate ? c.decoded.imm[i] : w.getReg(c, regField(c, i))) & (bits - 1);
      const v = w.getReg(c, rm);
      setCf(c, (v >>> off) & 1);
      if (op !== 0) w.setReg(c, rm, apply(op, v, off));
    },
    m: (c, i) => {
      const seg = c.decoded.seg[i];
      let ea = c.ea(i);
      let bit: number;
      if (immediate) {
        bit = c.decoded.imm[i] & (bits - 1);
      } else {
        // A register bit offset is signed and may address memory outside the operand.
        const off = w.signed(w.getReg(c, regField(c, i)));
        const index = Math.floor(off / bits);
        bit = off - index * bits;
        ea = c.decoded.pfx[i] & 8 ? (ea + index * w.bytes) >>> 0 : (ea + index * w.bytes) & 0xffff;
      }
      if (op === 0) {
        setCf(c, (w.read(c, seg, ea) >>> bit) & 1);
        return;
      }
      const lin = c.writeAddr(seg, ea, w.bytes);
      const v = w.readLin(c, lin);
      w.writeLin(c, lin, apply(op, v, bit));
      setCf(c, (v >>> bit) & 1);
    },
  };
}

function bitScan(w: Width, reverse: boolean): Handler {
  return (c, i) => {
    const v = readE(c, i, w) & w.mask;
    materializeFlags(c);
    if (v === 0) {
      c.flags |= ZF;
      return;
    }
    c.flags &= ~ZF;
    w.setReg(c, regField(c, i), reverse ? 31 - Math.clz32(v) : 31 - Math.clz32(v & -v));
  };
}

export function registerBits(): void {
  const regOps = [0xa3, 0xab, 0xb3, 0xbb];
  for (let op = 0; op < 4; op++) {
    const v16 = bitOp(W16, op, false);
    const v32 = bitOp(W32, op, false);
    define({
      map: 1,
      op: regOps[op],
      mnemonic: NAMES[op],
      operands: 'Ev,Gv',
      r: [v16.r, v32.r],
      m: [v16.m, v32.m],
      lock: op !== 0,
    });
    const i16 = bitOp(W16, op, true);
    const i32 = bitOp(W32, op, true);
    define({
      map: 1,
      op: 0xba,
      reg: 4 + op,
      mnemonic: NAMES[op],
      operands: 'Ev,Ib',
      r: [i16.r, i32.r],
      m: [i16.m, i32.m],
      lock: op !== 0,
    });
  }
  const f = [bitScan(W16, false), bitScan(W32, false)] as const;
  const r = [bitScan(W16, true), bitScan(W32, true)] as const;
  define({ map: 1, op: 0xbc, mnemonic: 'bsf', operands: 'Gv,Ev', r: f, m: f });
  define({ map: 1, op: 0xbd, mnemonic: 'bsr', operands: 'Gv,Ev', r: r, m: r });
}
