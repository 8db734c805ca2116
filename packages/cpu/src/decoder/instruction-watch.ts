/**
 * Instruction watches: an instrument sees the instructions it selected, and only those, before they
 * execute. The selection is made once, when an instruction is decoded (by its physical address and
 * opcode), and recorded in its decoded slot: its handler becomes `watchedInstruction`, which calls the
 * watches and then the real handler. Every other instruction runs as fast as without a watch: in the
 * step loop's fast path and in compiled blocks, which call a watched instruction through its handler.
 * (The trace hook, by contrast, sends every instruction down the one-at-a-time slow path.)
 */
import type { Cpu } from '../cpu.js';
import type { DecodedInstructions } from './decoded.js';
import { type Handler, handlerId, handlers } from './opcode-table.js';

export interface InstructionWatch {
  /**
   * Whether `before` runs for the instruction at `physical` whose opcode is `opcode` (map · 256 + the
   * opcode byte after the prefixes: 0x9c for PUSHF, 0x101 for 0F 01). Decoded instructions are
   * cached by physical address, so the answer must depend on these two values alone.
   */
  selects(physical: number, opcode: number): boolean;
  /**
   * Called before each execution of a selected instruction, with EIP at it and the counters up to
   * date (also when the instruction then faults), with its opcode as `selects` saw it and its ModR/M
   * byte (0 when it has none). It observes: it must not change the CPU's state.
   */
  before(cpu: Cpu, opcode: number, modrm: number): void;
}

/**
 * The handler id of a watched slot: 0F FF with the operand-size bit set. The decoder never produces it
 * (0F FF is UD0, whose every form decodes to UD_HANDLER_ID).
 */
export const WATCHED_HANDLER_ID = handlerId(1, 0xff, 1, 0, 0);

/** The handler of every watched slot: the watches, then the instruction's own handler. */
export const watchedInstruction: Handler = (c, slot) => {
  const d = c.decoded;
  c.runInstructionWatches(d.watchedBy[slot], d.opcode[slot], d.modrm[slot]);
  // Each execution is watched: a REP string instruction must not run its next ones in this call.
  c.repeatsAllowed = 0;
  handlers[d.watchedHandler[slot]](c, slot);
};

/** How many watches a CPU can have at once: `watchedBy` has a bit for each. */
export const MAX_INSTRUCTION_WATCHES = 16;

/**
 * Applies the watches to a freshly decoded slot (its first byte at `physical`): when some select the
 * instruction, their bits go into `watchedBy`, its handler id moves to `watchedHandler` and the
 * slot's handler becomes WATCHED_HANDLER_ID. Returns whether the slot is watched.
 */
export function markWatched(
  watches: readonly InstructionWatch[],
  d: DecodedInstructions,
  slot: number,
  physical: number,
): boolean {
  if (watches.length === 0) return false;
  const opcode = d.opcode[slot];
  let by = 0;
  for (let k = 0; k < watches.length; k++) if (watches[k].selects(physical, opcode)) by |= 1 << k;
  if (by === 0) return false;
  d.watchedBy[slot] = by;
  d.watchedHandler[slot] = d.handler[slot];
  d.handler[slot] = WATCHED_HANDLER_ID;
  return true;
}

/** The handler id an instruction executes with, watched or not (for its modelled cycles). */
export function ownHandlerId(d: DecodedInstructions, slot: number): number {
  const id = d.handler[slot];
  return id === WATCHED_HANDLER_ID ? d.watchedHandler[slot] : id;
}
