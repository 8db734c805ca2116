/** Packs the step loop's per-instruction word (see DecodedInstructions.word). */
export function packWord(handler: number, length: number, cycles: number): number {
  const cyc = Math.max(0, Math.min(127, Math.round(cycles)));
  return handler | (length << 14) | (HOT_CODE[handler] << 18) | (cyc << 23);
}

/**
 * Dispatch of a decoded instruction to its handler. The handlers of the most frequent instructions
 * are called directly from the step loop's switch (`Cpu.loop`, where TurboFan inlines them) instead
 * of through the handler array; every other instruction goes through `handlers[id]`. Same functions
 * either way: this only changes how the call is made. The switch's case k calls HOT[k - 1]: the two
 * lists must stay in the same order.
 */
import {
  add_Ev_Gv_reg32,
  add_Ev_I_reg32,
  alu_Ev_I_reg32,
  and_Ev_I_reg32,
  cmp_Ev_Gv_reg32,
  cmp_Ev_I_reg32,
  dec_r32,
  inc_r32,
  sub_Ev_Gv_reg32,
  sub_Ev_I_reg32,
  test_Ev_Gv_reg32,
  xor_Ev_Gv_reg32,
} from '../ops/arith.js';
import { call_rel32, jcc_rel32, jmp_rel32, jnz_rel32, ret32 } from '../ops/control.js';
import { lea32, mov_Ev_Gv_mem32, mov_Ev_Gv_reg32, mov_Gv_Ev_mem32, mov_r32_imm } from '../ops/data.js';
import { pop_r32, push_r32 } from '../ops/stack.js';
import { INSTRUCTION_SET } from './instruction-set.js';
import { HANDLER_COUNT, type Handler } from './opcode-table.js';

const HOT: Handler[] = [
  add_Ev_Gv_reg32,
  sub_Ev_Gv_reg32,
  cmp_Ev_Gv_reg32,
  xor_Ev_Gv_reg32,
  test_Ev_Gv_reg32,
  alu_Ev_I_reg32,
  inc_r32,
  dec_r32,
  mov_Ev_Gv_reg32,
  mov_Ev_Gv_mem32,
  mov_Gv_Ev_mem32,
  mov_r32_imm,
  lea32,
  jcc_rel32,
  jnz_rel32,
  jmp_rel32,
  call_rel32,
  ret32,
  push_r32,
  pop_r32,
  sub_Ev_I_reg32,
  cmp_Ev_I_reg32,
  add_Ev_I_reg32,
  and_Ev_I_reg32,
];

/** Per handler id: 1 + index in HOT, or 0 (stored in DecodedInstructions.word bits 18–22). */
export const HOT_CODE = new Uint8Array(HANDLER_COUNT);
for (let h = 0; h < HANDLER_COUNT; h++) {
  const k = HOT.indexOf(INSTRUCTION_SET.handlers[h]);
  if (k >= 0) HOT_CODE[h] = k + 1;
}
