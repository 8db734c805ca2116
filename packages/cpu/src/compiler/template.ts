/** What a template is: the inline JavaScript of one instruction, as the block compiler writes it. */
import type { DecodedInstructions } from '../decoder/decoded.js';
import type { BlockWriter } from './block-writer.js';

/** One decoded instruction as a template sees it. */
export interface TemplateInput {
  readonly d: DecodedInstructions;
  readonly slot: number;
  /** Its EIP and the next instruction's. */
  readonly next: number;
}

/** How an inline instruction ends. */
export type InlineEnd =
  /** Falls through to the next instruction. */
  | { kind: 'none' }
  /** Jcc with condition code `cc`: taken goes to `target`, else falls through. */
  | { kind: 'conditional'; cc: number; target: number }
  /** JMP/CALL rel: always goes to `target` (`checked`: the template checked it against the CS limit). */
  | { kind: 'jump'; target: number; checked?: boolean }
  /** RET: the target is in the JS local `t` (already limit-checked). */
  | { kind: 'return' };

export interface Template {
  /** It may throw a CpuFault: the compiler records which instruction runs and what a fault writes back. */
  readonly mayFault: boolean;
  /**
   * It writes memory, which may be translated code: the compiler checks `c.attention` after it when
   * the write took the CPU's accessors (which set the local `slow`; the inline fast path never
   * writes watched code).
   */
  readonly writesMemory: boolean;
  readonly supports?: (x: TemplateInput) => boolean;
  /** Writes the instruction's effect (none for a bare jump). */
  readonly emit?: (x: TemplateInput, w: BlockWriter) => void;
  /** Where it goes next; absent: it falls through. */
  readonly end?: (x: TemplateInput) => InlineEnd;
}
