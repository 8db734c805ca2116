/**
 * JavaScript for the instructions the block compiler writes out inline, one template per handler.
 * Each template has exactly the effect of its interpreter handler (registers, lazy flags, memory),
 * with the decoded fields as constants, written through a BlockWriter (registers in locals, flags
 * deferred). Every other instruction is called through its handler (see block-compiler.ts).
 */
import { ECX, ESP, GP, SIGN_BIT, SS } from '../constants.js';
import type { Handler } from '../decoder/opcode-table.js';
import { LF_DEC, LF_INC, LF_LOGIC, LF_RESULT } from '../flags.js';
import { dec_r32, inc_r32, test_Ev_Gv_reg32, xor_Ev_Gv_reg32 } from '../ops/arith.js';
import { call_rel32, jcc_rel32, jmp_rel32, jnz_rel32, ret32 } from '../ops/control.js';
import { lea32, mov_Ev_Gv_mem32, mov_Ev_Gv_reg32, mov_Gv_Ev_mem32, mov_r32_imm } from '../ops/data.js';
import { SHIFT_REG32_FORMS, type ShiftCount } from '../ops/shift.js';
import { pop_r32, push_r32 } from '../ops/stack.js';
import { ea32, effectiveAddress, load, loadStackTop, pop32, push32, store } from './inline-memory.js';
import { opcodeTemplateFor } from './opcode-templates.js';
import { operandRegisters } from './operand-calls.js';
import type { InlineEnd, Template, TemplateInput } from './template.js';

export type { InlineEnd, Template, TemplateInput };

const rmOf = (x: TemplateInput) => x.d.modrm[x.slot] & 7;
const regOf = (x: TemplateInput) => (x.d.modrm[x.slot] >>> 3) & 7;
const opcodeReg = (x: TemplateInput) => x.d.opcode[x.slot] & 7;
const imm = (x: TemplateInput) => x.d.imm[x.slot];
/** The target of a relative JMP/Jcc/CALL. */
const relativeTarget = (x: TemplateInput) => (x.next + imm(x)) | 0;

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

/**
 * SHL/SAL (4, 6), SHR (5), SAR (7) of the local `v` by `n` (1–31) as shift() in ops/shift.ts computes
 * them: result in `ff`, CF in `fc`, OF in `fa`.
 */
function shiftCode(op: number, n: string): string {
  switch (op) {
    case 5:
      return `ff = (v >>> ${n}) | 0; fc = (v >>> (${n} - 1)) & 1; fa = v >>> 31;`;
    case 7:
      return `ff = v >> ${n}; fc = (v >> (${n} - 1)) & 1; fa = 0;`;
    default:
      return `ff = v << ${n}; fc = (v >>> (32 - ${n})) & 1; fa = (ff >>> 31) ^ fc;`;
  }
}

/**
 * A shift of a 32-bit register. A constant count leaves the flags pending in locals; a count in CL
 * may be 0 (no flag changes), so those flags are stored into the CPU only when it is not.
 */
function shiftTemplate(op: number, count: ShiftCount): Template {
  return {
    mayFault: false,
    writesMemory: false,
    emit: (x, w) => {
      const dst = rmOf(x);
      if (count === 'cl') {
        const cl = w.read(ECX);
        w.emit(`v = ${w.read(dst)};`);
        w.storeFlags();
        w.emit(
          `t = ${cl} & 31; if (t !== 0) { ${shiftCode(op, 't')} c.lfOp = ${LF_RESULT}; c.lfR = ff; c.lfCarry = fc; c.lfA = fa; c.lfMsb = 31; v = ff; }`,
        );
        w.write(dst, 'v');
        return;
      }
      const n = count === 'one' ? 1 : imm(x) & 31;
      if (n === 0) return;
      w.emit(`v = ${w.read(dst)}; ${shiftCode(op, String(n))}`);
      w.setFlags('result', LF_RESULT, false);
      w.write(dst, 'ff');
    },
  };
}

/** The shift templates by operation (4–7) and count source. */
const SHIFT_TEMPLATES = new Map<string, Template>();
function shiftTemplateFor(handler: Handler): Template | undefined {
  const form = SHIFT_REG32_FORMS.get(handler);
  if (form === undefined) return undefined;
  const key = `${form.op} ${form.count}`;
  let t = SHIFT_TEMPLATES.get(key);
  if (t === undefined) {
    t = shiftTemplate(form.op, form.count);
    SHIFT_TEMPLATES.set(key, t);
  }
  return t;
}

/** Near branch target check, as jumpNear does: #GP(0) beyond the CS limit (`csMax`, see CACHED_FIELDS). */
export function limitCheck(target: string): string {
  return `if ((${target} ^ ${SIGN_BIT}) > csMax) throw new CpuFault(${GP}, 0);`;
}

const branch = (cc: (x: TemplateInput) => number): Template => ({
  mayFault: true,
  writesMemory: false,
  end: (x) => ({ kind: 'conditional', cc: cc(x), target: relativeTarget(x) }),
});

/** The templates, by handler. */
const TEMPLATES = new Map<Handler, Template>([
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
        store(w, 4, x.d.seg[x.slot], effectiveAddress(x, w), w.read(regOf(x)));
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
        load(w, 4, x.d.seg[x.slot], effectiveAddress(x, w));
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
        // As call_rel32: the target is checked before the push.
        w.emit(limitCheck(String(relativeTarget(x))));
        push32(w, String(x.next | 0));
      },
      end: (x) => ({ kind: 'jump', target: relativeTarget(x), checked: true }),
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
          `if (!big) { r[${ESP}] = ${esp}; t = c.read32(${SS}, c.stackOffset(0)); ${limitCheck('t')} c.adjustSp(4); ${esp} = r[${ESP}]; swLast = -1; } else {`,
        );
        loadStackTop(w, esp);
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
      // Its memory access went through the CPU's accessors (see `slow` in inline-memory.ts).
      if (operands.memory) w.emit('slow = 1; swLast = -1;');
      for (const k of operands.registers) w.clobbered(k);
    },
  };
}

/** The template of a decoded instruction, or undefined when it must go through the full handler path. */
export function templateFor(handler: Handler, x: TemplateInput): Template | undefined {
  const t = TEMPLATES.get(handler);
  if (t !== undefined && (t.supports === undefined || t.supports(x))) return t;
  return shiftTemplateFor(handler) ?? opcodeTemplateFor(x) ?? operandCall(handler, x);
}
