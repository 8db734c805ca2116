/**
 * Spin-wait fast-forward: the passes of a waiting loop are counted, not run.
 *
 * A spin-wait is a small loop that reads memory until an interrupt handler changes it (Linux's
 * `cpu_relax` loops, a spinlock's wait, a poll of `jiffies`): `1: pause; cmpb $0, (%ebx); jle 1b`.
 * When one pass of such a loop leaves every register and flag as the pass before it left them, the
 * loop is at a fixed point: its instructions only read registers, flags and memory and write general
 * registers and flags, so every further pass does exactly the same until memory changes or an event
 * comes. Neither can happen before the step loop's next stop (the slice's end, the run's limit, a
 * pending interrupt): while the CPU runs, only its own stores, I/O and event deliveries change memory,
 * and a pass has none of them.
 *
 * So the loop's closing jump counts the passes ahead, with each of their instructions and modelled
 * cycles, in whole passes up to the instructions the step loop would run next without stopping
 * (`Cpu.repeatsAllowed`), instead of running them. Counters, registers, flags and memory end exactly
 * as running the passes one by one would leave them; only the host's time differs.
 *
 * Which loops are looked at: a conditional jump back by at most MAX_LOOP_BYTES in its page is decoded
 * as a loop branch (LOOP_BRANCH_HANDLER_ID in the step loop's packed word; the slot's own handler id
 * is untouched, so compiled blocks and the slow path run a plain jump). Each time it is taken in the
 * step loop it checks its loop, found in the decoded cache as it is now:
 * - straight-line instructions from a table of side-effect-free forms (`buildRoles` below), in one
 *   page;
 * - the previous pass was exactly one pass: the same branch, the loop's instruction count and its
 *   cycles (a handler that adds cycles of its own makes them differ);
 * - every register and flag as after that pass.
 * A loop that fails any of this (one that counts, stores or branches elsewhere), or that is left and
 * entered again with no event in between, is not a spin-wait: its branch goes back to the plain jump
 * in its slot, so a loop that does work pays for two or three of its passes. (A pass that began
 * before an event is no evidence against a loop: it may have read memory from before the event.)
 * Anything that can change memory or registers from outside the loop forgets the pass: the start of
 * `Cpu.run` (the embedder may have written memory), an event delivery, a fault.
 */
import type { Cpu } from './cpu.js';
import { CACHE_MASK, type DecodedInstructions, SCRATCH } from './decoder/decoded.js';
import { WATCHED_HANDLER_ID } from './decoder/instruction-watch.js';
import { HANDLER_COUNT, handlerId, handlers, infos } from './decoder/opcode-table.js';

/** What an instruction may be in a spin-wait loop. */
enum SpinRole {
  /** Anything else: a store, I/O, another branch, a system instruction, a watched instruction. */
  None = 0,
  /** Reads registers, flags and memory; writes only general registers and flags. */
  Pure = 1,
  /** A conditional jump: the loop's closing branch. */
  Branch = 2,
}

/** Mnemonics that write no operand (flags at most). PAUSE is a NOP with F3. */
const READ_ONLY = new Set(['cmp', 'test', 'nop']);
/** Mnemonics whose only effect is their first operand (and flags): pure when that is a register. */
const WRITE_FIRST = new Set([
  'mov',
  'movzx',
  'movsx',
  'lea',
  'add',
  'or',
  'adc',
  'sbb',
  'and',
  'sub',
  'xor',
  'inc',
  'dec',
  'not',
  'neg',
]);
/** General-register operands in the opcode table's notation (E only in its register form). */
const REGISTER_OPERAND = /^(G|Z|AL$|eAX$)/;

/** The longest loop looked at: spin-waits are a handful of instructions. */
const MAX_LOOP_BYTES = 64;

/**
 * The step loop's handler id of a loop branch: 0F FF with reg 1 and the operand-size bit, which the
 * decoder never produces (0F FF is UD0, whose every form decodes to UD_HANDLER_ID).
 */
export const LOOP_BRANCH_HANDLER_ID = handlerId(1, 0xff, 1, 1, 0);

/**
 * The role of each handler id (bit 0 of an id is its memory form, bits 5– its map and opcode). Built
 * on first use: the opcode table fills up when the instruction set is built, after this module loads.
 */
let roles: Uint8Array | undefined;

function buildRoles(): Uint8Array {
  const role = new Uint8Array(HANDLER_COUNT);
  for (let id = 0; id < HANDLER_COUNT; id++) {
    if (id === WATCHED_HANDLER_ID || id === LOOP_BRANCH_HANDLER_ID) continue;
    const key = id >>> 5;
    const info = infos[(key << 3) | ((id >>> 1) & 7)];
    if (info === undefined) continue;
    if ((key >= 0x70 && key <= 0x7f) || (key >= 0x180 && key <= 0x18f)) {
      role[id] = SpinRole.Branch;
    } else if (READ_ONLY.has(info.mnemonic)) {
      role[id] = SpinRole.Pure;
    } else if (WRITE_FIRST.has(info.mnemonic)) {
      const first = info.operands[0] ?? '';
      if (REGISTER_OPERAND.test(first) || (first.startsWith('E') && (id & 1) === 0)) role[id] = SpinRole.Pure;
    }
  }
  return role;
}

function roleOf(id: number): number {
  roles ??= buildRoles();
  return roles[id];
}

/**
 * The handler id the step loop dispatches a freshly decoded slot with: LOOP_BRANCH_HANDLER_ID for a
 * conditional jump back by at most MAX_LOOP_BYTES inside its page (the instruction's first byte at
 * `physical`), else the slot's own.
 */
export function stepHandlerId(d: DecodedInstructions, slot: number, physical: number): number {
  const id = d.handler[slot];
  if (slot === SCRATCH || roleOf(id) !== SpinRole.Branch) return id;
  const back = -(d.length[slot] + d.imm[slot]);
  return back >= 0 && back <= MAX_LOOP_BYTES && back <= (physical & 0xfff) ? LOOP_BRANCH_HANDLER_ID : id;
}

/** The last pass of a spin-wait loop seen at its closing branch, and the passes counted ahead. */
export class SpinWait {
  /** The branch's decoded slot, or -1: no pass remembered. */
  slot = -1;
  icount = 0;
  cycles = 0;
  /** What the pass left: EAX…EDI, then EFLAGS and the lazy flags (lfOp, lfA, lfB, lfR, lfMsb, lfCarry). */
  readonly state = new Int32Array(15);
  /** The remembered pass began after the last event (see countPassesAhead). */
  clean = false;
  /** The loop branch checked last, and the instruction count then (kept by `forget`). */
  lastSlot = -1;
  lastIcount = 0;
  /** The instruction count at the last `forget`. */
  forgottenAt = 0;
  /** Diagnostic: the passes counted ahead instead of run, since the CPU was made. */
  passesCounted = 0;

  /** Something outside the loop may have changed memory or registers at instruction count `icount`. */
  forget(icount: number): void {
    this.slot = -1;
    this.forgottenAt = icount;
  }
}

/** The handler of a loop branch: the jump, then (taken, from the step loop) the spin-wait check. */
export function loopBranch(c: Cpu, slot: number): void {
  const ip = c.ip;
  handlers[c.decoded.handler[slot]](c, slot);
  if (c.ip !== ip && c.repeatsAllowed > 0) countPassesAhead(c, slot);
}

/** After the taken branch in `slot` (EIP at the loop's start, the branch not yet counted). */
function countPassesAhead(c: Cpu, slot: number): void {
  const s = c.spinWait;
  const icount = c.icountHi + c.icountLo;
  const cycles = c.cyclesHi + c.cyclesLo;
  // The pass that ends here is evidence only when no event came since this branch last ran: one
  // that began before an event may have read memory from before it.
  const clean = s.lastSlot === slot && s.lastIcount >= s.forgottenAt;
  s.lastSlot = slot;
  s.lastIcount = icount;
  if (!measureLoop(c, slot)) {
    plainBranch(c, slot);
    return;
  }
  // Exactly one pass since the remembered one: its instructions and its cycles, nothing else.
  const follows =
    s.slot === slot && icount - s.icount === pass.instructions && cycles - s.cycles === pass.cycles;
  if (follows && sameState(c, s)) {
    const passes = Math.floor(c.repeatsAllowed / pass.instructions);
    c.icountLo += passes * pass.instructions;
    c.cyclesLo += passes * pass.cycles;
    s.passesCounted += passes;
    s.icount = icount + passes * pass.instructions;
    s.cycles = cycles + passes * pass.cycles;
    s.lastIcount = s.icount;
    return;
  }
  if (s.slot === slot && s.clean) {
    // A pass right after a clean one changed something (the loop works, it does not wait), or the
    // loop was left and entered again with no event in between (nothing it waits for can have come).
    plainBranch(c, slot);
    return;
  }
  s.slot = slot;
  s.icount = icount;
  s.cycles = cycles;
  s.clean = clean;
  saveState(c, s);
}

/** Turns the loop branch in `slot` back into the plain jump its instruction is. */
function plainBranch(c: Cpu, slot: number): void {
  c.dispatchWithOwnHandler(slot);
  if (c.spinWait.slot === slot) c.spinWait.slot = -1;
}

/** Scratch of the check under way: one pass of the loop `measureLoop` found, its instructions and modelled cycles. */
const pass = { instructions: 0, cycles: 0 };

/**
 * Finds the loop closed by the taken branch in `slot` in the decoded cache and writes one pass's
 * instructions and cycles into `pass`; false when it is not a loop of pure instructions in one page.
 */
function measureLoop(c: Cpu, slot: number): boolean {
  const d = c.decoded;
  const tw = d.tagWord;
  const branchPa = tw[slot << 1] & 0x7fffffff;
  const page = branchPa & ~0xfff;
  let offset = (branchPa & 0xfff) + ((c.ip - c.startIp) | 0);
  let instructions = 1;
  let cycles = tw[(slot << 1) + 1] >>> 23;
  while (offset >= 0 && offset < (branchPa & 0xfff)) {
    const pa = page + offset;
    const k = pa & CACHE_MASK;
    if (tw[k << 1] !== (pa | c.codeTag) || roleOf(d.handler[k]) !== SpinRole.Pure) return false;
    instructions++;
    cycles += tw[(k << 1) + 1] >>> 23;
    offset += d.length[k];
  }
  if (offset !== (branchPa & 0xfff)) return false;
  pass.instructions = instructions;
  pass.cycles = cycles;
  return true;
}

function sameState(c: Cpu, s: SpinWait): boolean {
  const t = s.state;
  for (let k = 0; k < 8; k++) if (c.r32[k] !== t[k]) return false;
  return (
    t[8] === c.flags &&
    t[9] === c.lfOp &&
    t[10] === c.lfA &&
    t[11] === c.lfB &&
    t[12] === c.lfR &&
    t[13] === c.lfMsb &&
    t[14] === c.lfCarry
  );
}

function saveState(c: Cpu, s: SpinWait): void {
  const t = s.state;
  t.set(c.r32);
  t[8] = c.flags;
  t[9] = c.lfOp;
  t[10] = c.lfA;
  t[11] = c.lfB;
  t[12] = c.lfR;
  t[13] = c.lfMsb;
  t[14] = c.lfCarry;
}
