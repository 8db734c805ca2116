import { define, type Handler, type OpSpec } from '../decoder/opcode-table.js';
import { W8, type Width, WV } from './width.js';

/** What an instruction built for one operand width provides: its register and memory forms. */
export type WidthForms = { r: Handler; m: Handler };

/**
 * Defines the byte form of an instruction at `op` and its word/dword form at `op + 1`, the
 * i386's usual pairing (`not Eb` F6 /2, `not Ev` F7 /2), from one builder per operand width.
 * `operands` names the byte form's operands and the word form's: ['Eb,Gb', 'Ev,Gv'].
 */
export function defineByteAndWordForms(
  spec: Omit<OpSpec, 'operands' | 'r' | 'm'> & { operands: readonly [string, string] },
  build: (w: Width) => WidthForms,
): void {
  const { operands, ...common } = spec;
  const byte = build(W8);
  const [word, dword] = WV.map(build) as [WidthForms, WidthForms];
  define({ ...common, operands: operands[0], r: byte.r, m: byte.m });
  define({ ...common, op: spec.op + 1, operands: operands[1], r: [word.r, dword.r], m: [word.m, dword.m] });
}
