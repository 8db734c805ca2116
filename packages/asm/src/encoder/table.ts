// The instruction table: every i386 instruction form the encoder knows, in the order GNU as 2.40
// tries its templates (i386-opc.tbl), because the first form that matches wins and that order is what
// makes `add $1,%eax` come out as 83 c0 01 but `add $0x100,%eax` as 05 00 01 00 00.
//
// One row per form, written like the SDM's opcode map in AT&T operand order:
//
//   mnemonic  sizes  opcode  operands  flags…
//
// sizes    the operand sizes the form exists in: any of b w l, or `-` for none. A size suffix (b/w/l)
//          or a general register operand picks one; otherwise the code size is the default.
// opcode   hex bytes, then `/r` (ModR/M with a register operand), `/N` (ModR/M with reg field N),
//          `+r` (register number added to the last byte) or `+i` (x87 %st(i) added).
//          For forms with the b size, the bytes are the byte opcode and w/l add the W bit (1).
// operands (AT&T order; `-` for none)
//          E  register or memory of the operand size (ModR/M rm)      G  register (ModR/M reg)
//          Z  register added to the opcode                             R  register only, in ModR/M rm
//          A  accumulator %al/%ax/%eax                                 M  memory only (ModR/M rm)
//          O  memory offset without base or index (moffs)              I  immediate of the operand size
//          Ib Iw  8/16-bit immediate       Ibs  immediate that fits a sign-extended byte
//          1 3  that constant              Eb Ew Gw Rd  fixed-size E/G/R
//          Sw Cd Dd  segment/control/debug register in ModR/M reg
//          CL  a shift count: %cl (GAS also takes %ecx, except with a `b` suffix)
//          Jr  relaxable jump target       Jv  rel16/32 target     Jb  rel8 target
//          *E *M  indirect (`*`) register-or-memory / memory
//          X Y XB  string operands (%ds:(%esi), %es:(%edi), %ds:(%ebx))
//          ST STi  %st(0) / %st(i) added to the opcode
//          %reg  exactly that register (implied by the opcode; `%dx` as a port also takes `%edx`)
// flags    lock     accepts `lock` (with a memory destination)
//          rep      accepts `rep`/`repe`/`repne`
//          def      the size defaults to the code size silently (push, call, lgdt…)
//          nodata   never takes the 66 operand-size prefix (segment moves, lldt…)
//          nosuf    takes no suffix
//          sfx=X    takes the literal suffix X (x87 `s l t ll q`, movsx `b w`) instead of a size suffix;
//          sfx=X?   … or no suffix at all; `warn` then warns that a default was used
//          a16 a32  fixed address size (jcxz/jecxz): 67 when it differs from the code size
//          asz      the size (suffix w/l, default the code size) is the address size (loop: %cx/%ecx)
//          far      `$sel,$off`: the offset is emitted before the selector
//          w8       the W bit is 8 (mov $imm,%reg: b0/b8)
//          twice    the G register is also the rm operand (two-operand imul)
//          ssuf     the 16-bit size is spelled with `s`, not `w` (x87 environment: fnsaves, fldenvs)
//          wait     an fwait (9b) goes before the other prefixes (fstsw, fsave…)
//          tr=TEXT  GAS translates the form and says so (`fadd` → `faddp`)

import type { PrefixSlot } from './prefixes.js';

export type OperandSize = 0 | 8 | 16 | 32;

export type OperandToken =
  | 'E'
  | 'G'
  | 'Z'
  | 'R'
  | 'A'
  | 'M'
  | 'O'
  | 'I'
  | 'Ib'
  | 'Iw'
  | 'Ibs'
  | '1'
  | '3'
  | 'Eb'
  | 'Ew'
  | 'Gw'
  | 'Rd'
  | 'Sw'
  | 'CL'
  | 'Cd'
  | 'Dd'
  | 'Jr'
  | 'Jv'
  | 'Jb'
  | '*E'
  | '*M'
  | 'X'
  | 'Y'
  | 'XB'
  | 'ST'
  | 'STi'
  | `%${string}`;

export interface InstructionForm {
  readonly mnemonic: string;
  readonly sizes: readonly OperandSize[];
  readonly opcode: readonly number[];
  /** ModR/M reg field for `/N` forms; undefined for `/r` or forms without ModR/M. */
  readonly digit: number | undefined;
  readonly modrm: boolean;
  /** Index of the operand whose number is added to the last opcode byte (`+r`, `+i`). */
  readonly plusOperand: number;
  readonly operands: readonly OperandToken[];
  readonly lockable: boolean;
  readonly repOk: boolean;
  readonly defaultSize: boolean;
  readonly noDataPrefix: boolean;
  readonly noSuffix: boolean;
  /** Literal suffix this form takes instead of a size suffix. */
  readonly literalSuffix: string | undefined;
  readonly literalSuffixOptional: boolean;
  readonly warnDefault: boolean;
  readonly addressSize: 16 | 32 | undefined;
  /** The operand size chosen by suffix is really the address size (`loopw`, `loopl`). */
  readonly sizeIsAddressSize: boolean;
  readonly far: boolean;
  readonly wBit: number;
  readonly regTwice: boolean;
  /** The 16-bit size's suffix is `s` (x87 environment and state), not `w`. */
  readonly shortSuffix: boolean;
  readonly fwait: boolean;
  readonly translation: string | undefined;
  /** Index of the relative-jump operand (Jr, Jv, Jb), or -1. */
  readonly jumpOperand: number;
  /** True when an operand is a moffs address (mov a0–a3). */
  readonly moffs: boolean;
}

const CONDITIONS: readonly (readonly [number, readonly string[]])[] = [
  [0x0, ['o']],
  [0x1, ['no']],
  [0x2, ['b', 'c', 'nae']],
  [0x3, ['ae', 'nb', 'nc']],
  [0x4, ['e', 'z']],
  [0x5, ['ne', 'nz']],
  [0x6, ['be', 'na']],
  [0x7, ['a', 'nbe']],
  [0x8, ['s']],
  [0x9, ['ns']],
  [0xa, ['p', 'pe']],
  [0xb, ['np', 'po']],
  [0xc, ['l', 'nge']],
  [0xd, ['ge', 'nl']],
  [0xe, ['le', 'ng']],
  [0xf, ['g', 'nle']],
];

const hex = (n: number) => n.toString(16).padStart(2, '0');

function aluRows(): string[] {
  const rows: string[] = [];
  const ops = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
  ops.forEach((name, digit) => {
    const base = digit * 8;
    const lock = name === 'cmp' ? '' : ' lock';
    rows.push(
      `${name} bwl ${hex(base)}/r G,E${lock}`,
      `${name} bwl ${hex(base + 2)}/r E,G`,
      `${name} wl 83/${digit} Ibs,E${lock}`,
      `${name} bwl ${hex(base + 4)} I,A`,
      `${name} bwl 80/${digit} I,E${lock}`,
    );
  });
  return rows;
}

function shiftRows(): string[] {
  const rows: string[] = [];
  const ops: [string, number][] = [
    ['rol', 0],
    ['ror', 1],
    ['rcl', 2],
    ['rcr', 3],
    ['shl', 4],
    ['sal', 4],
    ['shr', 5],
    ['sar', 7],
  ];
  for (const [name, digit] of ops) {
    rows.push(
      `${name} bwl d0/${digit} 1,E`,
      `${name} bwl c0/${digit} Ib,E`,
      `${name} bwl d2/${digit} CL,E`,
      `${name} bwl d0/${digit} E`,
    );
  }
  return rows;
}

function conditionRows(): string[] {
  const rows: string[] = [];
  for (const [cc, names] of CONDITIONS) {
    for (const suffix of names) {
      rows.push(
        `j${suffix} - ${hex(0x70 + cc)} Jr`,
        `set${suffix} b 0f${hex(0x90 + cc)}/0 E`,
        `cmov${suffix} wl 0f${hex(0x40 + cc)}/r E,G`,
      );
    }
  }
  return rows;
}

const ROWS: readonly string[] = [
  // Moves. The moffs form comes first, as in GAS: `mov foo,%eax` is a1, not 8b 05.
  'mov bwl a0 O,A',
  'mov bwl a2 A,O',
  'mov bwl 88/r G,E',
  'mov bwl 8a/r E,G',
  'mov bwl b0+r I,Z w8',
  'mov bwl c6/0 I,E',
  'mov wl 8c/r Sw,R',
  'mov w 8c/r Sw,M nodata def',
  'mov wl 8e/r R,Sw nodata',
  'mov w 8e/r M,Sw nodata def',
  'mov l 0f20/r Cd,Rd nodata',
  'mov l 0f22/r Rd,Cd nodata',
  'mov l 0f21/r Dd,Rd nodata',
  'mov l 0f23/r Rd,Dd nodata',
  // Sign and zero extension: movzb/movsb take w/l (destination size); movzx/movsx take b/w (source).
  'movzb wl 0fb6/r Eb,G',
  'movzw l 0fb7/r Ew,G',
  'movsb wl 0fbe/r Eb,G',
  'movsw l 0fbf/r Ew,G',
  'movzx wl 0fb6/r Eb,G sfx=b?',
  'movzx wl 0fb7/r Ew,G sfx=w?',
  'movsx wl 0fbe/r Eb,G sfx=b?',
  'movsx wl 0fbf/r Ew,G sfx=w?',
  'lea wl 8d/r M,G',
  'lds wl c5/r M,G',
  'les wl c4/r M,G',
  'lss wl 0fb2/r M,G',
  'lfs wl 0fb4/r M,G',
  'lgs wl 0fb5/r M,G',
  'xchg wl 90+r Z,A',
  'xchg wl 90+r A,Z',
  'xchg bwl 86/r G,E lock',
  'xchg bwl 86/r E,G lock',
  'cmpxchg bwl 0fb0/r G,E lock',
  'xadd bwl 0fc0/r G,E lock',
  'cmpxchg8b - 0fc7/1 M lock sfx=q?',
  'bswap l 0fc8+r Z',
  // Arithmetic and logic.
  ...aluRows(),
  'test bwl 84/r G,E',
  'test bwl 84/r E,G',
  'test bwl a8 I,A',
  'test bwl f6/0 I,E',
  'inc wl 40+r Z',
  'inc bwl fe/0 E lock',
  'dec wl 48+r Z',
  'dec bwl fe/1 E lock',
  'not bwl f6/2 E lock',
  'neg bwl f6/3 E lock',
  'mul bwl f6/4 E',
  'imul bwl f6/5 E',
  'imul wl 0faf/r E,G',
  'imul wl 6b/r Ibs,E,G',
  'imul wl 69/r I,E,G',
  'imul wl 6b/r Ibs,G twice',
  'imul wl 69/r I,G twice',
  'div bwl f6/6 E',
  'div bwl f6/6 E,A',
  'idiv bwl f6/7 E',
  'idiv bwl f6/7 E,A',
  ...shiftRows(),
  'shld wl 0fa4/r Ib,G,E',
  'shld wl 0fa5/r %cl,G,E',
  'shld wl 0fa5/r G,E',
  'shrd wl 0fac/r Ib,G,E',
  'shrd wl 0fad/r %cl,G,E',
  'shrd wl 0fad/r G,E',
  'bt wl 0fa3/r G,E',
  'bt wl 0fba/4 Ib,E',
  'bts wl 0fab/r G,E lock',
  'bts wl 0fba/5 Ib,E lock',
  'btr wl 0fb3/r G,E lock',
  'btr wl 0fba/6 Ib,E lock',
  'btc wl 0fbb/r G,E lock',
  'btc wl 0fba/7 Ib,E lock',
  'bsf wl 0fbc/r E,G',
  'bsr wl 0fbd/r E,G',
  // BCD.
  'daa - 27',
  'das - 2f',
  'aaa - 37',
  'aas - 3f',
  'aam - d40a',
  'aam - d4 Ib',
  'aad - d50a',
  'aad - d5 Ib',
  // Conversions: the Intel and the AT&T spellings.
  'cbw w 98 - nosuf',
  'cbtw w 98 - nosuf',
  'cwde l 98 - nosuf',
  'cwtl l 98 - nosuf',
  'cwd w 99 - nosuf',
  'cwtd w 99 - nosuf',
  'cdq l 99 - nosuf',
  'cltd l 99 - nosuf',
  // Strings, with the explicit-operand forms.
  'movs bwl a4 - rep',
  'movs bwl a4 X,Y rep',
  'cmps bwl a6 - rep',
  'cmps bwl a6 Y,X rep',
  'scas bwl ae - rep',
  'scas bwl ae Y rep',
  'scas bwl ae Y,A rep',
  'lods bwl ac - rep',
  'lods bwl ac X rep',
  'lods bwl ac X,A rep',
  'stos bwl aa - rep',
  'stos bwl aa Y rep',
  'stos bwl aa A,Y rep',
  'ins bwl 6c - rep',
  'ins bwl 6c %dx,Y rep',
  'outs bwl 6e - rep',
  'outs bwl 6e X,%dx rep',
  'xlat b d7 -',
  'xlat b d7 XB',
  // Control transfer.
  ...conditionRows(),
  'jmp - eb Jr',
  'jmp wl ea Iw,I far def',
  'jmp wl ff/4 *E def',
  'ljmp wl ea Iw,I far def',
  'ljmp wl ff/5 *M def',
  'call wl e8 Jv def',
  'call wl 9a Iw,I far def',
  'call wl ff/2 *E def',
  'lcall wl 9a Iw,I far def',
  'lcall wl ff/3 *M def',
  'ret wl c3 - def rep',
  'ret wl c2 Iw def rep',
  'lret wl cb - def',
  'lret wl ca Iw def',
  'iret wl cf - def',
  'loopne wl e0 Jb asz def',
  'loopnz wl e0 Jb asz def',
  'loope wl e1 Jb asz def',
  'loopz wl e1 Jb asz def',
  'loop wl e2 Jb asz def',
  'jcxz - e3 Jb a16',
  'jecxz - e3 Jb a32',
  'enter wl c8 Iw,Ib def',
  'leave wl c9 - def',
  'int - cc 3',
  'int - cd Ib',
  'int3 - cc',
  'into - ce',
  'bound wl 62/r G,M',
  // Stack.
  'push wl 50+r Z',
  'push wl ff/6 E def',
  'push wl 6a Ibs def',
  'push wl 68 I def',
  'push wl 06 %es def',
  'push wl 0e %cs def',
  'push wl 16 %ss def',
  'push wl 1e %ds def',
  'push wl 0fa0 %fs def',
  'push wl 0fa8 %gs def',
  'pop wl 58+r Z',
  'pop wl 8f/0 E def',
  'pop wl 07 %es def',
  'pop wl 17 %ss def',
  'pop wl 1f %ds def',
  'pop wl 0fa1 %fs def',
  'pop wl 0fa9 %gs def',
  'pusha wl 60 - def',
  'popa wl 61 - def',
  'pushf wl 9c - def',
  'popf wl 9d - def',
  // Flags and processor control.
  'clc - f8',
  'stc - f9',
  'cmc - f5',
  'cld - fc',
  'std - fd',
  'cli - fa',
  'sti - fb',
  'lahf - 9f',
  'sahf - 9e',
  'hlt - f4',
  'nop - 90 - rep',
  'nop wl 0f1f/0 E',
  'pause - f390',
  'ud2 - 0f0b',
  'ud2a - 0f0b',
  'int1 - f1',
  'cpuid - 0fa2',
  'rdtsc - 0f31',
  'rdmsr - 0f32',
  'wrmsr - 0f30',
  'rdpmc - 0f33',
  'sysenter - 0f34',
  'sysexit - 0f35',
  'rsm - 0faa',
  'wbinvd - 0f09',
  'invd - 0f08',
  'clts - 0f06',
  'invlpg - 0f01/7 M',
  // Ports.
  'in bwl e4 Ib,A',
  'in bwl ec %dx,A',
  'in bwl e4 Ib',
  'in bwl ec %dx',
  'out bwl e6 A,Ib',
  'out bwl ee A,%dx',
  'out bwl e6 Ib',
  'out bwl ee %dx',
  // Descriptor tables, tasks, protection.
  'sgdt wl 0f01/0 M def',
  'sidt wl 0f01/1 M def',
  'lgdt wl 0f01/2 M def',
  'lidt wl 0f01/3 M def',
  'sldt wl 0f00/0 R',
  'sldt w 0f00/0 M nodata def',
  'str wl 0f00/1 R',
  'str w 0f00/1 M nodata def',
  'lldt w 0f00/2 E nodata',
  'ltr w 0f00/3 E nodata',
  'verr w 0f00/4 E nodata',
  'verw w 0f00/5 E nodata',
  'smsw wl 0f01/4 R',
  'smsw w 0f01/4 M nodata def',
  'lmsw w 0f01/6 E nodata',
  'arpl w 63/r G,E nodata',
  'lar wl 0f02/r R,G',
  'lar wl 0f02/r Ew,G',
  'lsl wl 0f03/r R,G',
  'lsl wl 0f03/r Ew,G',
  // x87.
  'fwait - 9b',
  'wait - 9b',
  'fninit - dbe3',
  'finit - dbe3 - wait',
  'fnclex - dbe2',
  'fclex - dbe2 - wait',
  // The 8087's FNENI/FNDISI and the 287's FNSETPM: no-ops since the 387, still encoded by GAS.
  'fneni - dbe0',
  'feni - dbe0 - wait',
  'fndisi - dbe1',
  'fdisi - dbe1 - wait',
  'fnsetpm - dbe4',
  'fsetpm - dbe4 - wait',
  'fnsave wl dd/6 M def ssuf',
  'fsave wl dd/6 M def ssuf wait',
  'frstor wl dd/4 M def ssuf',
  'fnstenv wl d9/6 M def ssuf',
  'fstenv wl d9/6 M def ssuf wait',
  'fldenv wl d9/4 M def ssuf',
  'fldcw w d9/5 M nodata',
  'fnstcw w d9/7 M nodata',
  'fstcw w d9/7 M nodata wait',
  'fxsave - 0fae/0 M',
  'fxrstor - 0fae/1 M',
  'fnstsw - dfe0 %ax',
  'fnstsw w dd/7 M nodata',
  'fnstsw - dfe0',
  'fstsw - dfe0 %ax wait',
  'fstsw w dd/7 M nodata wait',
  'fstsw - dfe0 - wait',
  'fld - d9/0 M sfx=s? warn',
  'fld - dd/0 M sfx=l',
  'fld - db/5 M sfx=t',
  'fld - d9c0+i STi',
  'fld - d9c0+i STi sfx=l tr=fld %st(N)',
  'fst - d9/2 M sfx=s? warn',
  'fst - dd/2 M sfx=l',
  'fst - ddd0+i STi',
  'fst - ddd0+i STi sfx=l tr=fst %st(N)',
  'fstp - d9/3 M sfx=s? warn',
  'fstp - dd/3 M sfx=l',
  'fstp - db/7 M sfx=t',
  'fstp - ddd8+i STi',
  'fstp - ddd8+i STi sfx=l tr=fstp %st(N)',
  'fild - df/0 M sfx=s? warn',
  'fild - db/0 M sfx=l',
  'fild - df/5 M sfx=ll',
  'fild - df/5 M sfx=q',
  'fist - df/2 M sfx=s? warn',
  'fist - db/2 M sfx=l',
  'fistp - df/3 M sfx=s? warn',
  'fistp - db/3 M sfx=l',
  'fistp - df/7 M sfx=ll',
  'fistp - df/7 M sfx=q',
  'fadd - d8/0 M sfx=s? warn',
  'fadd - dc/0 M sfx=l',
  'fadd - d8c0+i STi,ST',
  'fadd - dcc0+i ST,STi',
  'fadd - d8c0+i STi',
  'fadd - dec1 - tr=faddp',
  'faddp - dec1 -',
  'faddp - dec0+i STi',
  'faddp - dec0+i ST,STi',
  'faddp - dec0+i STi,ST tr=faddp %st,%st(N)',
  'fmul - d8/1 M sfx=s? warn',
  'fmul - dc/1 M sfx=l',
  'fmul - d8c8+i STi,ST',
  'fmul - dcc8+i ST,STi',
  'fmul - d8c8+i STi',
  'fmul - dec9 - tr=fmulp',
  'fmulp - dec9 -',
  'fmulp - dec8+i STi',
  'fmulp - dec8+i ST,STi',
  'fmulp - dec8+i STi,ST tr=fmulp %st,%st(N)',
  'fsub - d8/4 M sfx=s? warn',
  'fsub - dc/4 M sfx=l',
  'fsub - d8e0+i STi,ST',
  'fsub - dce0+i ST,STi',
  'fsub - d8e0+i STi',
  'fsub - dee1 - tr=fsubp',
  'fsubr - d8/5 M sfx=s? warn',
  'fsubr - dc/5 M sfx=l',
  'fsubr - d8e8+i STi,ST',
  'fsubr - dce8+i ST,STi',
  'fsubr - d8e8+i STi',
  'fsubr - dee9 - tr=fsubrp',
  'fdiv - d8/6 M sfx=s? warn',
  'fdiv - dc/6 M sfx=l',
  'fdiv - d8f0+i STi,ST',
  'fdiv - dcf0+i ST,STi',
  'fdiv - d8f0+i STi',
  'fdiv - def1 - tr=fdivp',
  'fdivr - d8/7 M sfx=s? warn',
  'fdivr - dc/7 M sfx=l',
  'fdivr - d8f8+i STi,ST',
  'fdivr - dcf8+i ST,STi',
  'fdivr - d8f8+i STi',
  'fdivr - def9 - tr=fdivrp',
  'fsubp - dee1 -',
  'fsubp - dee0+i STi',
  'fsubp - dee0+i ST,STi',
  'fsubrp - dee9 -',
  'fsubrp - dee8+i STi',
  'fsubrp - dee8+i ST,STi',
  'fdivp - def1 -',
  'fdivp - def0+i STi',
  'fdivp - def0+i ST,STi',
  'fdivrp - def9 -',
  'fdivrp - def8+i STi',
  'fdivrp - def8+i ST,STi',
  'fcom - d8/2 M sfx=s? warn',
  'fcom - dc/2 M sfx=l',
  'fcom - d8d0+i STi',
  'fcom - d8d0+i STi sfx=l tr=fcom %st(N)',
  'fcom - d8d1 -',
  'fcomp - d8/3 M sfx=s? warn',
  'fcomp - dc/3 M sfx=l',
  'fcomp - d8d8+i STi',
  'fcomp - d8d8+i STi sfx=l tr=fcomp %st(N)',
  'fcomp - d8d9 -',
  'fucom - dde0+i STi',
  'fucom - dde1 -',
  'fucomp - dde8+i STi',
  'fucomp - dde9 -',
  'fucompp - dae9',
  // The P6 additions (Pentium Pro and later): compares into EFLAGS, and conditional moves.
  ...['fcomi dbf0', 'fcomip dff0', 'fucomi dbe8', 'fucomip dfe8'].flatMap((entry) => {
    const [name, base] = entry.split(' ') as [string, string];
    const st1 = base.slice(0, 3) + (Number.parseInt(base.slice(3), 16) + 1).toString(16);
    return [`${name} - ${base}+i STi,ST`, `${name} - ${base}+i STi`, `${name} - ${st1} -`];
  }),
  ...[
    'fcmovb dac0',
    'fcmove dac8',
    'fcmovbe dad0',
    'fcmovu dad8',
    'fcmovnb dbc0',
    'fcmovne dbc8',
    'fcmovnbe dbd0',
    'fcmovnu dbd8',
  ].map((entry) => `${entry.replace(' ', ' - ')}+i STi,ST`),
  'ffree - ddc0+i STi',
  'ffreep - dfc0+i STi',
  'fiadd - de/0 M sfx=s? warn',
  'fiadd - da/0 M sfx=l',
  'fimul - de/1 M sfx=s? warn',
  'fimul - da/1 M sfx=l',
  'ficom - de/2 M sfx=s? warn',
  'ficom - da/2 M sfx=l',
  'ficomp - de/3 M sfx=s? warn',
  'ficomp - da/3 M sfx=l',
  'fisub - de/4 M sfx=s? warn',
  'fisub - da/4 M sfx=l',
  'fisubr - de/5 M sfx=s? warn',
  'fisubr - da/5 M sfx=l',
  'fidiv - de/6 M sfx=s? warn',
  'fidiv - da/6 M sfx=l',
  'fidivr - de/7 M sfx=s? warn',
  'fidivr - da/7 M sfx=l',
  'fbld - df/4 M',
  'fbstp - df/6 M',
  'fsqrt - d9fa',
  'frndint - d9fc',
  'fxam - d9e5',
  'fscale - d9fd',
  'fprem - d9f8',
  'fprem1 - d9f5',
  'fldpi - d9eb',
  'fldl2e - d9ea',
  'fldl2t - d9e9',
  'fldlg2 - d9ec',
  'fldln2 - d9ed',
  'fnop - d9d0',
  'fdecstp - d9f6',
  'fincstp - d9f7',
  'fsin - d9fe',
  'fcos - d9ff',
  'fsincos - d9fb',
  'fptan - d9f2',
  'fpatan - d9f3',
  'f2xm1 - d9f0',
  'fyl2x - d9f1',
  'fyl2xp1 - d9f9',
  'fxtract - d9f4',
  'fxch - d9c8+i STi',
  'fxch - d9c9 -',
  'fchs - d9e0',
  'fabs - d9e1',
  'ftst - d9e4',
  'fld1 - d9e8',
  'fldz - d9ee',
  'fcompp - ded9',
];

const SIZE_LETTERS: Readonly<Record<string, OperandSize>> = { b: 8, w: 16, l: 32 };

/** The flags a row may carry (see the header): anything else is a typo GAS's table generator would reject too. */
const FLAG_WORDS: ReadonlySet<string> = new Set(
  'lock rep def nodata nosuf sfx a16 a32 asz far w8 twice ssuf wait warn tr'.split(' '),
);

const OPERAND_TOKENS: ReadonlySet<string> = new Set(
  'E G Z R A M O I Ib Iw Ibs 1 3 Eb Ew Gw Rd Sw CL Cd Dd Jr Jv Jb *E *M X Y XB ST STi'.split(' '),
);

function parseRow(row: string): InstructionForm {
  const [mnemonic, sizeText, opcodeText, operandText = '-', ...flagWords] = row.split(' ');
  if (!mnemonic || !sizeText || !opcodeText) throw new Error(`bad instruction table row: ${row}`);
  // `tr=` carries free text (with spaces), so it is always the last flag.
  const flagText = flagWords.join(' ');
  const trAt = flagText.indexOf('tr=');
  const flags = new Map<string, string>();
  for (const word of (trAt < 0 ? flagText : flagText.slice(0, trAt)).split(' ')) {
    if (!word) continue;
    const eq = word.indexOf('=');
    flags.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? '' : word.slice(eq + 1));
  }
  if (trAt >= 0) flags.set('tr', flagText.slice(trAt + 3));
  for (const flag of flags.keys()) {
    if (!FLAG_WORDS.has(flag)) throw new Error(`unknown flag '${flag}' in instruction table row: ${row}`);
  }
  const sizes = sizeText === '-' ? [] : [...sizeText].map((letter) => SIZE_LETTERS[letter] as OperandSize);
  const match = /^([0-9a-f]+)(?:\/([r0-7])|\+([ri]))?$/.exec(opcodeText);
  if (!match) throw new Error(`bad opcode in instruction table row: ${row}`);
  const opcodeHex = match[1]!;
  const opcode: number[] = [];
  for (let i = 0; i < opcodeHex.length; i += 2) opcode.push(Number.parseInt(opcodeHex.slice(i, i + 2), 16));
  const operands = (operandText === '-' ? [] : operandText.split(',')) as OperandToken[];
  for (const token of operands) {
    if (!OPERAND_TOKENS.has(token) && !/^%[a-z]+$/.test(token)) throw new Error(`bad operand in row: ${row}`);
  }
  const plusToken = match[3] === 'r' ? ['Z'] : match[3] === 'i' ? ['STi'] : [];
  const suffixFlag = flags.get('sfx');
  return {
    mnemonic,
    sizes,
    opcode,
    digit: match[2] !== undefined && match[2] !== 'r' ? Number(match[2]) : undefined,
    modrm: match[2] !== undefined,
    plusOperand: operands.findIndex((token) => plusToken.includes(token)),
    operands,
    lockable: flags.has('lock'),
    repOk: flags.has('rep'),
    defaultSize: flags.has('def'),
    noDataPrefix: flags.has('nodata'),
    noSuffix: flags.has('nosuf'),
    literalSuffix: suffixFlag?.replace('?', ''),
    literalSuffixOptional: suffixFlag?.endsWith('?') ?? false,
    warnDefault: flags.has('warn'),
    addressSize: flags.has('a16') ? 16 : flags.has('a32') ? 32 : undefined,
    sizeIsAddressSize: flags.has('asz'),
    far: flags.has('far'),
    wBit: flags.has('w8') ? 8 : 1,
    regTwice: flags.has('twice'),
    shortSuffix: flags.has('ssuf'),
    fwait: flags.has('wait'),
    translation: flags.get('tr'),
    jumpOperand: operands.findIndex((token) => token === 'Jr' || token === 'Jv' || token === 'Jb'),
    moffs: operands.includes('O'),
  };
}

function buildTable(): ReadonlyMap<string, readonly InstructionForm[]> {
  const table = new Map<string, InstructionForm[]>();
  for (const row of ROWS) {
    const form = parseRow(row);
    let forms = table.get(form.mnemonic);
    if (!forms) {
      forms = [];
      table.set(form.mnemonic, forms);
    }
    forms.push(form);
  }
  return table;
}

/** Instruction forms by mnemonic (without suffix), in GAS's matching order. */
export const INSTRUCTION_FORMS: ReadonlyMap<string, readonly InstructionForm[]> = buildTable();

/** Prefix mnemonics and the byte each stands for. */
export const PREFIXES: ReadonlyMap<string, { slot: PrefixSlot; byte: number }> = new Map([
  ['lock', { slot: 'lock', byte: 0xf0 }],
  ['rep', { slot: 'rep', byte: 0xf3 }],
  ['repe', { slot: 'rep', byte: 0xf3 }],
  ['repz', { slot: 'rep', byte: 0xf3 }],
  ['repne', { slot: 'rep', byte: 0xf2 }],
  ['repnz', { slot: 'rep', byte: 0xf2 }],
  ['es', { slot: 'seg', byte: 0x26 }],
  ['cs', { slot: 'seg', byte: 0x2e }],
  ['ss', { slot: 'seg', byte: 0x36 }],
  ['ds', { slot: 'seg', byte: 0x3e }],
  ['fs', { slot: 'seg', byte: 0x64 }],
  ['gs', { slot: 'seg', byte: 0x65 }],
  ['data16', { slot: 'data', byte: 0x66 }],
  ['data32', { slot: 'data', byte: 0x66 }],
  ['addr16', { slot: 'addr', byte: 0x67 }],
  ['addr32', { slot: 'addr', byte: 0x67 }],
]);
