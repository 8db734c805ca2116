/**
 * The state of a block's JavaScript while it is being written: which guest registers live in JS
 * locals (`r0`…`r7`) and which of those are newer than `Cpu.r32`, and the lazy flags of the last
 * flag-setting instruction when they have not been stored into the CPU yet (`fa`, `fb`, `ff`, `fc`).
 *
 * Keeping both in locals is what makes compiled code fast: V8 keeps them in machine registers. They
 * reach the CPU object only where something else may look: before a handler call, before a
 * push/pop (the stack helpers use ESP), at every exit, and — written per faulting instruction in
 * the block's catch — when an instruction faults. Flags that a later instruction overwrites before
 * anyone looks are never stored at all.
 */
import { INSTRUCTION_SET } from '../decoder/instruction-set.js';
import type { Handler } from '../decoder/opcode-table.js';
import { LF_ADD } from '../flags.js';
import { CACHED_FIELDS } from './inline-memory.js';

/**
 * A handler's index in INSTRUCTION_SET.handlers, which a block's code calls as `H[index]`: the index
 * names the handler in the source itself, so equal sources are equal blocks (translation-cache.ts).
 */
const HANDLER_INDEX = new Map<Handler, number>();
INSTRUCTION_SET.handlers.forEach((h, id) => {
  if (!HANDLER_INDEX.has(h)) HANDLER_INDEX.set(h, id);
});
function handlerIndex(handler: Handler): number {
  const id = HANDLER_INDEX.get(handler);
  if (id === undefined) throw new Error('block compiler: a handler outside the instruction set');
  return id;
}

/** How the pending flags were produced: decides which conditions can be read off the locals. */
export type PendingFlagsKind =
  /** SUB or CMP: every condition follows from the operands fa - fb. */
  | 'sub'
  /** ADD, ADC, SBB: ZF and SF from the result, the rest through the CPU. */
  | 'arith'
  /** AND, OR, XOR, TEST: CF = OF = 0. `withOperands`: the handler also records lfA/lfB. */
  | 'logic'
  /** INC, DEC: CF is the carry they preserved (`fc`). */
  | 'incdec'
  /** A shift by a non-zero count or a multiplication (LF_RESULT): CF in `fc`, OF in `fa`, AF = 0. */
  | 'result';

interface PendingFlags {
  readonly kind: PendingFlagsKind;
  /** The LF_* operation the interpreter records. */
  readonly op: number;
  readonly withOperands: boolean;
  /** The sign bit's index: 31, or 7 for byte operations (whose values are kept unmasked, like lfR). */
  readonly msb: number;
}

/** A snapshot of what must be written back at one point (for the catch of a faulting instruction). */
export interface SyncState {
  readonly dirty: readonly number[];
  readonly flags: PendingFlags | null;
}

export class BlockWriter {
  readonly lines: string[] = [];
  /**
   * What the pass does first with the flags it starts with (those stored in the CPU): nothing yet,
   * overwrite them (an instruction that sets every flag), or rely on them (see relyOnCpuFlags).
   */
  private flagsInPass: 'untouched' | 'overwritten' | 'relied-on' = 'untouched';
  /** From the first writing (startPass): the pass overwrites its starting flags before relying on them. */
  private passOverwritesFlags = false;
  private readonly loaded = new Set<number>();
  private readonly dirty = new Set<number>();
  private pending: PendingFlags | null = null;
  /** Every register the block reads or writes (preloaded before the loop, reloaded after calls). */
  readonly used = new Set<number>();
  /** Every register the block writes. */
  readonly written = new Set<number>();
  /**
   * Segment fields the block's inline accesses read, as locals: `sb<seg>` the base, `sr<seg>_<size>`
   * and `sw<seg>_<size>` the fast path's end for reads and writes (Cpu.segFastEnd).
   */
  readonly segmentLocals = new Map<string, string>();

  /** `keepSlot` turns a scratch slot into the CPU's slot that handler calls use (see SlotAllocator). */
  constructor(private readonly keepSlot: (k: number) => number) {}

  /** The code calling `handler` on the instruction decoded in scratch slot `k`. */
  callHandler(handler: Handler, k: number): string {
    return `H[${handlerIndex(handler)}](c, ${this.keepSlot(k)});`;
  }

  /** The local holding the base of segment `seg`. */
  segmentBase(seg: number): string {
    const name = `sb${seg}`;
    this.segmentLocals.set(name, `segBase[${seg}]`);
    return name;
  }

  /** The local holding the fast path's end of segment `seg` for `size`-byte reads or writes. */
  segmentEnd(seg: number, write: boolean, size: number): string {
    const name = `s${write ? 'w' : 'r'}${seg}_${size}`;
    this.segmentLocals.set(name, `segEnd[${seg * 8 + (write ? 4 : 0) + size - 1}]`);
    return name;
  }

  /**
   * The assignments of the locals that cache CPU fields (CACHED_FIELDS, the segment locals): on
   * entry, and after a handler call that may have changed them.
   */
  cachedLoads(): string {
    const segments = [...this.segmentLocals].map(([name, value]) => `${name} = ${value}`);
    return `${[CACHED_FIELDS, ...segments].join(', ')};`;
  }

  emit(code: string): void {
    if (code !== '') this.lines.push(code);
  }

  /** The local holding register `k`, loading it first if needed. */
  read(k: number): string {
    this.used.add(k);
    if (!this.loaded.has(k)) {
      this.emit(`r${k} = r[${k}];`);
      this.loaded.add(k);
    }
    return `r${k}`;
  }

  /** Assigns `value` to register `k` (in its local; stored back later). */
  write(k: number, value: string): void {
    this.used.add(k);
    this.written.add(k);
    this.emit(`r${k} = ${value};`);
    this.loaded.add(k);
    this.dirty.add(k);
  }

  /** Records flags produced from `fa`, `fb` and `ff` (which the caller has just assigned). */
  setFlags(kind: PendingFlagsKind, op: number, withOperands = true, msb = 31): void {
    if (this.flagsInPass === 'untouched') this.flagsInPass = 'overwritten';
    this.pending = { kind, op, withOperands, msb };
  }

  /**
   * Called wherever the code relies on the CPU's lazy flags being current: reading them, leaving the
   * block, calling out, a fault point. Before the pass's first flag-setting instruction, that makes its
   * flags at loop-back observable, so they must be stored there.
   */
  private relyOnCpuFlags(): void {
    if (this.pending === null && this.flagsInPass === 'untouched') this.flagsInPass = 'relied-on';
  }

  /** CF as a JS expression (0 or 1) at this point. */
  carry(): string {
    this.relyOnCpuFlags();
    const p = this.pending;
    if (p === null) return 'getCF(c)';
    switch (p.kind) {
      case 'logic':
        return '0';
      case 'incdec':
      case 'result':
        return 'fc';
      default:
        return p.op === LF_ADD
          ? `((((fa & fb) | ((fa | fb) & ~ff)) >>> ${p.msb}) & 1)`
          : `((((~fa & fb) | ((~fa | fb) & ff)) >>> ${p.msb}) & 1)`;
    }
  }

  /**
   * Jcc condition `cc` as a JS boolean expression: read off the pending flags' locals where the
   * condition follows from them, else through the CPU's lazy flags (stored first).
   */
  condition(cc: number): string {
    this.relyOnCpuFlags();
    const p = this.pending;
    if (p !== null) {
      const direct = directCondition(p.kind, cc, p.msb);
      if (direct !== undefined) return direct;
    }
    this.storeFlags();
    return cc === 5 ? 'getZF(c) === 0' : `condition(c, ${cc})`;
  }

  /** The stores that bring the CPU's lazy-flag fields up to date (empty when nothing is pending). */
  flagStores(flags: PendingFlags | null = this.pending): string {
    this.relyOnCpuFlags();
    if (flags === null) return '';
    const operands = flags.withOperands
      ? ' c.lfA = fa; c.lfB = fb;'
      : flags.kind === 'result'
        ? ' c.lfA = fa;'
        : '';
    const carry = flags.kind === 'incdec' || flags.kind === 'result' ? 'c.lfCarry = fc; ' : '';
    return `${carry}c.lfOp = ${flags.op};${operands} c.lfR = ff; c.lfMsb = ${flags.msb};`;
  }

  /** Stores the pending flags into the CPU now (on the straight path). */
  storeFlags(): void {
    this.emit(this.flagStores());
    this.pending = null;
  }

  /** The stores that bring `Cpu.r32` up to date with the locals. */
  registerStores(dirty: Iterable<number> = this.dirty): string {
    return [...dirty].map((k) => `r[${k}] = r${k};`).join(' ');
  }

  /** Writes back registers and flags on the straight path (before a handler call, say). */
  sync(): void {
    this.emit(this.registerStores());
    this.dirty.clear();
    this.storeFlags();
  }

  /** Writes back one register (the stack helpers read and write ESP in `Cpu.r32`). */
  syncRegister(k: number): void {
    if (this.dirty.has(k)) {
      this.emit(`r[${k}] = r${k};`);
      this.dirty.delete(k);
    }
  }

  /** `Cpu.r32[k]` was changed behind the locals' back: reload it when next read. */
  clobbered(k: number): void {
    this.loaded.delete(k);
    this.dirty.delete(k);
  }

  /** After a handler call: every register and the flags may have changed in the CPU. */
  forgetAll(): void {
    this.loaded.clear();
    this.dirty.clear();
    this.pending = null;
  }

  /** What a fault here must write back (registers newer than the CPU, pending flags). */
  snapshot(): SyncState {
    this.relyOnCpuFlags();
    return { dirty: [...this.dirty], flags: this.pending };
  }

  /** The code that leaves the block: write back everything, then `tail` (e.g. `c.ip = …; return;`). */
  exitCode(tail: string): string {
    return [this.registerStores(), this.flagStores(), tail].filter((s) => s !== '').join(' ');
  }

  /**
   * The pass-start state the loop assumes: every used register loaded, every register the block
   * writes possibly dirty, flags stored. Returns the code that brings the current state there before
   * `continue` (loads of registers a handler call may have changed, the flag stores).
   */
  loopBackCode(): string {
    const loads = [...this.used].filter((k) => !this.loaded.has(k)).map((k) => `r${k} = r[${k}];`);
    // Flags the next pass overwrites before anything can look at them need no stores.
    const flags = this.passOverwritesFlags ? '' : this.flagStores();
    return [...loads, flags].filter((s) => s !== '').join(' ');
  }

  /**
   * Sets the pass-start state (see loopBackCode) from a first writing of the same block: the
   * registers it used are loaded, those it wrote are possibly dirty.
   */
  startPass(first: BlockWriter): void {
    for (const [name, value] of first.segmentLocals) this.segmentLocals.set(name, value);
    for (const k of first.used) {
      this.used.add(k);
      this.loaded.add(k);
    }
    for (const k of first.written) this.dirty.add(k);
    this.passOverwritesFlags = first.flagsInPass === 'overwritten';
  }
}

/** Jcc conditions B, AE, BE and A (cc 2, 3, 6, 7) as unsigned orders of the operands. */
const UNSIGNED_ORDER: Readonly<Record<number, string>> = { 2: '<', 3: '>=', 6: '<=', 7: '>' };
/** Jcc conditions L, GE, LE and G (cc 12–15) as signed orders of the operands. */
const SIGNED_ORDER: Readonly<Record<number, string>> = { 12: '<', 13: '>=', 14: '<=', 15: '>' };

/**
 * Conditions that follow from the pending flags' locals alone, by how the flags were produced. For
 * 8- and 16-bit flags the locals are shifted left by 31 - msb: their low bits become int32 values
 * whose sign and order are those of the narrow ones (fa, fb and ff may hold bits above the width;
 * the shift drops them).
 */
function directCondition(kind: PendingFlagsKind, cc: number, msb: number): string | undefined {
  const atWidth = (local: string) => (msb === 31 ? local : `(${local} << ${31 - msb})`);
  const r = atWidth('ff');
  switch (cc) {
    case 0x4:
      return `${r} === 0`;
    case 0x5:
      return `${r} !== 0`;
    case 0x8:
      return `${r} < 0`;
    case 0x9:
      return `${r} >= 0`;
  }
  if (kind === 'sub') {
    // fa - fb without borrow in: the unsigned and signed orders of the operands.
    const a = atWidth('fa');
    const b = atWidth('fb');
    if (UNSIGNED_ORDER[cc] !== undefined) return `(${a} >>> 0) ${UNSIGNED_ORDER[cc]} (${b} >>> 0)`;
    if (SIGNED_ORDER[cc] !== undefined) return `${a} ${SIGNED_ORDER[cc]} ${b}`;
  }
  if (kind === 'result' && msb === 31) {
    // CF and OF are in locals of their own.
    switch (cc) {
      case 0x0:
        return 'fa !== 0';
      case 0x1:
        return 'fa === 0';
      case 0x2:
        return 'fc !== 0';
      case 0x3:
        return 'fc === 0';
      case 0x6:
        return '(fc !== 0 || ff === 0)';
      case 0x7:
        return '(fc === 0 && ff !== 0)';
    }
  }
  if (kind === 'logic') {
    // CF = OF = 0: the unsigned conditions are ZF's, the signed ones the result's sign and zero.
    switch (cc) {
      case 0x0:
      case 0x2:
        return 'false';
      case 0x1:
      case 0x3:
        return 'true';
      case 0x6:
        return `${r} === 0`;
      case 0x7:
        return `${r} !== 0`;
      case 0xc:
        return `${r} < 0`;
      case 0xd:
        return `${r} >= 0`;
      case 0xe:
        return `${r} <= 0`;
      case 0xf:
        return `${r} > 0`;
    }
  }
  return undefined;
}
