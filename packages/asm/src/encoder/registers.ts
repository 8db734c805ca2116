// The i386 register file as AT&T operands name it (`%eax`, `%cr0`, `%st(3)`), with the number each
// register has inside an instruction encoding (ModR/M reg/rm field, SIB, opcode+r).

export type RegisterClass = 'gpr' | 'sreg' | 'cr' | 'dr' | 'st';

export interface Register {
  readonly name: string;
  readonly cls: RegisterClass;
  /** Operand size in bits for general registers; 16 for segment registers, 32 for CRn/DRn, 80 for x87. */
  readonly size: 8 | 16 | 32 | 80;
  /** Encoding number (0–7). */
  readonly num: number;
}

const GPR32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const GPR16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const GPR8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const SEGMENT = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

function buildRegisters(): ReadonlyMap<string, Register> {
  const map = new Map<string, Register>();
  const add = (name: string, cls: RegisterClass, size: Register['size'], num: number) => {
    map.set(name, { name, cls, size, num });
  };
  for (let num = 0; num < 8; num++) {
    add(GPR32[num]!, 'gpr', 32, num);
    add(GPR16[num]!, 'gpr', 16, num);
    add(GPR8[num]!, 'gpr', 8, num);
    if (num < SEGMENT.length) add(SEGMENT[num]!, 'sreg', 16, num);
    add(`cr${num}`, 'cr', 32, num);
    add(`dr${num}`, 'dr', 32, num);
    add(`db${num}`, 'dr', 32, num);
    add(`st(${num})`, 'st', 80, num);
  }
  add('st', 'st', 80, 0);
  return map;
}

/** Every register by its AT&T name without `%` (`st(3)` spelled without spaces). */
export const REGISTERS: ReadonlyMap<string, Register> = buildRegisters();

export const SEGMENT_PREFIX_BYTE: Readonly<Record<string, number>> = {
  es: 0x26,
  cs: 0x2e,
  ss: 0x36,
  ds: 0x3e,
  fs: 0x64,
  gs: 0x65,
};
