/**
 * The block compiler: translates a straight-line run of guest code (one physical page at most, up to
 * MAX_BLOCK_INSTRUCTIONS) into one JavaScript function that V8 optimises. The common instructions are
 * written out inline (templates.ts); every other one is a call to its interpreter handler with its
 * decoded fields kept in a slot of the decoded-instruction store that only this block uses.
 *
 * A block keeps every guarantee of the step loop:
 * - exact counting: it is entered only when a whole pass fits below the loop's instruction limit, it
 *   adds each instruction's count and modelled cycles, and it brings `icountLo`/`cyclesLo` up to date
 *   before any handler call (handlers read the clock) and on every exit;
 * - the same boundaries for events: it leaves as soon as `attention` is set (an interrupt raised by an
 *   I/O handler, a code write, a CPL or CR change) or a handler changed EIP;
 * - precise exceptions: `startIp` is set before anything that can fault, and the catch counts exactly
 *   the instructions before the faulting one, as the step loop would;
 * - a jump back to its own start loops inside the function while the limit and `attention` allow.
 */
import type { Cpu } from '../cpu.js';
import { decodeBytes } from '../decoder/decode.js';
import { packWord } from '../decoder/dispatch.js';
import { INSTRUCTION_SET } from '../decoder/instruction-set.js';
import { UD_HANDLER } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import { condition, getCF, getZF } from '../flags.js';
import { constantLimitCheck, inlineCode } from './templates.js';

export const MAX_BLOCK_INSTRUCTIONS = 48;

/** A compiled block: where it starts, how much it may retire in one pass, and the function. */
export interface CompiledBlock {
  /** EIP and physical address of its first instruction, and the code-size tag it was decoded with. */
  readonly eip: number;
  readonly pa: number;
  readonly tag: number;
  /** Physical bytes [pa, paEnd) it was translated from. */
  readonly paEnd: number;
  /** Instructions in one pass (the most it retires without looping). */
  readonly length: number;
  /** EIP of its last instruction (the entry check keeps the whole block inside the CS limit). */
  readonly lastIp: number;
  /** Runs the block; `limit` is the value of `icountLo` it must not pass. */
  readonly run: (c: Cpu, limit: number) => void;
}

/** Allocates decoded-instruction slots that stay valid as long as the block does. */
export interface SlotAllocator {
  /** The slot the next instruction is decoded into. */
  peek(): number;
  /** Keeps the peeked slot (a handler call refers to it). */
  take(): void;
}

/** Opcodes (map * 256 + byte) after which execution never falls through: the block ends there. */
const ENDS_BLOCK = new Set([
  0x9a, 0xc2, 0xc3, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xe8, 0xe9, 0xea, 0xeb, 0xf4, 0x134, 0x135,
]);
/** FF /2–/5: indirect CALL/JMP, near and far. */
const isIndirectTransfer = (opcode: number, modrm: number) =>
  opcode === 0xff && ((modrm >>> 3) & 7) >= 2 && ((modrm >>> 3) & 7) <= 5;

/**
 * A Jcc condition as JS. JZ/JNZ right after an inline instruction that left its result in `f` with
 * msb 31 test `f` itself (ZF = result is 0); every other case asks the lazy flags.
 */
function conditionCode(cc: number, resultInF: boolean): string {
  if (resultInF && cc === 4) return 'f === 0';
  if (resultInF && cc === 5) return 'f !== 0';
  if (cc === 5) return 'getZF(c) === 0';
  return `condition(c, ${cc})`;
}

/**
 * Translates the code at `eip` (physical `pa`, 32-bit code). Returns undefined when not even the
 * first instruction can be translated (it crosses the page, or is undefined).
 */
export function compileBlock(
  cpu: Cpu,
  eip: number,
  pa: number,
  tag: number,
  slots: SlotAllocator,
): CompiledBlock | undefined {
  const d = cpu.decoded;
  const handlers = INSTRUCTION_SET.handlers;
  const pageEnd = (pa & -4096) + 4096;
  const window = new Uint8Array(15);

  const body: string[] = [];
  const eips: number[] = [];
  const cumulativeCycles: number[] = [0];
  /** Handlers called from the block, by index in the closure's `H`. */
  const called: unknown[] = [];

  let at = pa;
  let ip = eip | 0;
  /** Instructions already added to the counters in this pass (a compile-time fact). */
  let done = 0;
  /** The lazy flags were last set by an inline instruction whose result is in `f` (msb 31). */
  let resultInF = false;
  let ended = false;
  /** The last piece leaves the function on every path (an inline jump or return). */
  let terminated = false;

  const flush = (upTo: number): string => {
    if (upTo === done) return '';
    return `c.icountLo += ${upTo - done}; c.cyclesLo += ${cumulativeCycles[upTo] - cumulativeCycles[done]};`;
  };
  /** Leaves after `count` instructions (the counters are flushed) with EIP at `target` or `expr`. */
  const exitTo = (count: number, target: string) => `${flush(count)} c.ip = ${target}; return;`;
  const loopOrExit = (count: number, target: number) =>
    target === (eip | 0)
      ? `${flush(count)} if (c.icountLo + LENGTH <= limit && c.attention === 0) continue; c.ip = ${target}; return;`
      : exitTo(count, String(target));

  while (!ended && eips.length < MAX_BLOCK_INSTRUCTIONS) {
    const avail = Math.min(15, pageEnd - at, cpu.ramSize - at);
    if (avail <= 0) break;
    for (let k = 0; k < avail; k++) window[k] = cpu.ram[at + k];
    const slot = slots.peek();
    const length = decodeBytes(window, avail, true, d, slot);
    if (length <= 0) break;
    const handler = handlers[d.handler[slot]];
    if (handler === UD_HANDLER) break;

    const j = eips.length;
    const next = (ip + length) | 0;
    const cycles =
      packWord(d.handler[slot], length, cpu.classCycles[INSTRUCTION_SET.handlerCost[d.handler[slot]]]) >>> 23;
    eips.push(ip);
    cumulativeCycles.push(cumulativeCycles[j] + cycles);

    const inline = inlineCode(handler, { d, slot, eip: ip, next });
    if (inline !== undefined) {
      if (inline.mayFault || inline.end.kind !== 'none') body.push(`c.startIp = ${ip};`);
      body.push(inline.code);
      const end = inline.end;
      switch (end.kind) {
        case 'none':
          if (inline.memory) body.push(`if (c.attention !== 0) { ${exitTo(j + 1, String(next))} }`);
          break;
        case 'conditional': {
          const test = conditionCode(end.cc, resultInF);
          body.push(`if (${test}) { ${constantLimitCheck(end.target)} ${loopOrExit(j + 1, end.target)} }`);
          break;
        }
        case 'jump':
          body.push(`${constantLimitCheck(end.target)} ${loopOrExit(j + 1, end.target)}`);
          ended = true;
          terminated = true;
          break;
        case 'return':
          body.push(exitTo(j + 1, 't'));
          ended = true;
          terminated = true;
          break;
      }
      if (inline.flags === 'result') resultInF = true;
    } else {
      slots.take();
      called.push(handler);
      body.push(
        `${flush(j)} done = ${j}; c.startIp = ${ip}; c.ip = ${next}; H[${called.length - 1}](c, ${slot});`,
        `c.icountLo += 1; c.cyclesLo += ${cycles}; done = ${j + 1};`,
        `if (c.ip !== ${next} || c.attention !== 0) return;`,
      );
      done = j + 1;
      resultInF = false;
      if (ENDS_BLOCK.has(d.opcode[slot]) || isIndirectTransfer(d.opcode[slot], d.modrm[slot])) ended = true;
    }
    at += length;
    ip = next;
    // After a conditional exit the not-taken path goes on; the counters it flushed were inside the `if`.
  }
  if (eips.length === 0) return undefined;
  if (!terminated) body.push(exitTo(eips.length, String(ip)));

  const source = [
    'return function block(c, limit) {',
    '  const r = c.r32;',
    '  let f = 0;',
    '  let done = 0;',
    '  try {',
    '    for (;;) {',
    '      done = 0;',
    ...body.map((line) => `      ${line}`),
    '    }',
    '  } catch (e) {',
    '    let j = 0;',
    '    while (j < EIPS.length && EIPS[j] !== c.startIp) j++;',
    '    if (j < EIPS.length && j >= done) { c.icountLo += j - done; c.cyclesLo += CUM[j] - CUM[done]; }',
    '    throw e;',
    '  }',
    '};',
  ]
    .join('\n')
    .replaceAll('LENGTH', String(eips.length));
  // The Function constructor is the compiler's back end: V8 compiles the source like any other code.
  const make = new Function('H', 'EIPS', 'CUM', 'getCF', 'getZF', 'condition', 'CpuFault', source);
  const run = make(
    called,
    Int32Array.from(eips),
    Float64Array.from(cumulativeCycles),
    getCF,
    getZF,
    condition,
    CpuFault,
  ) as CompiledBlock['run'];
  return { eip: eip | 0, pa, tag, paEnd: at, length: eips.length, lastIp: eips[eips.length - 1], run };
}
