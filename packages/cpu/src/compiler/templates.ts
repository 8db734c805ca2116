/**
 * JavaScript for the instructions the block compiler writes out inline, one template per handler.
 * Each template produces exactly the state change of its interpreter handler (registers, lazy-flag
 * fields, memory) with the decoded fields as constants; every other instruction is called through
 * its handler (see block-compiler.ts). Templates see the registers as `r` (Cpu.r32) and the CPU as `c`.
 */

import { CS, GP, SIGN_BIT } from '../constants.js';
import { type DecodedInstructions, EA_32 } from '../decoder/decoded.js';
import type { Handler } from '../decoder/opcode-table.js';
import { LF_ADD, LF_DEC, LF_INC, LF_LOGIC, LF_SUB } from '../flags.js';
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

/** One decoded instruction as a template sees it. */
export interface TemplateInput {
  readonly d: DecodedInstructions;
  readonly slot: number;
  /** Its EIP and the next instruction's. */
  readonly eip: number;
  readonly next: number;
}

/** How an inline instruction ends. */
export type InlineEnd =
  /** Falls through to the next instruction. */
  | { kind: 'none' }
  /** Jcc with condition code `cc` (the low nibble of 7x / 0F 8x); taken goes to `target`. */
  | { kind: 'conditional'; cc: number; target: number }
  /** JMP/CALL rel: always goes to `target` (after `code`). */
  | { kind: 'jump'; target: number }
  /** RET: the target is in the JS local `t` (already limit-checked). */
  | { kind: 'return' };

export interface InlineCode {
  readonly code: string;
  /** It may throw a CpuFault (memory access, limit check): `c.startIp` must be set first. */
  readonly mayFault: boolean;
  /** It reads or writes memory (a write may invalidate compiled code: check `c.attention` after). */
  readonly memory: boolean;
  /**
   * Its effect on EFLAGS: `result` when it sets the lazy flags with msb 31 from the value it leaves
   * in the JS local `f` (so a following JZ/JNZ tests `f` directly), `none` when it leaves them alone.
   */
  readonly flags: 'result' | 'none';
  readonly end: InlineEnd;
}

type Template = (x: TemplateInput) => InlineCode;

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

const plain = (code: string, flags: InlineCode['flags']): InlineCode => ({
  code,
  mayFault: false,
  memory: false,
  flags,
  end: { kind: 'none' },
});

const memoryAccess = (code: string): InlineCode => ({
  code,
  mayFault: true,
  memory: true,
  flags: 'none',
  end: { kind: 'none' },
});

/** The lazy-flag record of an arithmetic result `f` from operands `a` and `b` (ALU handlers' order). */
const arith = (op: number) => `c.lfOp = ${op}; c.lfA = a; c.lfB = b; c.lfR = f; c.lfMsb = 31;`;
const logic = `c.lfOp = ${LF_LOGIC}; c.lfR = f; c.lfMsb = 31;`;

/** The 32-bit effective address of a memory operand (EA_32 only), as an unsigned JS expression. */
function effectiveAddress(x: TemplateInput): string {
  const { d, slot } = x;
  const parts = [String(d.disp[slot])];
  if (d.base[slot] !== 8) parts.push(`r[${d.base[slot]}]`);
  if (d.index[slot] !== 8) parts.push(`(r[${d.index[slot]}] << ${d.scale[slot]})`);
  return `((${parts.join(' + ')}) >>> 0)`;
}

const rmOf = (x: TemplateInput) => x.d.modrm[x.slot] & 7;
const regOf = (x: TemplateInput) => (x.d.modrm[x.slot] >>> 3) & 7;
const opcodeReg = (x: TemplateInput) => x.d.opcode[x.slot] & 7;
const imm = (x: TemplateInput) => x.d.imm[x.slot];

/** ALU op (the 80–83 /digit order) of register `a` with `b`, as alu() in ops/arith.ts computes it. */
function aluCode(op: number, dst: number, b: string): InlineCode {
  const read = `const a = r[${dst}]; const b = ${b};`;
  const store = op === 7 ? '' : ` r[${dst}] = f;`;
  switch (op) {
    case 0:
      return plain(`{ ${read} f = (a + b) | 0; ${arith(LF_ADD)}${store} }`, 'result');
    case 1:
      return plain(
        `{ ${read} f = a | b; c.lfOp = ${LF_LOGIC}; c.lfA = a; c.lfB = b; c.lfR = f; c.lfMsb = 31;${store} }`,
        'result',
      );
    case 2:
      return plain(`{ ${read} f = (a + b + getCF(c)) | 0; ${arith(LF_ADD)}${store} }`, 'result');
    case 3:
      return plain(`{ ${read} f = (a - b - getCF(c)) | 0; ${arith(LF_SUB)}${store} }`, 'result');
    case 4:
      return plain(
        `{ ${read} f = a & b; c.lfOp = ${LF_LOGIC}; c.lfA = a; c.lfB = b; c.lfR = f; c.lfMsb = 31;${store} }`,
        'result',
      );
    case 6:
      return plain(
        `{ ${read} f = a ^ b; c.lfOp = ${LF_LOGIC}; c.lfA = a; c.lfB = b; c.lfR = f; c.lfMsb = 31;${store} }`,
        'result',
      );
    default:
      return plain(`{ ${read} f = (a - b) | 0; ${arith(LF_SUB)}${store} }`, 'result');
  }
}

function incDec(dec: boolean): Template {
  return (x) => {
    const n = opcodeReg(x);
    const lf = dec ? LF_DEC : LF_INC;
    return plain(
      `{ c.lfCarry = getCF(c); const a = r[${n}]; f = (a ${dec ? '-' : '+'} 1) | 0; c.lfOp = ${lf}; c.lfA = a; c.lfB = 1; c.lfR = f; c.lfMsb = 31; r[${n}] = f; }`,
      'result',
    );
  };
}

/** Near branch target check, as jumpNear does: #GP(0) beyond the CS limit. */
const limitCheck = (target: string) =>
  `if ((${target} ^ ${SIGN_BIT}) > c.csLimitFlipped) throw new CpuFault(${GP}, 0);`;

/**
 * The templates, by handler. A decoded instruction whose handler is here and whose operand form the
 * template supports (`supports`) is written out inline.
 */
const TEMPLATES = new Map<Handler, { supports?: (x: TemplateInput) => boolean; emit: Template }>([
  [add_Ev_Gv_reg32, { emit: (x) => aluCode(0, rmOf(x), `r[${regOf(x)}]`) }],
  [sub_Ev_Gv_reg32, { emit: (x) => aluCode(5, rmOf(x), `r[${regOf(x)}]`) }],
  [cmp_Ev_Gv_reg32, { emit: (x) => aluCode(7, rmOf(x), `r[${regOf(x)}]`) }],
  [
    xor_Ev_Gv_reg32,
    // XOR leaves lfA/lfB alone in the interpreter (a logic result needs only lfR).
    { emit: (x) => plain(`{ f = r[${rmOf(x)}] ^ r[${regOf(x)}]; ${logic} r[${rmOf(x)}] = f; }`, 'result') },
  ],
  [test_Ev_Gv_reg32, { emit: (x) => plain(`{ f = r[${rmOf(x)}] & r[${regOf(x)}]; ${logic} }`, 'result') }],
  [alu_Ev_I_reg32, { emit: (x) => aluCode(regOf(x), rmOf(x), String(imm(x))) }],
  [sub_Ev_I_reg32, { emit: (x) => aluCode(5, rmOf(x), String(imm(x))) }],
  [cmp_Ev_I_reg32, { emit: (x) => aluCode(7, rmOf(x), String(imm(x))) }],
  [inc_r32, { emit: incDec(false) }],
  [dec_r32, { emit: incDec(true) }],
  [mov_Ev_Gv_reg32, { emit: (x) => plain(`r[${rmOf(x)}] = r[${regOf(x)}];`, 'none') }],
  [mov_r32_imm, { emit: (x) => plain(`r[${opcodeReg(x)}] = ${imm(x)};`, 'none') }],
  [
    lea32,
    {
      supports: (x) => x.d.eaForm[x.slot] === EA_32,
      emit: (x) => plain(`r[${regOf(x)}] = ${effectiveAddress(x)};`, 'none'),
    },
  ],
  [
    mov_Ev_Gv_mem32,
    {
      supports: (x) => x.d.eaForm[x.slot] === EA_32,
      emit: (x) => memoryAccess(`c.write32(${x.d.seg[x.slot]}, ${effectiveAddress(x)}, r[${regOf(x)}]);`),
    },
  ],
  [
    mov_Gv_Ev_mem32,
    {
      supports: (x) => x.d.eaForm[x.slot] === EA_32,
      emit: (x) => memoryAccess(`r[${regOf(x)}] = c.read32(${x.d.seg[x.slot]}, ${effectiveAddress(x)});`),
    },
  ],
  [push_r32, { emit: (x) => memoryAccess(`c.push32(r[${opcodeReg(x)}]);`) }],
  [pop_r32, { emit: (x) => memoryAccess(`{ const v = c.pop32(); r[${opcodeReg(x)}] = v; }`) }],
  [
    jnz_rel32,
    {
      emit: (x) => ({
        ...plain('', 'none'),
        end: { kind: 'conditional', cc: 5, target: (x.next + imm(x)) | 0 },
      }),
    },
  ],
  [
    jcc_rel32,
    {
      emit: (x) => ({
        ...plain('', 'none'),
        end: { kind: 'conditional', cc: x.d.opcode[x.slot] & 15, target: (x.next + imm(x)) | 0 },
      }),
    },
  ],
  [
    jmp_rel32,
    { emit: (x) => ({ ...plain('', 'none'), end: { kind: 'jump', target: (x.next + imm(x)) | 0 } }) },
  ],
  [
    call_rel32,
    {
      emit: (x) => {
        const target = (x.next + imm(x)) | 0;
        return {
          code: `if (${hex(target)} > c.segLimit[${CS}]) throw new CpuFault(${GP}, 0); c.push32(${x.next | 0});`,
          mayFault: true,
          memory: true,
          flags: 'none',
          end: { kind: 'jump', target },
        };
      },
    },
  ],
  [
    ret32,
    {
      emit: () => ({
        code: `const t = c.read32(2, c.stackOffset(0)); ${limitCheck('t')} c.adjustSp(4);`,
        mayFault: true,
        memory: true,
        flags: 'none',
        end: { kind: 'return' },
      }),
    },
  ],
]);

/** The inline code of a decoded instruction, or undefined when it must go through its handler. */
export function inlineCode(handler: Handler, x: TemplateInput): InlineCode | undefined {
  const t = TEMPLATES.get(handler);
  if (t === undefined || (t.supports !== undefined && !t.supports(x))) return undefined;
  return t.emit(x);
}

/** The near-branch limit check of a constant target (jumpNear's rule). */
export function constantLimitCheck(target: number): string {
  return limitCheck(hex(target));
}
