/**
 * The disassembler's view of the x87 ESC instructions (D8–DF): name and AT&T operands, read from the
 * x87 opcode table (x87/encodings.ts). Encodings without a row decode as invalid (executing them is #UD).
 */
import { x87Encoding } from '../x87/encodings.js';

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
  const e = x87Encoding(opcode, modrm);
  if (!e) return undefined;
  if (modrm < 0xc0) return { mnemonic: e.mnemonic };
  const sti = `%st(${modrm & 7})`;
  if ((modrm & 7) === 1 && e.operands !== 'none' && e.operands !== 'ax' && IMPLIED_ST1.has(e.mnemonic))
    return { mnemonic: e.mnemonic, operands: [] };
  switch (e.operands) {
    case 'none':
      return { mnemonic: e.mnemonic, operands: [] };
    case 'ax':
      return { mnemonic: e.mnemonic, operands: ['%ax'] };
    case 'sti':
      return { mnemonic: e.mnemonic, operands: [sti] };
    case 'sti,st':
      return { mnemonic: e.mnemonic, operands: [sti, '%st'] };
    case 'st,sti':
      return { mnemonic: e.mnemonic, operands: ['%st', sti] };
  }
}
