/**
 * Stack instructions: PUSH/POP of registers, immediates, memory and segment registers, PUSHA/POPA,
 * PUSHF/POPF, ENTER, LEAVE. A fault leaves ESP as it was before the instruction.
 */
import { CS, DS, EBP, ES, ESP, FS, GS, RF, SS, VM } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler, Privilege } from '../decoder/opcode-table.js';
import { materializeFlags } from '../flags.js';
import { loadSegment } from '../system/descriptors.js';
import { mergeFlags } from '../system/interrupts.js';
import { W16, W32, type Width } from './width.js';

export function push_r32(c: Cpu, i: number): void {
  c.push32(c.r32[c.dOpcode[i] & 7]);
}

function push_r16(c: Cpu, i: number): void {
  c.push16(c.r16[(c.dOpcode[i] & 7) << 1]);
}

export function pop_r32(c: Cpu, i: number): void {
  const v = c.pop32();
  c.r32[c.dOpcode[i] & 7] = v;
}

function pop_r16(c: Cpu, i: number): void {
  const v = c.pop16();
  c.r16[(c.dOpcode[i] & 7) << 1] = v;
}

function pushImm(op32: boolean): Handler {
  return op32 ? (c, i) => c.push32(c.dImm[i]) : (c, i) => c.push16(c.dImm[i]);
}

function pushE(w: Width): Handler {
  return (c, i) => {
    const m = c.dModrm[i];
    const v = m >= 0xc0 ? w.getReg(c, m & 7) : w.read(c, c.decoded.seg[i], c.ea(i));
    if (w.bytes === 4) c.push32(v);
    else c.push16(v);
  };
}

function popE(w: Width): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const v = w.bytes === 4 ? c.pop32() : c.pop16();
      w.setReg(c, c.dModrm[i] & 7, v);
    },
    m: (c, i) => {
      // The address is computed after ESP is incremented (SDM vol. 2, POP).
      const oldEsp = c.r32[ESP];
      const v = w.bytes === 4 ? c.pop32() : c.pop16();
      try {
        w.write(c, c.decoded.seg[i], c.ea(i), v);
      } catch (e) {
        c.r32[ESP] = oldEsp;
        throw e;
      }
    },
  };
}

function pusha(w: Width): Handler {
  return (c) => {
    const size = w.bytes;
    const sp0 = c.stackOffset(0);
    const origSp = w.getReg(c, ESP);
    const vals = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => (r === ESP ? origSp : w.getReg(c, r)));
    c.probeWrite(SS, c.stackOffset(-8 * size), 8 * size);
    for (let r = 0; r < 8; r++) {
      const off = c.ssBig ? (sp0 - (r + 1) * size) >>> 0 : (sp0 - (r + 1) * size) & 0xffff;
      w.write(c, SS, off, vals[r]);
    }
    c.adjustSp(-8 * size);
  };
}

function popa(w: Width): Handler {
  return (c) => {
    const size = w.bytes;
    const vals: number[] = [];
    for (let k = 0; k < 8; k++) vals.push(w.read(c, SS, c.stackOffset(k * size)));
    // Order on the stack (low to high): EDI ESI EBP (ESP) EBX EDX ECX EAX.
    for (let k = 0; k < 8; k++) {
      const r = 7 - k;
      if (r !== ESP) w.setReg(c, r, vals[k]);
    }
    c.adjustSp(8 * size);
  };
}

function pushf(op32: boolean): Handler {
  return (c) => {
    materializeFlags(c);
    const f = (c.flags | 2) & ~(VM | RF);
    if (op32) c.push32(f);
    else c.push16(f);
  };
}

function popf(op32: boolean): Handler {
  return (c) => {
    const v = op32 ? c.read32(SS, c.stackOffset(0)) : c.read16(SS, c.stackOffset(0));
    c.adjustSp(op32 ? 4 : 2);
    mergeFlags(c, v, op32, c.cpl, false);
  };
}

function enter(w: Width): Handler {
  return (c, i) => {
    const size = w.bytes;
    const alloc = c.dImm[i] & 0xffff;
    const level = c.decoded.imm2[i] & 31;
    const savedEsp = c.r32[ESP];
    const savedEbp = c.r32[EBP];
    try {
      if (size === 4) c.push32(c.r32[EBP]);
      else c.push16(c.r16[EBP << 1]);
      const frame = c.ssBig ? c.r32[ESP] : c.r16[ESP << 1];
      for (let k = 1; k < level; k++) {
        const bp = c.ssBig ? (c.r32[EBP] - k * size) >>> 0 : (c.r16[EBP << 1] - k * size) & 0xffff;
        const v = w.read(c, SS, bp);
        if (size === 4) c.push32(v);
        else c.push16(v);
      }
      if (level > 0) {
        if (size === 4) c.push32(frame);
        else c.push16(frame);
      }
      // Check that the allocated frame is writable before committing (the SDM's #SS on ENTER).
      const newSp = c.ssBig ? (c.r32[ESP] - alloc) >>> 0 : (c.r16[ESP << 1] - alloc) & 0xffff;
      if (alloc > 0) c.probeWrite(SS, newSp, 1);
      if (size === 4) c.r32[EBP] = frame;
      else c.r16[EBP << 1] = frame;
      c.adjustSp(-alloc);
    } catch (e) {
      c.r32[ESP] = savedEsp;
      c.r32[EBP] = savedEbp;
      throw e;
    }
  };
}

function leave(w: Width): Handler {
  return (c) => {
    const savedEsp = c.r32[ESP];
    if (c.ssBig) c.r32[ESP] = c.r32[EBP];
    else c.r16[ESP << 1] = c.r16[EBP << 1];
    try {
      const v = w.bytes === 4 ? c.pop32() : c.pop16();
      w.setReg(c, EBP, v);
    } catch (e) {
      c.r32[ESP] = savedEsp;
      throw e;
    }
  };
}

function pushSeg(seg: number): Handler[] {
  return [(c) => c.push16(c.segSel[seg]), (c) => c.push32(c.segSel[seg])];
}

function popSeg(seg: number): Handler[] {
  const make =
    (op32: boolean): Handler =>
    (c) => {
      const v = op32 ? c.read32(SS, c.stackOffset(0)) : c.read16(SS, c.stackOffset(0));
      loadSegment(c, seg, v & 0xffff);
      c.adjustSp(op32 ? 4 : 2);
      // POP SS inhibits interrupts until after the next instruction (SDM vol. 2, POP).
      if (seg === SS) {
        c.inhibitAt = c.icount + 1;
        c.debugInhibitAt = c.icount + 1;
      }
    };
  return [make(false), make(true)];
}

export function registerStack(): void {
  for (let n = 0; n < 8; n++) {
    define({
      op: 0x50 + n,
      mnemonic: 'push',
      operands: 'Zv',
      r: [push_r16, push_r32],
      cost: CostClass.Stack,
    });
    define({ op: 0x58 + n, mnemonic: 'pop', operands: 'Zv', r: [pop_r16, pop_r32], cost: CostClass.Stack });
  }
  define({
    op: 0x68,
    mnemonic: 'push',
    operands: 'Iz',
    r: [pushImm(false), pushImm(true)],
    cost: CostClass.Stack,
  });
  define({
    op: 0x6a,
    mnemonic: 'push',
    operands: 'Ibs',
    r: [pushImm(false), pushImm(true)],
    cost: CostClass.Stack,
  });
  const pe = [pushE(W16), pushE(W32)] as const;
  define({ op: 0xff, reg: 6, mnemonic: 'push', operands: 'Ev', r: pe, m: pe, cost: CostClass.Stack });
  const p16 = popE(W16);
  const p32 = popE(W32);
  define({
    op: 0x8f,
    reg: 0,
    mnemonic: 'pop',
    operands: 'Ev',
    r: [p16.r, p32.r],
    m: [p16.m, p32.m],
    cost: CostClass.Stack,
  });
  define({ op: 0x60, mnemonic: 'pusha|pushad', r: [pusha(W16), pusha(W32)], cost: CostClass.Stack });
  define({ op: 0x61, mnemonic: 'popa|popad', r: [popa(W16), popa(W32)], cost: CostClass.Stack });
  // PUSHF shows IOPL and the real IF; POPF at CPL > IOPL leaves IF (and at CPL > 0 IOPL) unchanged
  // without a fault.
  const sensitive = Privilege.Sensitive;
  define({
    op: 0x9c,
    mnemonic: 'pushf|pushfd',
    r: [pushf(false), pushf(true)],
    cost: CostClass.Stack,
    privilege: sensitive,
  });
  define({
    op: 0x9d,
    mnemonic: 'popf|popfd',
    r: [popf(false), popf(true)],
    cost: CostClass.Stack,
    privilege: sensitive,
  });
  define({
    op: 0xc8,
    mnemonic: 'enter',
    operands: 'Iw,Ib',
    r: [enter(W16), enter(W32)],
    cost: CostClass.Stack,
  });
  define({ op: 0xc9, mnemonic: 'leave', r: [leave(W16), leave(W32)], cost: CostClass.Stack });
  const segs: [number, number, number, number][] = [
    [0, 0x06, 0x07, ES],
    [0, 0x0e, -1, CS],
    [0, 0x16, 0x17, SS],
    [0, 0x1e, 0x1f, DS],
    [1, 0xa0, 0xa1, FS],
    [1, 0xa8, 0xa9, GS],
  ];
  const names = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
  for (const [map, pushOp, popOp, seg] of segs) {
    const ps = pushSeg(seg);
    define({
      map: map as 0 | 1,
      op: pushOp,
      mnemonic: 'push',
      operands: names[seg].toUpperCase(),
      r: [ps[0], ps[1]],
      cost: CostClass.Stack,
      privilege: Privilege.Sensitive, // the selector's RPL (CS, SS: the CPL)
    });
    if (popOp >= 0) {
      const pp = popSeg(seg);
      define({
        map: map as 0 | 1,
        op: popOp,
        mnemonic: 'pop',
        operands: names[seg].toUpperCase(),
        r: [pp[0], pp[1]],
        cost: CostClass.SegmentLoad,
      });
    }
  }
}
