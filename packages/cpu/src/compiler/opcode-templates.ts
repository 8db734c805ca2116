/**
 * Templates chosen by opcode and operand size rather than by handler: the instruction families whose
 * interpreter handlers are built per width (ALU in all its forms, MOV of bytes and words, MOVZX and
 * MOVSX, IMUL, CMOVcc, INC/DEC/NOT/NEG/TEST of memory). Each has exactly the effect of the handler the
 * decoder picked for that opcode and size, with memory through the inline accesses of
 * inline-memory.ts. Memory operands must use 32-bit addressing; everything else falls back to an
 * operand call or the full handler path.
 */
import { EAX, EBP, ESP } from '../constants.js';
import { P_OP32 } from '../decoder/decoded.js';
import { INSTRUCTION_SET } from '../decoder/instruction-set.js';
import { LF_DEC, LF_INC, LF_LOGIC, LF_RESULT } from '../flags.js';
import { alu, aluCode } from './alu-code.js';
import type { BlockWriter } from './block-writer.js';
import {
  ea32,
  effectiveAddress,
  load,
  loadStackTop,
  push32,
  readModifyWrite,
  type Size,
  store,
} from './inline-memory.js';
import type { Template, TemplateInput } from './template.js';

const modrmOf = (x: TemplateInput) => x.d.modrm[x.slot];
const isRegister = (x: TemplateInput) => modrmOf(x) >= 0xc0;
const rmOf = (x: TemplateInput) => modrmOf(x) & 7;
const regOf = (x: TemplateInput) => (modrmOf(x) >>> 3) & 7;
const segOf = (x: TemplateInput) => x.d.seg[x.slot];
const imm = (x: TemplateInput) => x.d.imm[x.slot];
const op32 = (x: TemplateInput) => (x.d.pfx[x.slot] & P_OP32) !== 0;

/** Byte register `k` (AL CL DL BL AH CH DH BH) as a JS expression. */
function readByteRegister(w: BlockWriter, k: number): string {
  return k < 4 ? `(${w.read(k)} & 0xff)` : `((${w.read(k & 3)} >>> 8) & 0xff)`;
}

/** Writes the low byte of `value` to byte register `k`, keeping the rest of its 32-bit register. */
function writeByteRegister(w: BlockWriter, k: number, value: string): void {
  const r = w.read(k & 3);
  if (k < 4) w.write(k, `(${r} & -256) | (${value} & 0xff)`);
  else w.write(k & 3, `(${r} & -65281) | ((${value} & 0xff) << 8)`);
}

/** A register-or-memory template: `reg` for a register operand, `mem` for a 32-bit-addressed one. */
function registerOrMemory(
  size: (x: TemplateInput) => boolean,
  reg: ((x: TemplateInput, w: BlockWriter) => void) | null,
  mem: ((x: TemplateInput, w: BlockWriter) => void) | null,
  writesMemory: boolean,
): (x: TemplateInput) => Template | undefined {
  const register: Template | undefined = reg
    ? { mayFault: false, writesMemory: false, emit: reg }
    : undefined;
  const memory: Template | undefined = mem ? { mayFault: true, writesMemory, emit: mem } : undefined;
  return (x) => {
    if (!size(x)) return undefined;
    if (isRegister(x)) return register;
    return ea32(x) ? memory : undefined;
  };
}

/** The 32-bit value of operand `Ev` (a register local or a load into `v`). */
function sourceE32(x: TemplateInput, w: BlockWriter): string {
  if (isRegister(x)) return w.read(rmOf(x));
  load(w, 4, segOf(x), effectiveAddress(x, w));
  return 'v';
}

/** ALU `op` Ev,Gv (01, 09, …) with a 32-bit memory destination: read, compute, write (not for CMP). */
function aluMemory(op: number, source: (x: TemplateInput, w: BlockWriter) => string) {
  return (x: TemplateInput, w: BlockWriter) => {
    const b = source(x, w);
    const offset = effectiveAddress(x, w);
    readModifyWrite(w, 4, segOf(x), offset, aluCode(w, op, 'v', b), op !== 7);
  };
}

/**
 * MOVZX/MOVSX Gv(32), Eb/Ew. The source byte or word is zero-extended, then sign-extended for MOVSX.
 */
function extend(size: Size, signed: boolean) {
  const shift = 32 - size * 8;
  const finish = (w: BlockWriter, x: TemplateInput, value: string) =>
    w.write(regOf(x), signed ? `(${value} << ${shift}) >> ${shift}` : value);
  return registerOrMemory(
    op32,
    (x, w) => finish(w, x, size === 1 ? readByteRegister(w, rmOf(x)) : `(${w.read(rmOf(x))} & 0xffff)`),
    (x, w) => {
      load(w, size, segOf(x), effectiveAddress(x, w));
      finish(w, x, 'v');
    },
    false,
  );
}

/**
 * IMUL Gv(32), Ev[, imm]: the truncated product; CF = OF = the exact product does not fit (the
 * double product differs from the int32 one exactly then), SF ZF PF from it, AF = 0.
 */
function imul(immediate: boolean) {
  const emit = (x: TemplateInput, w: BlockWriter) => {
    const a = sourceE32(x, w);
    const b = immediate ? String(imm(x)) : w.read(regOf(x));
    w.emit(`fb = ${a}; ff = Math.imul(fb, ${b}); fc = fb * ${b} !== ff ? 1 : 0; fa = fc;`);
    w.setFlags('result', LF_RESULT, false);
    w.write(regOf(x), 'ff');
  };
  return registerOrMemory(op32, emit, emit, false);
}

/** INC/DEC Ev(32): CF kept (in `fc`), the rest as ADD/SUB of 1. */
function incDecE(dec: boolean) {
  const compute = (w: BlockWriter, a: string) => {
    const code = `fc = ${w.carry()}; fa = ${a}; fb = 1; ff = (fa ${dec ? '-' : '+'} 1) | 0;`;
    w.setFlags('incdec', dec ? LF_DEC : LF_INC);
    return code;
  };
  return registerOrMemory(
    op32,
    (x, w) => {
      w.emit(compute(w, w.read(rmOf(x))));
      w.write(rmOf(x), 'ff');
    },
    (x, w) => {
      const offset = effectiveAddress(x, w);
      readModifyWrite(w, 4, segOf(x), offset, compute(w, 'v'));
    },
    true,
  );
}

/** NEG Ev(32): SUB from 0. */
const negE = registerOrMemory(
  op32,
  (x, w) => {
    w.emit(aluCode(w, 5, '0', w.read(rmOf(x))));
    w.write(rmOf(x), 'ff');
  },
  (x, w) => {
    const offset = effectiveAddress(x, w);
    readModifyWrite(w, 4, segOf(x), offset, aluCode(w, 5, '0', 'v'));
  },
  true,
);

/** NOT Ev(32): no flags, so the pending flags' locals are left alone. */
const notE = registerOrMemory(
  op32,
  (x, w) => w.write(rmOf(x), `~${w.read(rmOf(x))}`),
  (x, w) => {
    const offset = effectiveAddress(x, w);
    readModifyWrite(w, 4, segOf(x), offset, 'v = ~v;', true, 'v');
  },
  true,
);

/** TEST Ev(32), Gv / imm with a memory operand: AND without writing (only the result is recorded). */
function test(source: (x: TemplateInput, w: BlockWriter) => string) {
  return registerOrMemory(
    op32,
    null,
    (x, w) => {
      const b = source(x, w);
      load(w, 4, segOf(x), effectiveAddress(x, w));
      w.emit(`ff = v & ${b};`);
      w.setFlags('logic', LF_LOGIC, false);
    },
    false,
  );
}

/** MOV of a byte or word between a register and memory (88, 89/8B with a 16-bit operand, 8A). */
const movByteOrWord: [number, (x: TemplateInput) => Template | undefined][] = [
  [
    0x88,
    registerOrMemory(
      () => true,
      (x, w) => writeByteRegister(w, rmOf(x), readByteRegister(w, regOf(x))),
      (x, w) => store(w, 1, segOf(x), effectiveAddress(x, w), readByteRegister(w, regOf(x))),
      true,
    ),
  ],
  [
    0x8a,
    registerOrMemory(
      () => true,
      (x, w) => writeByteRegister(w, regOf(x), readByteRegister(w, rmOf(x))),
      (x, w) => {
        load(w, 1, segOf(x), effectiveAddress(x, w));
        writeByteRegister(w, regOf(x), 'v');
      },
      false,
    ),
  ],
  [
    0x89,
    registerOrMemory(
      (x) => !op32(x),
      null,
      (x, w) => store(w, 2, segOf(x), effectiveAddress(x, w), w.read(regOf(x))),
      true,
    ),
  ],
  [
    0x8b,
    registerOrMemory(
      (x) => !op32(x),
      null,
      (x, w) => {
        load(w, 2, segOf(x), effectiveAddress(x, w));
        const r = w.read(regOf(x));
        w.write(regOf(x), `(${r} & -65536) | v`);
      },
      false,
    ),
  ],
  [
    0xc6,
    registerOrMemory(
      () => true,
      null,
      (x, w) => store(w, 1, segOf(x), effectiveAddress(x, w), String(imm(x) & 0xff)),
      true,
    ),
  ],
  [
    0xc7,
    registerOrMemory(
      () => true,
      null,
      (x, w) => store(w, op32(x) ? 4 : 2, segOf(x), effectiveAddress(x, w), String(imm(x))),
      true,
    ),
  ],
];

/**
 * Byte ALU `op` with flags of width 8 (`msb` 7): register and memory destinations (00, 08, …,
 * 80 /op), register destinations (02, 0A, …) and AL (04, 0C, …). CMP writes nothing.
 */
function byteAlu(op: number, form: 'Eb,Gb' | 'Gb,Eb' | 'Eb,Ib' | 'AL,Ib') {
  const source = (x: TemplateInput, w: BlockWriter) =>
    form === 'Eb,Gb' ? readByteRegister(w, regOf(x)) : String(imm(x) & 0xff);
  const intoRegister = (w: BlockWriter, k: number, b: string) => {
    w.emit(aluCode(w, op, readByteRegister(w, k), b, 7));
    if (op !== 7) writeByteRegister(w, k, 'ff');
  };
  if (form === 'AL,Ib') {
    const t: Template = {
      mayFault: false,
      writesMemory: false,
      emit: (x, w) => intoRegister(w, EAX, source(x, w)),
    };
    return () => t;
  }
  if (form === 'Gb,Eb') {
    return registerOrMemory(
      () => true,
      (x, w) => intoRegister(w, regOf(x), readByteRegister(w, rmOf(x))),
      (x, w) => {
        load(w, 1, segOf(x), effectiveAddress(x, w));
        intoRegister(w, regOf(x), 'v');
      },
      false,
    );
  }
  return registerOrMemory(
    () => true,
    (x, w) => intoRegister(w, rmOf(x), source(x, w)),
    (x, w) => {
      const b = source(x, w);
      const offset = effectiveAddress(x, w);
      readModifyWrite(w, 1, segOf(x), offset, aluCode(w, op, 'v', b, 7), op !== 7);
    },
    op !== 7,
  );
}

/** TEST of bytes (84, F6 /0, A8): AND without writing, only the result recorded. */
function byteTest(form: 'Eb,Gb' | 'Eb,Ib' | 'AL,Ib') {
  const emit = (x: TemplateInput, w: BlockWriter) => {
    const b = form === 'Eb,Gb' ? readByteRegister(w, regOf(x)) : String(imm(x) & 0xff);
    if (form === 'AL,Ib') w.emit(`ff = ${readByteRegister(w, EAX)} & ${b};`);
    else if (isRegister(x)) w.emit(`ff = ${readByteRegister(w, rmOf(x))} & ${b};`);
    else {
      load(w, 1, segOf(x), effectiveAddress(x, w));
      w.emit(`ff = v & ${b};`);
    }
    w.setFlags('logic', LF_LOGIC, false, 7);
  };
  if (form === 'AL,Ib') {
    const t: Template = { mayFault: false, writesMemory: false, emit };
    return () => t;
  }
  return registerOrMemory(() => true, emit, emit, false);
}

/** MOV between the accumulator and a memory offset (A0–A3), 32-bit addressing. */
function moveOffset(size: Size, toAccumulator: boolean) {
  const t: Template = {
    mayFault: true,
    writesMemory: !toAccumulator,
    emit: (x, w) => {
      const offset = effectiveAddress(x, w);
      if (!toAccumulator) {
        const value = size === 1 ? readByteRegister(w, EAX) : w.read(EAX);
        store(w, size, segOf(x), offset, value);
      } else {
        load(w, size, segOf(x), offset);
        if (size === 1) writeByteRegister(w, EAX, 'v');
        else w.write(EAX, 'v');
      }
    },
  };
  return (x: TemplateInput) => (ea32(x) && (size === 1 || op32(x)) ? t : undefined);
}

/** NOP and PAUSE (F3 90): nothing but the count and cycles every instruction adds. */
const NOTHING: Template = { mayFault: false, writesMemory: false };

/** PUSH imm32 / imm8 (sign-extended by the decoder) with a 32-bit operand. */
const pushImmediate: Template = {
  mayFault: true,
  writesMemory: true,
  emit: (x, w) => push32(w, String(imm(x))),
};

/**
 * CMOVcc Gv(32), Ev: the source is read whatever the condition (a memory source faults even when
 * nothing moves, as the cmov handler does), then the register takes it if the condition holds.
 */
function conditionalMove(cc: number) {
  const emit = (x: TemplateInput, w: BlockWriter) => {
    const source = sourceE32(x, w);
    const holds = w.condition(cc);
    const reg = regOf(x);
    w.write(reg, `${holds} ? ${source} : ${w.read(reg)}`);
  };
  return registerOrMemory(op32, emit, emit, false);
}

/**
 * LEAVE with a 32-bit operand: ESP = EBP, then EBP = POP. With a 32-bit stack the load comes first
 * and only then do both registers change, so a fault leaves them as they were, as leave() does;
 * with a 16-bit stack it calls the handler.
 */
const leave: Template = {
  mayFault: true,
  writesMemory: false,
  emit: (x, w) => {
    const esp = w.read(ESP);
    const ebp = w.read(EBP);
    w.emit('if (big) {');
    loadStackTop(w, ebp);
    w.emit(`${esp} = (${ebp} + 4) | 0; ${ebp} = v; } else {`);
    w.emit(`r[${ESP}] = ${esp}; r[${EBP}] = ${ebp};`);
    w.emit(w.callHandler(INSTRUCTION_SET.handlers[x.d.handler[x.slot]], x.slot));
    w.emit(`${esp} = r[${ESP}]; ${ebp} = r[${EBP}]; swLast = -1; }`);
    w.write(ESP, esp);
    w.write(EBP, ebp);
  },
};

/** Opcode (map * 256 + byte) → the template for this instance, or undefined. */
const BY_OPCODE = new Map<number, (x: TemplateInput) => Template | undefined>();
for (let op = 0; op < 8; op++) {
  // op Ev,Gv: registers, or memory read-modify-write.
  BY_OPCODE.set(
    op * 8 + 1,
    registerOrMemory(
      op32,
      (x, w) => alu(w, op, rmOf(x), w.read(regOf(x))),
      aluMemory(op, (x, w) => w.read(regOf(x))),
      op !== 7,
    ),
  );
  // op Gv,Ev: the register is the destination.
  BY_OPCODE.set(
    op * 8 + 3,
    registerOrMemory(
      op32,
      (x, w) => alu(w, op, regOf(x), w.read(rmOf(x))),
      (x, w) => {
        load(w, 4, segOf(x), effectiveAddress(x, w));
        alu(w, op, regOf(x), 'v');
      },
      false,
    ),
  );
  const accumulator: Template = {
    mayFault: false,
    writesMemory: false,
    emit: (x, w) => alu(w, op, EAX, String(imm(x))),
  };
  BY_OPCODE.set(op * 8 + 5, (x) => (op32(x) ? accumulator : undefined));
}
// 81 and 83 with a memory destination (their register forms have handler templates).
for (let op = 0; op < 8; op++) {
  BY_OPCODE.set(op * 8, byteAlu(op, 'Eb,Gb'));
  BY_OPCODE.set(op * 8 + 2, byteAlu(op, 'Gb,Eb'));
  BY_OPCODE.set(op * 8 + 4, byteAlu(op, 'AL,Ib'));
}
const byteAluImmediate = [...Array(8).keys()].map((op) => byteAlu(op, 'Eb,Ib'));
BY_OPCODE.set(0x80, (x) => byteAluImmediate[regOf(x)](x));
BY_OPCODE.set(0x84, byteTest('Eb,Gb'));
BY_OPCODE.set(0xa8, byteTest('AL,Ib'));
const byteTestImmediate = byteTest('Eb,Ib');
BY_OPCODE.set(0xf6, (x) => (regOf(x) === 0 ? byteTestImmediate(x) : undefined));
BY_OPCODE.set(0xa0, moveOffset(1, true));
BY_OPCODE.set(0xa1, moveOffset(4, true));
BY_OPCODE.set(0xa2, moveOffset(1, false));
BY_OPCODE.set(0xa3, moveOffset(4, false));
BY_OPCODE.set(0x90, () => NOTHING);
BY_OPCODE.set(0x68, (x) => (op32(x) ? pushImmediate : undefined));
BY_OPCODE.set(0x6a, (x) => (op32(x) ? pushImmediate : undefined));
BY_OPCODE.set(0xc9, (x) => (op32(x) ? leave : undefined));
const aluImmediate = [...Array(8).keys()].map((op) =>
  registerOrMemory(
    op32,
    (x, w) => alu(w, op, rmOf(x), String(imm(x))),
    aluMemory(op, (x) => String(imm(x))),
    op !== 7,
  ),
);
for (const opcode of [0x81, 0x83]) BY_OPCODE.set(opcode, (x) => aluImmediate[regOf(x)](x));
for (const [opcode, template] of movByteOrWord) BY_OPCODE.set(opcode, template);
BY_OPCODE.set(0x1b6, extend(1, false));
BY_OPCODE.set(0x1b7, extend(2, false));
BY_OPCODE.set(0x1be, extend(1, true));
BY_OPCODE.set(0x1bf, extend(2, true));
BY_OPCODE.set(0x1af, imul(false));
for (let cc = 0; cc < 16; cc++) BY_OPCODE.set(0x140 + cc, conditionalMove(cc));
const imulImmediate = imul(true);
BY_OPCODE.set(0x69, imulImmediate);
BY_OPCODE.set(0x6b, imulImmediate);
const incE = incDecE(false);
const decE = incDecE(true);
BY_OPCODE.set(0xff, (x) => (regOf(x) === 0 ? incE(x) : regOf(x) === 1 ? decE(x) : undefined));
const testImmediate = test((x) => String(imm(x)));
BY_OPCODE.set(0xf7, (x) => [testImmediate, undefined, notE, negE][regOf(x)]?.(x));
BY_OPCODE.set(
  0x85,
  test((x, w) => w.read(regOf(x))),
);

/** The opcode-keyed template of a decoded instruction, if its family and size have one. */
export function opcodeTemplateFor(x: TemplateInput): Template | undefined {
  return BY_OPCODE.get(x.d.opcode[x.slot])?.(x);
}
