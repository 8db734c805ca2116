/**
 * The whole instruction set: every group module registers its opcodes in the table once, when this
 * module is first imported. The result is immutable afterwards and shared by all CPUs.
 */
import { registerArith } from '../ops/arith.js';
import { registerBits } from '../ops/bits.js';
import { registerControl } from '../ops/control.js';
import { registerData } from '../ops/data.js';
import { registerFpu } from '../ops/fpu.js';
import { registerIo } from '../ops/io.js';
import { registerMulDiv } from '../ops/muldiv.js';
import { registerSegment } from '../ops/segment.js';
import { registerShift } from '../ops/shift.js';
import { registerStack } from '../ops/stack.js';
import { registerString } from '../ops/string.js';
import { registerSystem } from '../ops/system.js';
import { LOOP_BRANCH_HANDLER_ID, loopBranch } from '../spin-wait.js';
import { WATCHED_HANDLER_ID, watchedInstruction } from './instruction-watch.js';
import {
  type Handler,
  handlerCost,
  handlers,
  infos,
  type OpInfo,
  sealInstructionSet,
} from './opcode-table.js';

/** The built table: read-only to everyone (the arrays stay plain for the dispatch's speed). */
export interface InstructionSet {
  readonly handlers: readonly Handler[];
  readonly handlerCost: Readonly<Uint8Array>;
  readonly infos: readonly (OpInfo | undefined)[];
}

function build(): InstructionSet {
  registerArith();
  registerData();
  registerShift();
  registerMulDiv();
  registerBits();
  registerControl();
  registerStack();
  registerString();
  registerIo();
  registerSegment();
  registerSystem();
  registerFpu();
  handlers[WATCHED_HANDLER_ID] = watchedInstruction;
  handlers[LOOP_BRANCH_HANDLER_ID] = loopBranch;
  sealInstructionSet();
  return Object.freeze({ handlers, handlerCost, infos });
}

export const INSTRUCTION_SET = build();
