/** Packs the step loop's per-instruction word (see DecodedInstructions.word). */
export function packWord(handler: number, length: number, cycles: number): number {
  const cyc = Math.max(0, Math.min(127, Math.round(cycles)));
  return handler | (length << 14) | (HOT_CODE[handler] << 18) | (cyc << 23);
}

/**
 * Dispatch of a decoded instruction to its handler. The handlers of the most frequent instructions
 * are called directly from a switch (TurboFan inlines them) instead of through the handler array;
 * every other instruction goes through `handlers[id]`. Same functions either way: this only
 * changes how the call is made.
 */
import type { Cpu } from '../cpu.js';
import {
  add_Ev_Gv_reg32,
  alu_Ev_I_reg32,
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
];

/** Per handler id: 1 + index in HOT, or 0 (stored in DecodedInstructions.word bits 18–22). */
export const HOT_CODE = new Uint8Array(HANDLER_COUNT);
for (let h = 0; h < HANDLER_COUNT; h++) {
  const k = HOT.indexOf(INSTRUCTION_SET.handlers[h]);
  if (k >= 0) HOT_CODE[h] = k + 1;
}

/** Executes decoded slot `i` whose packed word is `w`. */
export function dispatch(c: Cpu, w: number, i: number): void {
  switch ((w >>> 18) & 31) {
    case 1:
      add_Ev_Gv_reg32(c, i);
      return;
    case 2:
      sub_Ev_Gv_reg32(c, i);
      return;
    case 3:
      cmp_Ev_Gv_reg32(c, i);
      return;
    case 4:
      xor_Ev_Gv_reg32(c, i);
      return;
    case 5:
      test_Ev_Gv_reg32(c, i);
      return;
    case 6:
      alu_Ev_I_reg32(c, i);
      return;
    case 7:
      inc_r32(c, i);
      return;
    case 8:
      dec_r32(c, i);
      return;
    case 9:
      mov_Ev_Gv_reg32(c, i);
      return;
    case 10:
      mov_Ev_Gv_mem32(c, i);
      return;
    case 11:
      mov_Gv_Ev_mem32(c, i);
      return;
    case 12:
      mov_r32_imm(c, i);
      return;
    case 13:
      lea32(c, i);
      return;
    case 14:
      jcc_rel32(c, i);
      return;
    case 15:
      jnz_rel32(c, i);
      return;
    case 16:
      jmp_rel32(c, i);
      return;
    case 17:
      call_rel32(c, i);
      return;
    case 18:
      ret32(c);
      return;
    case 19:
      push_r32(c, i);
      return;
    case 20:
      pop_r32(c, i);
      return;
    case 21:
      sub_Ev_I_reg32(c, i);
      return;
    case 22:
      cmp_Ev_I_reg32(c, i);
      return;
    default:
      INSTRUCTION_SET.handlers[w & 0x3fff](c, i);
      return;
  }
}
