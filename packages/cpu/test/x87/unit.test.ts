// Behaviour of the x87 unit that the host comparison cannot observe directly: the pending-exception
// signal the core turns into #MF, snapshots, unsupported encodings and the waiting/non-waiting split.
import { describe, expect, it } from 'vitest';
import { isWaitingEscape, usesEflags, X87, X87UnsupportedInstruction } from '../../src/x87/index.js';
import { Random, randomCase } from './cases.js';
import { regionBus } from './unit.js';

function setup() {
  const unit = new X87();
  const mem = new Uint8Array(512);
  const bus = regionBus([{ base: 0x1000, bytes: mem }]);
  const run = (opcode: number, modrm: number, at = 0x1000) =>
    unit.execute(opcode, modrm, at, bus, true, 0x400, 8);
  return { unit, mem, bus, run };
}

describe('x87 unit', () => {
  // SDM Vol. 1, 8.6 "x87 FPU Exception Synchronization": an unmasked exception is pending until FNCLEX.
  it('signals a pending unmasked exception after 1/0 with ZE unmasked, until FNCLEX', () => {
    const { unit, mem, run } = setup();
    mem.set([0x7b, 0x03], 0); // control word 0x037B: ZE unmasked
    run(0xd9, 0x28); // fldcw
    run(0xd9, 0xe8); // fld1
    run(0xd9, 0xee); // fldz
    expect(unit.exceptionPending).toBe(false);
    run(0xde, 0xf9); // fdivrp: ST(1) = 1 / 0 → ZE unmasked, no result, no pop
    expect(unit.exceptionPending).toBe(true);
    expect(unit.statusWord & 0x80ff).toBe(0x8084); // B, ES, ZE
    expect(unit.st(0)).toEqual({ signExp: 0, sig: 0n }); // the destination keeps its value
    run(0xdb, 0xe2); // fnclex
    expect(unit.exceptionPending).toBe(false);
  });

  it('raises the pending signal when FLDCW unmasks a flag that is already set', () => {
    const { unit, mem, run } = setup();
    run(0xd9, 0xe8);
    run(0xd9, 0xee);
    run(0xde, 0xf9); // masked: ZE set, result +inf
    expect(unit.exceptionPending).toBe(false);
    mem.set([0x7b, 0x03], 0);
    run(0xd9, 0x28);
    expect(unit.exceptionPending).toBe(true);
  });

  // SDM Vol. 2A, FSAVE: "the FPU is then reinitialized".
  it('FNSAVE stores the state and reinitialises; FRSTOR brings it back; saveState round-trips', () => {
    const { unit, mem, run } = setup();
    run(0xd9, 0xeb); // fldpi
    run(0xd9, 0xe8); // fld1
    const snapshot = unit.saveState();
    run(0xdd, 0x30); // fnsave
    expect(unit.statusWord).toBe(0);
    expect(unit.controlWord).toBe(0x037f);
    expect(unit.tagWord).toBe(0xffff);
    expect(mem[8] | (mem[9] << 8)).toBe(0x0fff); // R7 (ST0 = 1.0) valid, R6 (pi) valid, others empty
    run(0xdd, 0x20); // frstor
    expect(unit.st(0)).toEqual({ signExp: 0x3fff, sig: 1n << 63n });
    expect(unit.st(1)).toEqual({ signExp: 0x4000, sig: 0xc90fdaa22168c235n });
    const other = new X87();
    other.loadState(snapshot);
    expect(other.saveState()).toEqual(snapshot);
    expect(other.st(1)).toEqual(unit.st(1));
  });

  it('throws a typed X87UnsupportedInstruction for transcendental and reserved encodings', () => {
    const { run } = setup();
    expect(() => run(0xd9, 0xfe)).toThrow(X87UnsupportedInstruction); // fsin: not implemented
    try {
      run(0xd9, 0xd1);
    } catch (e) {
      expect(e).toBeInstanceOf(X87UnsupportedInstruction);
      expect((e as X87UnsupportedInstruction).reason).toBe('reserved');
    }
  });

  it('routes the EFLAGS forms (FCMOVcc, FCOMI family) through executeWithEflags', () => {
    expect(usesEflags(0xda, 0xc1)).toBe(true); // fcmovb
    expect(usesEflags(0xdb, 0xd9)).toBe(true); // fcmovnu
    expect(usesEflags(0xdb, 0xe9)).toBe(true); // fucomi
    expect(usesEflags(0xdf, 0xf1)).toBe(true); // fcomip
    expect(usesEflags(0xda, 0xe9)).toBe(false); // fucompp
    expect(usesEflags(0xdb, 0xe2)).toBe(false); // fnclex
    const { unit, run } = setup();
    run(0xd9, 0xe8); // fld1
    run(0xd9, 0xee); // fldz
    // fcomi %st(1): 0 < 1 sets CF only; ZF and PF clear, OF, SF and AF cleared.
    expect(unit.executeWithEflags(0xdb, 0xf1, 0x8d5, 0, 0)).toBe(0x001);
    // fcmove %st(1) with ZF = 1: ST(0) becomes 1.
    unit.executeWithEflags(0xda, 0xc9, 0x040, 0, 0);
    expect(unit.st(0)).toEqual({ signExp: 0x3fff, sig: 1n << 63n });
  });

  it('classifies waiting and non-waiting instructions', () => {
    expect(isWaitingEscape(0xdb, 0xe3)).toBe(false); // fninit
    expect(isWaitingEscape(0xdb, 0xe2)).toBe(false); // fnclex
    expect(isWaitingEscape(0xdf, 0xe0)).toBe(false); // fnstsw %ax
    expect(isWaitingEscape(0xdd, 0x38)).toBe(false); // fnstsw m16
    expect(isWaitingEscape(0xdd, 0x30)).toBe(false); // fnsave
    expect(isWaitingEscape(0xd9, 0x38)).toBe(false); // fnstcw
    expect(isWaitingEscape(0xd9, 0x30)).toBe(false); // fnstenv
    expect(isWaitingEscape(0xd9, 0x28)).toBe(true); // fldcw
    expect(isWaitingEscape(0xdd, 0x20)).toBe(true); // frstor
    expect(isWaitingEscape(0xd8, 0xc1)).toBe(true); // fadd
  });

  it('leaves the state untouched when a store faults, so the core can restart the instruction', () => {
    const { unit, bus, run } = setup();
    run(0xd9, 0xe8);
    const before = unit.saveState();
    const faulting = {
      ...bus,
      writeU32: () => {
        throw new Error('page fault');
      },
    };
    expect(() => unit.execute(0xd9, 0x18, 0x1000, faulting, true, 0x400, 8)).toThrow('page fault'); // fstps
    expect(unit.saveState()).toEqual(before);
  });

  it('never throws anything but X87UnsupportedInstruction, for every ESC encoding from random states', () => {
    const r = new Random(0x5eed);
    const unexpected: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const c = randomCase(r);
      const unit = new X87();
      const state = c.state.slice();
      const mem = c.mem.slice();
      const bus = regionBus([
        { base: 0x10, bytes: state },
        { base: 0x1000, bytes: mem },
      ]);
      unit.execute(0xdd, 0x20, 0x10, bus, true, 0, 0); // frstor
      const opcode = 0xd8 + r.below(8);
      const modrm = r.below(256);
      try {
        if (usesEflags(opcode, modrm)) unit.executeWithEflags(opcode, modrm, r.u32() & 0x8d5, 0x400, 8);
        else unit.execute(opcode, modrm, 0x1000, bus, r.chance(0.5), 0x400, 8);
        unit.saveState();
      } catch (e) {
        if (!(e instanceof X87UnsupportedInstruction))
          unexpected.push(`${opcode.toString(16)} ${modrm.toString(16)}: ${e}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
