/**
 * The block compiler: translates a trace of guest code (within one physical page, through direct
 * jumps, calls and the returns they predict, up to MAX_BLOCK_INSTRUCTIONS) into one JavaScript
 * function that V8 optimises. The common instructions are written out inline (templates.ts), with
 * registers in JS locals and flags deferred (block-writer.ts); the others call their interpreter
 * handler (operand-calls.ts, or the full path below) with their decoded fields kept in slots of the
 * decoded-instruction store that only this block uses.
 *
 * A block keeps every guarantee of the step loop:
 * - exact counting: it is entered only when a whole pass fits below the loop's instruction limit, it
 *   adds each instruction's count and modelled cycles, and it brings `icountLo`/`cyclesLo` up to date
 *   before any handler call (handlers read the clock) and on every exit;
 * - the same boundaries for events: it leaves as soon as `attention` is set (an interrupt raised by an
 *   I/O handler, a code write, a CPL or CR change) or a handler changed EIP;
 * - precise exceptions: the local `at` names the instruction before anything that can fault, and the
 *   catch sets `startIp` from it and counts exactly the instructions before it, as the step loop would;
 * - a jump back to its own start loops inside the function while the limit and `attention` allow.
 */
import type { Cpu } from '../cpu.js';
import { decodeBytes } from '../decoder/decode.js';
import { CODE32_TAG, type DecodedInstructions } from '../decoder/decoded.js';
import { packWord } from '../decoder/dispatch.js';
import { INSTRUCTION_SET } from '../decoder/instruction-set.js';
import { markWatched, ownHandlerId, watchedInstruction } from '../decoder/instruction-watch.js';
import { type Handler, UD_HANDLER } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import { condition, getCF, getZF } from '../flags.js';
import { repeatsAhead } from '../ops/string.js';
import { BlockWriter } from './block-writer.js';
import { stackWindow } from './stack-window.js';
import { type InlineEnd, limitCheck, type Template, templateFor } from './templates.js';
import { type BlockFunction, SHARED_TRANSLATIONS, type Translation } from './translation-cache.js';

const FALLS_THROUGH: InlineEnd = { kind: 'none' };

export const MAX_BLOCK_INSTRUCTIONS = 48;

/** A compiled block: where it starts, how much it may retire in one pass, and the function. */
export interface CompiledBlock {
  /** EIP and physical address of its first instruction (only 32-bit code is compiled). */
  readonly eip: number;
  readonly pa: number;
  /** Physical bytes [paFirst, paEnd) it was translated from (all in the page of `pa`). */
  readonly paFirst: number;
  readonly paEnd: number;
  /** Instructions in one pass (the most it retires without looping). */
  readonly length: number;
  /** EIP of its last instruction (the entry check keeps the whole block inside the CS limit). */
  readonly lastIp: number;
  /** Runs the block; `limit` is the value of `icountLo` it must not pass. */
  readonly run: (c: Cpu, limit: number) => void;
}

/**
 * Where a block's instructions are decoded while it is compiled, and the slots of the CPU's
 * decoded-instruction store that its handler calls keep for as long as the block lives.
 */
export interface SlotAllocator {
  /** Slot k holds the block's k-th instruction during compilation. */
  readonly scratch: DecodedInstructions;
  /** Copies scratch slot `k` into a slot of the CPU's store that stays valid; returns that slot. */
  keep(k: number): number;
  /** The slot the next `keep` returns (slots are handed out in order). */
  readonly nextSlot: number;
}

/** Opcodes (map * 256 + byte) of control transfers called through their handler: the block ends there. */
const ENDS_BLOCK = new Set([
  0x9a, 0xc2, 0xc3, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xe8, 0xe9, 0xea, 0xeb, 0xf4, 0x134, 0x135,
]);
/** FF /2–/5: indirect CALL/JMP, near and far. */
const isIndirectTransfer = (opcode: number, modrm: number) =>
  opcode === 0xff && ((modrm >>> 3) & 7) >= 2 && ((modrm >>> 3) & 7) <= 5;

/** One decoded instruction of a block. */
interface BlockInstruction {
  readonly slot: number;
  readonly eip: number;
  readonly next: number;
  readonly cycles: number;
  readonly handler: Handler;
  readonly template: Template | undefined;
  /** Where an inline instruction goes next (`none` for handler calls: they are checked at run time). */
  readonly end: InlineEnd;
  /** Where it ends the block when called through its handler (a control transfer). */
  readonly endsBlock: boolean;
  /** A REP MOVS/STOS, called with the executions after its first that it may run (`repeatsAllowed`). */
  readonly repeats: boolean;
  /**
   * A JMP/CALL whose target the block goes on with (`jump`), or a RET the block goes on after when
   * it returns to `returnTo`, the address a CALL earlier in the block pushed.
   */
  readonly follow: { kind: 'jump' } | { kind: 'return'; returnTo: number } | null;
  /** The EIP the trace goes on at: the next instruction, or the followed target. */
  readonly continueAt: number;
}

/**
 * Decodes the block's instructions: a trace through the page that follows direct jumps and calls
 * (and returns to the address a call of the trace pushed), up to MAX_BLOCK_INSTRUCTIONS, an
 * undefined opcode, the page end or a control transfer it cannot follow.
 */
function decodeBlock(
  cpu: Cpu,
  eip: number,
  pa: number,
  slots: SlotAllocator,
): { list: BlockInstruction[]; paFirst: number; paEnd: number } {
  const d = slots.scratch;
  const handlers = INSTRUCTION_SET.handlers;
  const pageStart = pa & -4096;
  const window = new Uint8Array(15);
  const list: BlockInstruction[] = [];
  const seen = new Set<number>();
  /** Return addresses pushed by the trace's calls. */
  const returns: number[] = [];
  let paFirst = pa;
  let paEnd = pa;
  /** The physical address of `target` when it lies in the block's page and is new to the trace. */
  const inPage = (target: number): number => {
    const at = pa + (target - (eip | 0));
    return at >= pageStart && at < pageStart + 4096 && !seen.has(target) && target !== (eip | 0) ? at : -1;
  };
  let at = pa;
  let ip = eip | 0;
  while (list.length < MAX_BLOCK_INSTRUCTIONS) {
    const avail = Math.min(15, pageStart + 4096 - at, cpu.ramSize - at);
    if (avail <= 0) break;
    for (let k = 0; k < avail; k++) window[k] = cpu.ram[at + k];
    const slot = list.length;
    const length = decodeBytes(window, avail, true, d, slot);
    if (length <= 0) break;
    // A watched instruction is called through its watch handler, never written out inline.
    const watched = markWatched(cpu.instructionWatches, d, slot, at);
    const id = d.handler[slot];
    const handler = handlers[id];
    /** What the instruction itself executes (`id` is the watch handler's when it is watched). */
    const own = ownHandlerId(d, slot);
    if (handlers[own] === UD_HANDLER) break;
    const next = (ip + length) | 0;
    const template = watched ? undefined : templateFor(handler, { d, slot, next });
    const endsBlock =
      template === undefined &&
      (ENDS_BLOCK.has(d.opcode[slot]) || isIndirectTransfer(d.opcode[slot], d.modrm[slot]));
    // The slot's tag and packed word, as a cached slot has them: a handler that counts executions of
    // its own (a REP string instruction) reads its cycles there, and its physical address.
    const word = packWord(id, length, cpu.classCycles[INSTRUCTION_SET.handlerCost[own]]);
    d.tagWord[slot << 1] = at | CODE32_TAG;
    d.tagWord[(slot << 1) + 1] = word;
    const cycles = word >>> 23;
    paFirst = Math.min(paFirst, at);
    paEnd = Math.max(paEnd, at + length);
    seen.add(ip);
    const end = template?.end?.({ d, slot, next }) ?? FALLS_THROUGH;
    let follow: BlockInstruction['follow'] = null;
    let goTo = -1;
    if (end.kind === 'jump') {
      goTo = inPage(end.target);
      if (goTo >= 0) {
        follow = { kind: 'jump' };
        if (d.opcode[slot] === 0xe8) returns.push(next);
      }
    } else if (end.kind === 'return' && returns.length > 0) {
      const returnTo = returns.pop() as number;
      goTo = inPage(returnTo);
      if (goTo >= 0) follow = { kind: 'return', returnTo };
    }
    const continueAt =
      follow === null
        ? next
        : follow.kind === 'return'
          ? follow.returnTo
          : (end as { target: number }).target;
    const repeats = template === undefined && repeatsAhead(d.opcode[slot], d.pfx[slot]);
    list.push({
      slot,
      eip: ip,
      next,
      cycles,
      handler,
      template,
      end,
      endsBlock,
      repeats,
      follow,
      continueAt,
    });
    if (endsBlock) break;
    if (follow !== null) {
      at = goTo;
      ip = continueAt;
      continue;
    }
    if (end.kind === 'jump' || end.kind === 'return') break;
    at += length;
    ip = next;
  }
  return { list, paFirst, paEnd };
}

/**
 * The block counts instructions and cycles in the locals `ic` and `cy` (loaded from `icountLo` and
 * `cyclesLo` on entry); this brings the CPU's fields up to date, before a handler call and on exit.
 */
const STORE_COUNTERS = 'c.icountLo = ic; c.cyclesLo = cy;';

/** The body of the block function's loop, written with `w` (registers in locals, flags deferred). */
function writeBlock(
  d: DecodedInstructions,
  eip: number,
  list: readonly BlockInstruction[],
  cumulative: readonly number[],
  w: BlockWriter,
  faultStores: Map<number, string>,
): void {
  /** Instructions already added to the counters in this pass (a compile-time fact). */
  let done = 0;
  const counts = (upTo: number) =>
    upTo === done ? '' : `ic += ${upTo - done}; cy += ${cumulative[upTo] - cumulative[done]};`;
  const leave = (count: number, target: string) =>
    w.exitCode(`${counts(count)} ${STORE_COUNTERS} c.ip = ${target}; return;`);
  const loopOrLeave = (count: number, target: number) =>
    target === (eip | 0)
      ? `${counts(count)} if (ic + ${list.length} <= limit && c.attention === 0) { ${w.loopBackCode()} continue; } ${w.exitCode(`${STORE_COUNTERS} c.ip = ${target}; return;`)}`
      : leave(count, String(target));
  let terminated = false;

  list.forEach((insn, j) => {
    const { template } = insn;
    if (template === undefined) {
      w.sync();
      // A REP MOVS/STOS may run further executions of itself in the same call, as in the step loop,
      // as long as the rest of this pass still fits below the limit (the pass was entered on that).
      const call = insn.repeats
        ? `c.repeatsAllowed = limit - ic - ${list.length - j}; ${w.callHandler(insn.handler, insn.slot)} c.repeatsAllowed = 0;`
        : w.callHandler(insn.handler, insn.slot);
      w.emit(
        `${counts(j)} ${STORE_COUNTERS} done = ${j}; at = ${j}; call = 1; c.startIp = ${insn.eip}; c.ip = ${insn.next}; ${call}`,
      );
      // The handler may have counted (a REP string instruction counts its iterations).
      w.emit(
        `call = 0; c.icountLo = ic = c.icountLo + 1; c.cyclesLo = cy = c.cyclesLo + ${insn.cycles}; done = ${j + 1};`,
      );
      w.emit(`if (c.ip !== ${insn.next} || c.attention !== 0) return;`);
      // A handler may have loaded SS, or changed CPL or CR0 (and gone on to the next instruction).
      w.emit(w.cachedLoads());
      w.forgetAll();
      done = j + 1;
      if (insn.endsBlock) {
        w.emit(`c.ip = ${insn.next}; return;`);
        terminated = true;
      }
      return;
    }
    if (template.mayFault) {
      // A fault here writes back what is newer in locals than in the CPU at this point.
      const state = w.snapshot();
      faultStores.set(j, [w.registerStores(state.dirty), w.flagStores(state.flags)].join(' '));
      w.emit(`at = ${j};`);
    }
    template.emit?.({ d, slot: insn.slot, next: insn.next }, w);
    const { end } = insn;
    switch (end.kind) {
      case 'none':
        if (template.writesMemory) w.emit(attentionAfterWrite(leave(j + 1, String(insn.next))));
        break;
      case 'conditional': {
        const test = w.condition(end.cc);
        w.emit(`if (${test}) { ${limitCheck(String(end.target))} ${loopOrLeave(j + 1, end.target)} }`);
        break;
      }
      case 'jump':
        if (end.checked !== true) w.emit(limitCheck(String(end.target)));
        if (insn.follow !== null) {
          // A CALL's push may have written translated code.
          if (template.writesMemory) w.emit(attentionAfterWrite(leave(j + 1, String(end.target))));
          break;
        }
        w.emit(loopOrLeave(j + 1, end.target));
        terminated = true;
        break;
      case 'return':
        if (insn.follow?.kind === 'return') {
          w.emit(`if (t !== ${insn.follow.returnTo}) { ${leave(j + 1, 't')} }`);
          break;
        }
        w.emit(leave(j + 1, 't'));
        terminated = true;
        break;
    }
  });
  if (!terminated) {
    const last = list[list.length - 1];
    w.emit(leave(list.length, String(last.continueAt)));
  }
}

/**
 * After an instruction that writes memory: `exit` when the write went through the CPU's accessors
 * (the local `slow`) and they raised `attention` (translated code written, a device's interrupt).
 */
const attentionAfterWrite = (exit: string) =>
  `if (slow !== 0) { slow = 0; if (c.attention !== 0) { ${exit} } }`;

/**
 * Translates the code at `eip` (physical `pa`, 32-bit code). Returns undefined when not even the
 * first instruction can be translated (it crosses the page, or is undefined). A translation made
 * before from the same inputs, by this CPU or another, is reused (translation-cache.ts).
 */
export function compileBlock(
  cpu: Cpu,
  eip: number,
  pa: number,
  slots: SlotAllocator,
): CompiledBlock | undefined {
  const { list, paFirst, paEnd } = decodeBlock(cpu, eip, pa, slots);
  if (list.length === 0) return undefined;
  const watched = list.flatMap((insn, k) => (insn.handler === watchedInstruction ? [k] : []));
  const key = `${translationKey(cpu, eip, pa, paFirst, paEnd, slots.nextSlot)} watched:${watched.join(',')}`;
  let translation = SHARED_TRANSLATIONS.get(key);
  if (translation === undefined) {
    translation = translate(eip, list, slots);
    SHARED_TRANSLATIONS.add(key, translation);
  } else {
    // Its handler calls name the slots the first translation kept: keep the same ones, in order.
    for (const k of translation.kept) slots.keep(k);
  }
  return {
    eip: eip | 0,
    pa,
    paFirst,
    paEnd,
    length: list.length,
    lastIp: list[list.length - 1].eip,
    run: translation.run,
  };
}

/**
 * Everything a translation depends on: the EIP, the offset in the page (which jump targets the trace
 * follows), the bytes it was decoded from, the first slot its handler calls keep, the cost model
 * (the cycles it counts) and the RAM size (where decoding stops). The rest is this module's code.
 */
function translationKey(
  cpu: Cpu,
  eip: number,
  pa: number,
  paFirst: number,
  paEnd: number,
  firstSlot: number,
): string {
  let bytes = '';
  for (let a = paFirst; a < paEnd; a++) bytes += String.fromCharCode(cpu.ram[a]);
  return `${eip | 0} ${pa & 0xfff} ${paFirst - pa} ${firstSlot} ${cpu.ramSize} ${cpu.classCycles.join(',')} ${bytes}`;
}

/** Writes the block's function and makes it. */
function translate(eip: number, list: BlockInstruction[], slots: SlotAllocator): Translation {
  // Written twice: the first writing finds the registers the block uses and writes, which the second
  // keeps in locals across passes of its loop.
  /** Modelled cycles of the instructions before each one (and of the whole pass, last). */
  const cumulative = [0];
  for (const insn of list) cumulative.push(cumulative[cumulative.length - 1] + insn.cycles);
  // A handler call keeps its instruction's slot once, though the block is written twice.
  const kept = new Map<number, number>();
  const keep = (k: number) => {
    let slot = kept.get(k);
    if (slot === undefined) {
      slot = slots.keep(k);
      kept.set(k, slot);
    }
    return slot;
  };
  const first = new BlockWriter(keep);
  writeBlock(slots.scratch, eip, list, cumulative, first, new Map());
  const w = new BlockWriter(keep);
  w.startPass(first);
  const faultStores = new Map<number, string>();
  writeBlock(slots.scratch, eip, list, cumulative, w, faultStores);
  const locals = [...Array(8).keys()].map((k) => `r${k} = 0`).join(', ');
  const preload = [...first.used].map((k) => `r${k} = r[${k}];`).join(' ');
  const faultCases = [...faultStores]
    .filter(([, stores]) => stores.trim() !== '')
    .map(([j, stores]) => `case ${j}: ${stores} break;`)
    .join(' ');
  const source = [
    `const EIPS = new Int32Array([${list.map((insn) => insn.eip).join(', ')}]);`,
    `const CUM = new Float64Array([${cumulative.join(', ')}]);`,
    'const WIN = new Int32Array(3);',
    'return function block(c, limit) {',
    '  const r = c.r32;',
    `  let ${locals}, fa = 0, fb = 0, ff = 0, fc = 0, cin = 0, v = 0, t = 0, o = 0, lin = 0, e = 0, pa = 0, d = 0, done = 0, at = 0, slow = 0, call = 0;`,
    '  let ic = c.icountLo, cy = c.cyclesLo;',
    '  const tlb = c.tlb, view = c.ramView, watch = c.watch, segBase = c.segBase;',
    '  const segEnd = c.segFastEnd;',
    `  let ${w.cachedLoads()}`,
    `  ${preload}`,
    '  try {',
    '    for (;;) {',
    '      done = 0;',
    ...w.lines.map((line) => `      ${line}`),
    '    }',
    '  } catch (fault) {',
    // `at`: the instruction that faulted (a trace may pass one EIP twice, so it is not found by EIP).
    '    const j = at;',
    // A fault inside a handler call: the handler's counts are in the CPU; otherwise the locals'.
    `    if (call === 0) { ${STORE_COUNTERS} }`,
    '    c.startIp = EIPS[j];',
    `    switch (j) { ${faultCases} }`,
    '    if (j >= done) { c.icountLo += j - done; c.cyclesLo += CUM[j] - CUM[done]; }',
    '    throw fault;',
    '  }',
    '};',
  ].join('\n');
  // The Function constructor is the compiler's back end: V8 compiles the source like any other code.
  const run = new Function('H', 'getCF', 'getZF', 'condition', 'CpuFault', 'SW', source)(
    INSTRUCTION_SET.handlers,
    getCF,
    getZF,
    condition,
    CpuFault,
    stackWindow,
  ) as BlockFunction;
  return { run, kept: [...kept.keys()] };
}
