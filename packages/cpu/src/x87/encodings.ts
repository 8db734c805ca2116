/**
 * The x87 opcode table: one row per ESC encoding (D8–DF with a ModR/M byte) of a Pentium II. Each row
 * serves everyone who needs to know about the encoding:
 *  - the disassembler (AT&T mnemonic and register operands),
 *  - the integer core (memory operand size, whether it stores, whether it waits for a pending
 *    exception, whether it reads or writes EFLAGS),
 *  - the unit, which dispatches on the row's `operation`.
 * Encodings without a row are reserved (#UD). Sources: SDM vol. 2A (each instruction's opcode column),
 * vol. 1 8.6 (waiting and non-waiting forms), 8.1.8 (which instructions leave the last-instruction
 * pointers alone), and the undocumented aliases as the host FPU executes them.
 */

export type X87ArithmeticOperation = 'add' | 'mul' | 'sub' | 'subr' | 'div' | 'divr';

/** Memory operand formats (SDM vol. 1, 8.2 and 4.2). */
export type X87MemoryFormat = 'm16int' | 'm32int' | 'm64int' | 'm32fp' | 'm64fp' | 'm80fp' | 'm80bcd';

/** The register operations without parameters. */
export type X87SimpleOperation =
  | 'fld-register'
  | 'fxch'
  | 'fnop'
  | 'fchs'
  | 'fabs'
  | 'ftst'
  | 'fxam'
  | 'load-constant'
  | 'fxtract'
  | 'fdecstp'
  | 'fincstp'
  | 'fscale'
  | 'fsqrt'
  | 'frndint'
  | 'fnclex'
  | 'fninit'
  | 'no-op'
  | 'fnstsw-ax'
  /** A Pentium II instruction this unit does not execute (the transcendental group): #UD. */
  | 'not-implemented';

/** What the unit does for an encoding: the unit's dispatch switches on `kind`. */
export type X87Operation =
  // Memory forms.
  | {
      readonly kind: 'arithmetic-memory';
      readonly op: X87ArithmeticOperation;
      readonly source: X87MemoryFormat;
    }
  | { readonly kind: 'compare-memory'; readonly source: X87MemoryFormat; readonly pops: 0 | 1 }
  | { readonly kind: 'load'; readonly source: X87MemoryFormat }
  | { readonly kind: 'store'; readonly format: X87MemoryFormat; readonly pop: boolean }
  | { readonly kind: 'fldenv' | 'fnstenv' | 'fldcw' | 'fnstcw' | 'frstor' | 'fnsave' | 'fnstsw' }
  // Register forms; `i` is the ModR/M rm field.
  | {
      readonly kind: 'arithmetic-register';
      readonly op: X87ArithmeticOperation;
      /** ST(0) op= ST(i), or ST(i) op= ST(0). */
      readonly destination: 'st0' | 'sti';
      readonly pop: boolean;
    }
  | { readonly kind: 'compare'; readonly ordered: boolean; readonly pops: 0 | 1 | 2 }
  | { readonly kind: 'compare-eflags'; readonly ordered: boolean; readonly pop: boolean }
  | { readonly kind: 'fcmov'; readonly condition: 'b' | 'e' | 'be' | 'u'; readonly negated: boolean }
  | { readonly kind: 'fst-register'; readonly pop: boolean }
  | { readonly kind: 'ffree'; readonly pop: boolean }
  | { readonly kind: 'fprem'; readonly nearest: boolean }
  | { readonly kind: X87SimpleOperation };

/** How the disassembler prints a register form's operands (`sti` is `%st(i)`, `st` is `%st`). */
export type X87RegisterOperands = 'none' | 'sti' | 'sti,st' | 'st,sti' | 'ax';

export interface X87Encoding {
  /** AT&T mnemonic, as GNU as and objdump spell it. */
  readonly mnemonic: string;
  /** Register forms: the operands the disassembler prints. Memory forms print the address. */
  readonly operands: X87RegisterOperands;
  /** Memory forms: operand bytes with a 16-bit and a 32-bit operand size (they differ for the environment and state images). */
  readonly bytes16: number;
  readonly bytes32: number;
  /** The memory form writes its operand. */
  readonly stores: boolean;
  /** Checks for a pending unmasked exception first (#MF); the FN… control forms do not. */
  readonly waiting: boolean;
  /** FCMOVcc reads EFLAGS, FCOMI/FUCOMI(P) write ZF, PF and CF: the core runs them through `executeWithEflags`. */
  readonly eflags: 'none' | 'reads' | 'writes';
  /** Control instructions leave the last-instruction and last-operand pointers alone (SDM vol. 1, 8.1.8). */
  readonly control: boolean;
  readonly operation: X87Operation;
}

interface RowOptions {
  stores?: boolean;
  waiting?: boolean;
  eflags?: 'reads' | 'writes';
  control?: boolean;
  bytes32?: number;
}

function row(
  mnemonic: string,
  operands: X87RegisterOperands,
  bytes16: number,
  operation: X87Operation,
  options: RowOptions = {},
): X87Encoding {
  return Object.freeze({
    mnemonic,
    operands,
    bytes16,
    bytes32: options.bytes32 ?? bytes16,
    stores: options.stores ?? false,
    waiting: options.waiting ?? true,
    eflags: options.eflags ?? 'none',
    control: options.control ?? false,
    operation: Object.freeze(operation),
  });
}

const FORMAT_BYTES: Record<X87MemoryFormat, number> = {
  m16int: 2,
  m32int: 4,
  m64int: 8,
  m32fp: 4,
  m64fp: 8,
  m80fp: 10,
  m80bcd: 10,
};

/** The D8/DC/DA/DE memory groups: /0–/7 = add, mul, com, comp, sub, subr, div, divr. */
const GROUP = ['add', 'mul', 'com', 'comp', 'sub', 'subr', 'div', 'divr'] as const;

function arithmeticMemoryRows(suffix: string, source: X87MemoryFormat): (X87Encoding | undefined)[] {
  return GROUP.map((op) => {
    const bytes = FORMAT_BYTES[source];
    const prefix = source.endsWith('int') ? 'fi' : 'f';
    if (op === 'com' || op === 'comp') {
      return row(`${prefix}${op}${suffix}`, 'none', bytes, {
        kind: 'compare-memory',
        source,
        pops: op === 'comp' ? 1 : 0,
      });
    }
    return row(`${prefix}${op}${suffix}`, 'none', bytes, { kind: 'arithmetic-memory', op, source });
  });
}

const load = (mnemonic: string, source: X87MemoryFormat) =>
  row(mnemonic, 'none', FORMAT_BYTES[source], { kind: 'load', source });
const store = (mnemonic: string, format: X87MemoryFormat, pop: boolean) =>
  row(mnemonic, 'none', FORMAT_BYTES[format], { kind: 'store', format, pop }, { stores: true });

/** Memory forms (mod != 3), indexed [opcode - 0xD8][reg]. */
const MEMORY: readonly (readonly (X87Encoding | undefined)[])[] = [
  arithmeticMemoryRows('s', 'm32fp'),
  [
    load('flds', 'm32fp'),
    undefined,
    store('fsts', 'm32fp', false),
    store('fstps', 'm32fp', true),
    row('fldenv', 'none', 14, { kind: 'fldenv' }, { bytes32: 28, control: true }),
    row('fldcw', 'none', 2, { kind: 'fldcw' }, { control: true }),
    row(
      'fnstenv',
      'none',
      14,
      { kind: 'fnstenv' },
      { bytes32: 28, stores: true, waiting: false, control: true },
    ),
    row('fnstcw', 'none', 2, { kind: 'fnstcw' }, { stores: true, waiting: false, control: true }),
  ],
  arithmeticMemoryRows('l', 'm32int'),
  [
    load('fildl', 'm32int'),
    undefined, // FISTTP is SSE3
    store('fistl', 'm32int', false),
    store('fistpl', 'm32int', true),
    undefined,
    load('fldt', 'm80fp'),
    undefined,
    store('fstpt', 'm80fp', true),
  ],
  arithmeticMemoryRows('l', 'm64fp'),
  [
    load('fldl', 'm64fp'),
    undefined,
    store('fstl', 'm64fp', false),
    store('fstpl', 'm64fp', true),
    row('frstor', 'none', 94, { kind: 'frstor' }, { bytes32: 108, control: true }),
    undefined,
    row(
      'fnsave',
      'none',
      94,
      { kind: 'fnsave' },
      { bytes32: 108, stores: true, waiting: false, control: true },
    ),
    row('fnstsw', 'none', 2, { kind: 'fnstsw' }, { stores: true, waiting: false, control: true }),
  ],
  arithmeticMemoryRows('s', 'm16int'),
  [
    load('filds', 'm16int'),
    undefined,
    store('fists', 'm16int', false),
    store('fistps', 'm16int', true),
    load('fbld', 'm80bcd'),
    load('fildll', 'm64int'),
    store('fbstp', 'm80bcd', true),
    store('fistpll', 'm64int', true),
  ],
];

/** Register forms (mod = 3), indexed [opcode - 0xD8][modrm - 0xC0]; filled below. */
const REGISTER: (X87Encoding | undefined)[][] = Array.from({ length: 8 }, () =>
  new Array<X87Encoding | undefined>(64).fill(undefined),
);

/** Gives the eight encodings `opcode` (modrm & 0xF8 === first) one row. */
function eight(opcode: number, first: number, r: X87Encoding): void {
  for (let i = 0; i < 8; i++) REGISTER[opcode - 0xd8][first - 0xc0 + i] = r;
}

function one(opcode: number, modrm: number, r: X87Encoding): void {
  REGISTER[opcode - 0xd8][modrm - 0xc0] = r;
}

const compare = (
  mnemonic: string,
  ordered: boolean,
  pops: 0 | 1 | 2,
  operands: X87RegisterOperands = 'sti',
) => row(mnemonic, operands, 0, { kind: 'compare', ordered, pops });
const simple = (mnemonic: string, kind: X87SimpleOperation, options: RowOptions = {}) =>
  row(mnemonic, 'none', 0, { kind }, options);

// D8: ST(0) op= ST(i); FCOM/FCOMP ST(i).
for (const [reg, op] of GROUP.entries()) {
  if (op === 'com' || op === 'comp')
    eight(0xd8, 0xc0 + 8 * reg, compare(`f${op}`, true, op === 'comp' ? 1 : 0));
  else
    eight(
      0xd8,
      0xc0 + 8 * reg,
      row(`f${op}`, 'sti,st', 0, { kind: 'arithmetic-register', op, destination: 'st0', pop: false }),
    );
}

// D9: loads, exchanges, the constants and the one-operand group.
eight(0xd9, 0xc0, row('fld', 'sti', 0, { kind: 'fld-register' }));
eight(0xd9, 0xc8, row('fxch', 'sti', 0, { kind: 'fxch' }));
eight(0xd9, 0xd8, row('fstp', 'sti', 0, { kind: 'fst-register', pop: true })); // FSTP1, an alias
one(0xd9, 0xd0, simple('fnop', 'fnop'));
one(0xd9, 0xe0, simple('fchs', 'fchs'));
one(0xd9, 0xe1, simple('fabs', 'fabs'));
one(0xd9, 0xe4, simple('ftst', 'ftst'));
one(0xd9, 0xe5, simple('fxam', 'fxam'));
for (const [k, name] of ['fld1', 'fldl2t', 'fldl2e', 'fldpi', 'fldlg2', 'fldln2', 'fldz'].entries())
  one(0xd9, 0xe8 + k, simple(name, 'load-constant'));
for (const [modrm, name] of [
  [0xf0, 'f2xm1'],
  [0xf1, 'fyl2x'],
  [0xf2, 'fptan'],
  [0xf3, 'fpatan'],
  [0xf9, 'fyl2xp1'],
  [0xfb, 'fsincos'],
  [0xfe, 'fsin'],
  [0xff, 'fcos'],
] as const)
  one(0xd9, modrm, simple(name, 'not-implemented'));
one(0xd9, 0xf4, simple('fxtract', 'fxtract'));
one(0xd9, 0xf5, row('fprem1', 'none', 0, { kind: 'fprem', nearest: true }));
one(0xd9, 0xf6, simple('fdecstp', 'fdecstp'));
one(0xd9, 0xf7, simple('fincstp', 'fincstp'));
one(0xd9, 0xf8, row('fprem', 'none', 0, { kind: 'fprem', nearest: false }));
one(0xd9, 0xfa, simple('fsqrt', 'fsqrt'));
one(0xd9, 0xfc, simple('frndint', 'frndint'));
one(0xd9, 0xfd, simple('fscale', 'fscale'));

// DA/DB: FCMOVcc (DA: B, E, BE, U; DB: their negations).
for (const [k, condition] of (['b', 'e', 'be', 'u'] as const).entries()) {
  for (const negated of [false, true]) {
    const fcmov = row(
      `fcmov${negated ? 'n' : ''}${condition}`,
      'sti,st',
      0,
      { kind: 'fcmov', condition, negated },
      { eflags: 'reads' },
    );
    eight(negated ? 0xdb : 0xda, 0xc0 + 8 * k, fcmov);
  }
}
one(0xda, 0xe9, compare('fucompp', false, 2, 'none'));
// FNENI/FNDISI (8087) and FNSETPM (287) execute as no-ops on later FPUs.
for (const [modrm, name] of [
  [0xe0, 'fneni'],
  [0xe1, 'fndisi'],
  [0xe4, 'fnsetpm'],
] as const)
  one(0xdb, modrm, simple(name, 'no-op', { waiting: false, control: true }));
one(0xdb, 0xe2, simple('fnclex', 'fnclex', { waiting: false, control: true }));
one(0xdb, 0xe3, simple('fninit', 'fninit', { waiting: false, control: true }));
eight(
  0xdb,
  0xe8,
  row('fucomi', 'sti,st', 0, { kind: 'compare-eflags', ordered: false, pop: false }, { eflags: 'writes' }),
);
eight(
  0xdb,
  0xf0,
  row('fcomi', 'sti,st', 0, { kind: 'compare-eflags', ordered: true, pop: false }, { eflags: 'writes' }),
);

// DC: ST(i) op= ST(0). GAS's AT&T names swap fsub/fsubr and fdiv/fdivr for these forms (the historic
// UnixWare spelling), so the name is the reg field's and the operation the reversed one.
const REVERSED: Partial<Record<X87ArithmeticOperation, X87ArithmeticOperation>> = {
  sub: 'subr',
  subr: 'sub',
  div: 'divr',
  divr: 'div',
};
for (const [reg, name] of GROUP.entries()) {
  if (name === 'com' || name === 'comp') {
    eight(0xdc, 0xc0 + 8 * reg, compare(`f${name}`, true, name === 'comp' ? 1 : 0)); // FCOM2/FCOMP3
    continue;
  }
  const op = REVERSED[name] ?? name;
  eight(
    0xdc,
    0xc0 + 8 * reg,
    row(`f${name}`, 'st,sti', 0, { kind: 'arithmetic-register', op, destination: 'sti', pop: false }),
  );
  // DE: the same with a pop.
  eight(
    0xde,
    0xc0 + 8 * reg,
    row(`f${name}p`, 'st,sti', 0, { kind: 'arithmetic-register', op, destination: 'sti', pop: true }),
  );
}
eight(0xde, 0xd0, compare('fcomp', true, 1)); // FCOMP5, an alias
one(0xde, 0xd9, compare('fcompp', true, 2, 'none'));

// DD: FFREE, FST/FSTP ST(i), FUCOM/FUCOMP.
eight(0xdd, 0xc0, row('ffree', 'sti', 0, { kind: 'ffree', pop: false }));
eight(0xdd, 0xc8, row('fxch', 'sti', 0, { kind: 'fxch' })); // FXCH4, an alias
eight(0xdd, 0xd0, row('fst', 'sti', 0, { kind: 'fst-register', pop: false }));
eight(0xdd, 0xd8, row('fstp', 'sti', 0, { kind: 'fst-register', pop: true }));
eight(0xdd, 0xe0, compare('fucom', false, 0));
eight(0xdd, 0xe8, compare('fucomp', false, 1));

// DF: the aliases FFREEP, FXCH7, FSTP8/9; FNSTSW AX; FUCOMIP/FCOMIP.
eight(0xdf, 0xc0, row('ffreep', 'sti', 0, { kind: 'ffree', pop: true }));
eight(0xdf, 0xc8, row('fxch', 'sti', 0, { kind: 'fxch' }));
eight(0xdf, 0xd0, row('fstp', 'sti', 0, { kind: 'fst-register', pop: true }));
eight(0xdf, 0xd8, row('fstp', 'sti', 0, { kind: 'fst-register', pop: true }));
one(0xdf, 0xe0, row('fnstsw', 'ax', 0, { kind: 'fnstsw-ax' }, { waiting: false, control: true }));
eight(
  0xdf,
  0xe8,
  row('fucomip', 'sti,st', 0, { kind: 'compare-eflags', ordered: false, pop: true }, { eflags: 'writes' }),
);
eight(
  0xdf,
  0xf0,
  row('fcomip', 'sti,st', 0, { kind: 'compare-eflags', ordered: true, pop: true }, { eflags: 'writes' }),
);

/** Every ESC encoding, indexed (opcode & 7) << 8 | modrm; memory rows are shared by every mod/rm. */
const ENCODINGS: readonly (X87Encoding | undefined)[] = Object.freeze(
  Array.from({ length: 8 * 256 }, (_, k) => {
    const opcode = 0xd8 + (k >> 8);
    const modrm = k & 0xff;
    return modrm < 0xc0 ? MEMORY[opcode - 0xd8][(modrm >> 3) & 7] : REGISTER[opcode - 0xd8][modrm - 0xc0];
  }),
);

/** The row for ESC `opcode` (D8–DF) with ModR/M `modrm`, or undefined for a reserved encoding. */
export function x87Encoding(opcode: number, modrm: number): X87Encoding | undefined {
  return ENCODINGS[((opcode & 7) << 8) | (modrm & 0xff)];
}

/**
 * Whether an ESC instruction is a *waiting* one: before executing it the processor checks for a pending
 * unmasked x87 exception and raises #MF (SDM vol. 1, 8.6). Reserved encodings count as waiting.
 */
export function isWaitingEscape(opcode: number, modrm: number): boolean {
  return x87Encoding(opcode, modrm)?.waiting ?? true;
}

/** The ESC forms that read or write EFLAGS (FCMOVcc, FCOMI/FUCOMI(P)): run through `executeWithEflags`. */
export function usesEflags(opcode: number, modrm: number): boolean {
  return (x87Encoding(opcode, modrm)?.eflags ?? 'none') !== 'none';
}
