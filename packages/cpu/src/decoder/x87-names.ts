/**
 * Names and AT&T operands of the x87 ESC instructions (D8–DF) for the disassembler, and which
 * encodings a Pentium II defines (the others decode as invalid; executing them is #UD).
 */

const MEM: (string | undefined)[][] = [
  ['fadds', 'fmuls', 'fcoms', 'fcomps', 'fsubs', 'fsubrs', 'fdivs', 'fdivrs'],
  ['flds', undefined, 'fsts', 'fstps', 'fldenv', 'fldcw', 'fnstenv', 'fnstcw'],
  ['fiaddl', 'fimull', 'ficoml', 'ficompl', 'fisubl', 'fisubrl', 'fidivl', 'fidivrl'],
  ['fildl', undefined, 'fistl', 'fistpl', undefined, 'fldt', undefined, 'fstpt'],
  ['faddl', 'fmull', 'fcoml', 'fcompl', 'fsubl', 'fsubrl', 'fdivl', 'fdivrl'],
  ['fldl', undefined, 'fstl', 'fstpl', 'frstor', undefined, 'fnsave', 'fnstsw'],
  ['fiadds', 'fimuls', 'ficoms', 'ficomps', 'fisubs', 'fisubrs', 'fidivs', 'fidivrs'],
  ['filds', undefined, 'fists', 'fistps', 'fbld', 'fildll', 'fbstp', 'fistpll'],
];

const D9_SPECIAL: Record<number, string> = {
  208: 'fnop',
  224: 'fchs',
  225: 'fabs',
  228: 'ftst',
  229: 'fxam',
  232: 'fld1',
  233: 'fldl2t',
  234: 'fldl2e',
  235: 'fldpi',
  236: 'fldlg2',
  237: 'fldln2',
  238: 'fldz',
  240: 'f2xm1',
  241: 'fyl2x',
  242: 'fptan',
  243: 'fpatan',
  244: 'fxtract',
  245: 'fprem1',
  246: 'fdecstp',
  247: 'fincstp',
  248: 'fprem',
  249: 'fyl2xp1',
  250: 'fsqrt',
  251: 'fsincos',
  252: 'frndint',
  253: 'fscale',
  254: 'fsin',
  255: 'fcos',
};

export interface X87Text {
  mnemonic: string;
  /** AT&T operands for register forms; undefined for memory forms (the caller prints the address). */
  operands?: string[];
}

/** Forms whose only operand, %st(1) (with %st), is implied: GAS and iced print them bare. */
const IMPLIED_ST1 = new Set([
  'fcom',
  'fcomp',
  'fucom',
  'fucomp',
  'fxch',
  'faddp',
  'fmulp',
  'fsubp',
  'fsubrp',
  'fdivp',
  'fdivrp',
]);

/** The x87 instruction `opcode` (D8–DF) with ModR/M `modrm`, or undefined if it is not defined. */
export function x87Text(opcode: number, modrm: number): X87Text | undefined {
  const t = x87Raw(opcode, modrm);
  if (t?.operands && (modrm & 7) === 1 && IMPLIED_ST1.has(t.mnemonic))
    return { mnemonic: t.mnemonic, operands: [] };
  return t;
}

function x87Raw(opcode: number, modrm: number): X87Text | undefined {
  const reg = (modrm >>> 3) & 7;
  const i = modrm & 7;
  const sti = `%st(${i})`;
  if (modrm < 0xc0) {
    const name = MEM[opcode - 0xd8][reg];
    return name ? { mnemonic: name } : undefined;
  }
  const arith = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
  switch (opcode) {
    case 0xd8:
      return { mnemonic: arith[reg], operands: reg === 2 || reg === 3 ? [sti] : [sti, '%st'] };
    case 0xd9:
      if (reg === 0) return { mnemonic: 'fld', operands: [sti] };
      if (reg === 1) return { mnemonic: 'fxch', operands: [sti] };
      if (reg === 3) return { mnemonic: 'fstp', operands: [sti] };
      return D9_SPECIAL[modrm] ? { mnemonic: D9_SPECIAL[modrm], operands: [] } : undefined;
    case 0xda: {
      const names = ['fcmovb', 'fcmove', 'fcmovbe', 'fcmovu'];
      if (reg < 4) return { mnemonic: names[reg], operands: [sti, '%st'] };
      return modrm === 0xe9 ? { mnemonic: 'fucompp', operands: [] } : undefined;
    }
    case 0xdb: {
      const names = ['fcmovnb', 'fcmovne', 'fcmovnbe', 'fcmovnu'];
      if (reg < 4) return { mnemonic: names[reg], operands: [sti, '%st'] };
      // FNENI/FNDISI (8087) and FNSETPM (287) execute as no-ops on later FPUs.
      if (modrm === 0xe0) return { mnemonic: 'fneni', operands: [] };
      if (modrm === 0xe1) return { mnemonic: 'fndisi', operands: [] };
      if (modrm === 0xe4) return { mnemonic: 'fnsetpm', operands: [] };
      if (modrm === 0xe2) return { mnemonic: 'fnclex', operands: [] };
      if (modrm === 0xe3) return { mnemonic: 'fninit', operands: [] };
      if (reg === 5) return { mnemonic: 'fucomi', operands: [sti, '%st'] };
      if (reg === 6) return { mnemonic: 'fcomi', operands: [sti, '%st'] };
      return undefined;
    }
    case 0xdc: {
      // AT&T names: GAS swaps fsub/fsubr and fdiv/fdivr for these forms (the historic UnixWare spelling).
      const names = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
      return { mnemonic: names[reg], operands: reg === 2 || reg === 3 ? [sti] : ['%st', sti] };
    }
    case 0xdd: {
      const names = ['ffree', 'fxch', 'fst', 'fstp', 'fucom', 'fucomp'];
      return reg < 6 ? { mnemonic: names[reg], operands: [sti] } : undefined;
    }
    case 0xde: {
      if (reg === 3) return modrm === 0xd9 ? { mnemonic: 'fcompp', operands: [] } : undefined;
      const names = ['faddp', 'fmulp', 'fcomp', '', 'fsubp', 'fsubrp', 'fdivp', 'fdivrp'];
      return { mnemonic: names[reg], operands: reg === 2 ? [sti] : ['%st', sti] };
    }
    default: {
      if (modrm === 0xe0) return { mnemonic: 'fnstsw', operands: ['%ax'] };
      if (reg === 5) return { mnemonic: 'fucomip', operands: [sti, '%st'] };
      if (reg === 6) return { mnemonic: 'fcomip', operands: [sti, '%st'] };
      const names = ['ffreep', 'fxch', 'fstp', 'fstp'];
      return reg < 4 ? { mnemonic: names[reg], operands: [sti] } : undefined;
    }
  }
}
