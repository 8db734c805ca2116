/** The JavaScript of the eight ALU operations (ADD OR ADC SBB AND SUB XOR CMP) in compiled blocks. */
import { LF_ADD, LF_LOGIC, LF_SUB } from '../flags.js';
import type { BlockWriter, PendingFlagsKind } from './block-writer.js';

/** How ALU operation `op` (the 80–83 /digit order) computes `ff` from `fa`, `fb` (and `cin`). */
const ALU_OPS: readonly { readonly code: string; readonly kind: PendingFlagsKind; readonly lf: number }[] = [
  { code: 'ff = (fa + fb) | 0;', kind: 'arith', lf: LF_ADD },
  { code: 'ff = fa | fb;', kind: 'logic', lf: LF_LOGIC },
  { code: 'ff = (fa + fb + cin) | 0;', kind: 'arith', lf: LF_ADD },
  { code: 'ff = (fa - fb - cin) | 0;', kind: 'arith', lf: LF_SUB },
  { code: 'ff = fa & fb;', kind: 'logic', lf: LF_LOGIC },
  { code: 'ff = (fa - fb) | 0;', kind: 'sub', lf: LF_SUB },
  { code: 'ff = fa ^ fb;', kind: 'logic', lf: LF_LOGIC },
  { code: 'ff = (fa - fb) | 0;', kind: 'sub', lf: LF_SUB },
];

/**
 * The JS of ALU operation `op` on `a` and `b` as alu() in ops/arith.ts computes it: operands in
 * `fa`/`fb`, result in `ff`. The carry-in of ADC/SBB is taken first (before fa/fb/ff change), and the
 * pending flags are set: call it where the code will be emitted. Byte operations (`msb` 7) take byte
 * values and leave the result unmasked, as the interpreter does.
 */
export function aluCode(w: BlockWriter, op: number, a: string, b: string, msb = 31): string {
  const carryIn = op === 2 || op === 3 ? `cin = ${w.carry()}; ` : '';
  const { code, kind, lf } = ALU_OPS[op];
  w.setFlags(kind, lf, true, msb);
  return `${carryIn}fa = ${a}; fb = ${b}; ${code}`;
}

/** ALU operation `op` on register `dst` and `b`: the register written unless it is CMP. */
export function alu(w: BlockWriter, op: number, dst: number, b: string): void {
  w.emit(aluCode(w, op, w.read(dst), b));
  if (op !== 7) w.write(dst, 'ff');
}
