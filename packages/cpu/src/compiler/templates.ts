/**
 * JavaScript for the instructions the block compiler writes out inline, one template per handler.
 * Each template has exactly the effect of its interpreter handler (registers, lazy flags, memory),
 * with the decoded fields as constants, written through a BlockWriter (registers in locals, flags
 * deferred). Every other instruction is called through its handler (see block-compiler.ts).
 */
import { CS, ESP, GP, SIGN_BIT, SS } from '../constants.js';
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
import type { BlockWriter } from './block-writer.js';
import { operandRegisters } from './operand-calls.js';

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
  /** JMP/CALL rel: always goes to `target`. */
  | { kind: 'jump'; target: number }
  /** RET: the target is in the JS local `t` (already limit-checked). */
  | { kind: 'return' };

export interface Template {
  /** It may throw a CpuFault: the compiler sets `c.startIp` and records what a fault writes back. */
  readonly mayFault: boolean;
  /** It writes memory, which may be translated code: the compiler checks `c.attention` after it. */
  readonly writesMemory: boolean;
  readonly supports?: (x: TemplateInput) => boolean;
  /** Writes the instruction's effect (none for a bare jump). */
  readonly emit?: (x: TemplateInput, w: BlockWriter) => void;
  /** Where it goes next; absent: it falls through. */
  readonly end?: (x: TemplateInput) => InlineEnd;
}

const rmOf = (x: TemplateInput) => x.d.modrm[x.slot] & 7;
const regOf = (x: TemplateInput) => (x.d.modrm[x.slot] >>> 3) & 7;
const opcodeReg = (x: TemplateInput) => x.d.opcode[x.slot] & 7;
const imm = (x: TemplateInput) => x.d.imm[x.slot];
/** The target of a relative JMP/Jcc/CALL. */
const relativeTarget = (x: TemplateInput) => (x.next + imm(x)) | 0;
const ea32 = (x: TemplateInput) => x.d.eaForm[x.slot] === EA_32;

/**
 * Emits a 32-bit load of seg:`offset` into the local `v`: the step loop's fast path (segment limit,
 * software TLB, RAM) inline, the CPU's read32 otherwise (the slow path, faults included).
 */
function load32(w: BlockWriter, seg: number, offset: string): void {
  w.emit(
    `o = ${offset}; lin = (segBase[${seg}] + o) | 0; e = tlb[lin >>> 12]; ` +
      `if (o <= segReadMax[${seg}] - 3 && (e & c.tlbRead) !== 0 && (lin & 0xfff) < 0xffd) v = view.getInt32((e & -4096) | (lin & 0xfff), true); ` +
      `else v = c.read32(${seg}, o);`,
  );
}

/** Emits a 32-bit store of `value` to seg:`offset`, fast path inline (watched code goes the slow way). */
function store32(w: BlockWriter, seg: number, offset: string, value: string): void {
  w.emit(
    `o = ${offset}; lin = (segBase[${seg}] + o) | 0; e = tlb[lin >>> 12]; pa = (e & -4096) | (lin & 0xfff); ` +
      `if (o <= segWriteMax[${seg}] - 3 && (e & c.tlbWrite) !== 0 && (lin & 0xfff) < 0xffd && (watch[pa >>> 8] | watch[(pa + 3) >>> 8]) === 0) view.setInt32(pa, ${value}, true); ` +
      `else c.write32(${seg}, o, ${value});`,
  );
}

/** PUSH of a 32-bit value with a 32-bit stack: store below ESP, then move ESP (the local `r4`). */
function push32(w: BlockWriter, value: string): void {
  const esp = w.read(ESP);
  // The value is taken before ESP moves (PUSH ESP pushes the old value).
  w.emit(`v = ${value};`);
  w.emit(`if (!c.ssBig) { r[${ESP}] = ${esp}; c.push32(v); ${esp} = r[${ESP}]; } else {`);
  store32(w, SS, `(${esp} - 4) >>> 0`, 'v');
  w.emit('}');
  w.emit(`if (c.ssBig) ${esp} = (${esp} - 4) | 0;`);
  w.write(ESP, esp);
}

/** POP into the local `v` with a 32-bit stack. */
function pop32(w: BlockWriter): void {
  const esp = w.read(ESP);
  w.emit(`if (!c.ssBig) { r[${ESP}] = ${esp}; v = c.pop32(); ${esp} = r[${ESP}]; } else {`);
  load32(w, SS, `${esp} >>> 0`);
  w.emit(`${esp} = (${esp} + 4) | 0; }`);
  w.write(ESP, esp);
}

/** The 32-bit effective address of a memory operand (EA_32), as an unsigned JS expression. */
function effectiveAddress(x: TemplateInput, w: BlockWriter): string {
  const { d, slot } = x;
  const parts = [String(d.disp[slot])];
  if (d.base[slot] !== 8) parts.push(w.read(d.base[slot]));
  if (d.index[slot] !== 8) parts.push(`(${w.read(d.index[slot])} << ${d.scale[slot]})`);
  return `((${parts.join(' + ')}) >>> 0)`;
}

/**
 * ALU operation `op` (the 80–83 /digit order) on register `dst` and `b`, as alu() in ops/arith.ts
 * computes it: result in `ff`, operands in `fa`/`fb`, the register written unless it is CMP.
 */
function alu(w: BlockWriter, op: number, dst: number, b: string): void {
  // The carry-in of ADC/SBB is taken before fa/fb/ff are overwritten.
  if (op === 2 || op === 3) w.emit(`cin = ${w.carry()};`);
  w.emit(`fa = ${w.read(dst)}; fb = ${b};`);
  switch (op) {
    case 0:
      w.emit('ff = (fa + fb) | 0;');
      w.setFlags('arith', LF_ADD);
      break;
    case 1:
      w.emit('ff = fa | fb;');
      w.setFlags('logic', LF_LOGIC);
      break;
    case 2:
      w.emit('ff = (fa + fb + cin) | 0;');
      w.setFlags('arith', LF_ADD);
      break;
    case 3:
      w.emit('ff = (fa - fb - cin) | 0;');
      w.setFlags('arith', LF_SUB);
      break;
    case 4:
      w.emit('ff = fa & fb;');
      w.setFlags('logic', LF_LOGIC);
      break;
    case 6:
      w.emit('ff = fa ^ fb;');
      w.setFlags('logic', LF_LOGIC);
      break;
    default:
      w.emit('ff = (fa - fb) | 0;');
      w.setFlags('sub', LF_SUB);
      break;
  }
  if (op !== 7) w.write(dst, 'ff');
}

const aluTemplate = (
  op: (x: TemplateInput) => number,
  b: (x: TemplateInput, w: BlockWriter) => string,
): Template => ({
  mayFault: false,
  writesMemory: false,
  emit: (x, w) => {
    alu(w, op(x), rmOf(x), b(x, w));
  },
});

/** XOR/TEST reg, reg: the interpreter's fast handlers record only lfR (a logic result needs no operands). */
function logicRegReg(store: boolean): Template {
  return {
    mayFault: false,
    writesMemory: false,
    emit: (x, w) => {
      w.emit(`ff = ${w.read(rmOf(x))} ${store ? '^' : '&'} ${w.read(regOf(x))};`);
      w.setFlags('logic', LF_LOGIC, false);
      if (store) w.write(rmOf(x), 'ff');
    },
  };
}

function incDec(dec: boolean): Template {
  return {
    mayFault: false,
    writesMemory: false,
    emit: (x, w) => {
      const n = opcodeReg(x);
      w.emit(`fc = ${w.carry()}; fa = ${w.read(n)}; fb = 1; ff = (fa ${dec ? '-' : '+'} 1) | 0;`);
      w.setFlags('incdec', dec ? LF_DEC : LF_INC);
      w.write(n, 'ff');
    },
  };
}

/** Near branch target check, as jumpNear does: #GP(0) beyond the CS limit. */
export function limitCheck(target: string): string {
  return `if ((${target} ^ ${SIGN_BIT}) > c.csLimitFlipped) throw new CpuFault(${GP}, 0);`;
}

const branch = (cc: (x: TemplateInput) => number): Template => ({
  mayFault: true,
  writesMemory: false,
  end: (x) => ({ kind: 'conditional', cc: cc(x), target: relativeTarget(x) }),
});

/** The templates, by handler. */
const TEMPLATES = new Map<Handler, Template>([
  [
    add_Ev_Gv_reg32,
    aluTemplate(
      () => 0,
      (x, w) => w.read(regOf(x)),
    ),
  ],
  [
    sub_Ev_Gv_reg32,
    aluTemplate(
      () => 5,
      (x, w) => w.read(regOf(x)),
    ),
  ],
  [
    cmp_Ev_Gv_reg32,
    aluTemplate(
      () => 7,
      (x, w) => w.read(regOf(x)),
    ),
  ],
  [alu_Ev_I_reg32, aluTemplate(regOf, (x) => String(imm(x)))],
  [
    sub_Ev_I_reg32,
    aluTemplate(
      () => 5,
      (x) => String(imm(x)),
    ),
  ],
  [
    cmp_Ev_I_reg32,
    aluTemplate(
      () => 7,
      (x) => String(imm(x)),
    ),
  ],
  [xor_Ev_Gv_reg32, logicRegReg(true)],
  [test_Ev_Gv_reg32, logicRegReg(false)],
  [inc_r32, incDec(false)],
  [dec_r32, incDec(true)],
  [
    mov_Ev_Gv_reg32,
    {
      mayFault: false,
      writesMemory: false,
      emit: (x, w) => {
        w.write(rmOf(x), w.read(regOf(x)));
      },
    },
  ],
  [
    mov_r32_imm,
    {
      mayFault: false,
      writesMemory: false,
      emit: (x, w) => {
        w.write(opcodeReg(x), String(imm(x)));
      },
    },
  ],
  [
    lea32,
    {
      mayFault: false,
      writesMemory: false,
      supports: ea32,
      emit: (x, w) => {
        w.write(regOf(x), `${effectiveAddress(x, w)} | 0`);
      },
    },
  ],
  [
    mov_Ev_Gv_mem32,
    {
      mayFault: true,
      writesMemory: true,
      supports: ea32,
      emit: (x, w) => {
        store32(w, x.d.seg[x.slot], effectiveAddress(x, w), w.read(regOf(x)));
      },
    },
  ],
  [
    mov_Gv_Ev_mem32,
    {
      mayFault: true,
      writesMemory: false,
      supports: ea32,
      emit: (x, w) => {
        load32(w, x.d.seg[x.slot], effectiveAddress(x, w));
        w.write(regOf(x), 'v');
      },
    },
  ],
  [
    push_r32,
    {
      mayFault: true,
      writesMemory: true,
      emit: (x, w) => {
        push32(w, w.read(opcodeReg(x)));
      },
    },
  ],
  [
    pop_r32,
    {
      mayFault: true,
      writesMemory: false,
      emit: (x, w) => {
        pop32(w);
        w.write(opcodeReg(x), 'v');
      },
    },
  ],
  [jnz_rel32, branch(() => 5)],
  [jcc_rel32, branch((x) => x.d.opcode[x.slot] & 15)],
  [
    jmp_rel32,
    { mayFault: true, writesMemory: false, end: (x) => ({ kind: 'jump', target: relativeTarget(x) }) },
  ],
  [
    call_rel32,
    {
      mayFault: true,
      writesMemory: true,
      emit: (x, w) => {
        w.emit(`if (${relativeTarget(x) >>> 0} > c.segLimit[${CS}]) throw new CpuFault(${GP}, 0);`);
        push32(w, String(x.next | 0));
      },
      end: (x) => ({ kind: 'jump', target: relativeTarget(x) }),
    },
  ],
  [
    ret32,
    {
      mayFault: true,
      writesMemory: false,
      emit: (_x, w) => {
        // As ret32: read the target, check it against the CS limit, only then move ESP.
        const esp = w.read(ESP);
        w.emit(
          `if (!c.ssBig) { r[${ESP}] = ${esp}; t = c.read32(${SS}, c.stackOffset(0)); ${limitCheck('t')} c.adjustSp(4); ${esp} = r[${ESP}]; } else {`,
        );
        load32(w, SS, `${esp} >>> 0`);
        w.emit(`t = v; ${limitCheck('t')} ${esp} = (${esp} + 4) | 0; }`);
        w.write(ESP, esp);
      },
      end: () => ({ kind: 'return' }),
    },
  ],
]);

/**
 * An operand call (operand-calls.ts): the handler is called with only its own registers written back
 * before and reloaded after, and the flags stored.
 */
function operandCall(handler: Handler, x: TemplateInput): Template | undefined {
  const { d, slot } = x;
  const operands = operandRegisters(d.opcode[slot], d.modrm[slot], d.base[slot], d.index[slot]);
  if (operands === undefined) return undefined;
  return {
    mayFault: operands.memory,
    writesMemory: operands.memory,
    emit: (_x, w) => {
      for (const k of operands.registers) w.syncRegister(k);
      w.storeFlags();
      w.emit(w.callHandler(handler, slot));
      for (const k of operands.registers) w.clobbered(k);
    },
  };
}

/** The template of a decoded instruction, or undefined when it must go through the full handler path. */
export function templateFor(handler: Handler, x: TemplateInput): Template | undefined {
  const t = TEMPLATES.get(handler);
  if (t !== undefined && (t.supports === undefined || t.supports(x))) return t;
  return operandCall(handler, x);
}
