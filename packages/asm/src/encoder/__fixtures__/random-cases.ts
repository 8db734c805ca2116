// Test-only: seeded random statements — any mnemonic of the supported set with any suffix and one to
// three operands of any kind — so combinations nobody thought to list are compared with GNU as too.

import { seededRandom } from '@vmi386/testkit';
import { MEMORY16, MEMORY32 } from './instruction-cases.js';

const MNEMONICS = `
  add or adc sbb and sub xor cmp test inc dec not neg mul div idiv imul rol ror rcl rcr shl sal shr sar
  bt bts btr btc bsf bsr shld shrd daa das aaa aas aam aad movs cmps scas lods stos ins outs jmp call ljmp
  lcall ret lret loop jecxz enter leave bound xlat pusha popa pushf popf push pop movzb movsb movzw movsw
  movzx movsx cbw cwde cwd cdq lgdt lidt lldt ltr sgdt sidt sldt str lmsw smsw clts arpl lar lsl verr verw
  invlpg hlt in out int iret lss lds les lfs lgs mov lea nop xchg cmpxchg xadd bswap cmpxchg8b sete jne
  fld fst fstp fild fist fistp fadd fmul faddp fmulp fxch fnstsw fnsave fxsave
`
  .split(/\s+/)
  .filter(Boolean);

const SUFFIXES = ['', '', '', 'b', 'w', 'l', 's', 't', 'll'];

const REGISTERS = [
  ...['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
  ...['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  ...['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  ...['es', 'cs', 'ss', 'ds', 'fs', 'gs', 'cr0', 'cr3', 'dr1', 'dr7', 'st', 'st(1)', 'st(7)'],
].map((name) => `%${name}`);

const IMMEDIATES = [
  '$0',
  '$1',
  '$3',
  '$-1',
  '$0x7f',
  '$0x80',
  '$-0x81',
  '$0xff',
  '$0x100',
  '$0xfffe',
  '$0x10000',
];
const IMMEDIATES2 = ['$0x7fffffff', '$0xffffff80', '$ext', '$ext-4', '$c0'];

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
export function randomCases(codeSize: 16 | 32, count: number, seed: number): string[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const memory = codeSize === 16 ? [...MEMORY16, ...MEMORY32.slice(0, 10)] : MEMORY32;
  const operand = (): string => {
    const kind = next();
    if (kind < 0.4) return pick(REGISTERS);
    if (kind < 0.65) return pick(memory);
    if (kind < 0.85) return pick(IMMEDIATES);
    if (kind < 0.92) return pick(IMMEDIATES2);
    return `*${pick([...REGISTERS.slice(0, 16), ...memory])}`;
  };
  const cases: string[] = [];
  for (let i = 0; i < count; i++) {
    const arity = next() < 0.15 ? 1 : next() < 0.85 ? 2 : 3;
    const operands = Array.from({ length: arity }, operand);
    cases.push(`${pick(MNEMONICS)}${pick(SUFFIXES)} ${operands.join(',')}`);
  }
  return cases;
}

const REGISTER_CLASSES: readonly (readonly string[])[] = [
  ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
  ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  ['es', 'cs', 'ss', 'ds', 'fs', 'gs'],
  ['cr0', 'cr2', 'cr3', 'cr4'],
  ['dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'],
  ['st', 'st(1)', 'st(2)', 'st(3)', 'st(4)', 'st(5)', 'st(6)', 'st(7)'],
].map((names) => names.map((name) => `%${name}`));

/**
 * Statements derived from `base` by replacing operands with others of the same kind — a register by
 * another of its class and size, an address by another addressing form, an immediate by another
 * value — so the forms GAS accepts are explored over every register number and address form.
 */
export function mutatedCases(
  base: readonly string[],
  codeSize: 16 | 32,
  count: number,
  seed: number,
): string[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const memory =
    codeSize === 16 ? [...MEMORY16.slice(0, 17), ...MEMORY32.slice(0, 10)] : MEMORY32.slice(0, 34);
  const mutate = (operand: string): string => {
    const text = operand.trim();
    if (next() < 0.4) return text;
    const star = text.startsWith('*') ? '*' : '';
    const bare = text.slice(star.length);
    if (bare.startsWith('$')) return pick([...IMMEDIATES, ...IMMEDIATES2]);
    const registers = REGISTER_CLASSES.find((names) => names.includes(bare));
    if (registers) return star + pick(registers);
    return star + pick(memory);
  };
  const cases: string[] = [];
  for (let i = 0; i < count; i++) {
    const statement = pick(base);
    const space = statement.search(/\s/);
    if (space < 0) {
      cases.push(statement);
      continue;
    }
    const operands = statement.slice(space + 1).split(/,(?![^(]*\))/);
    cases.push(`${statement.slice(0, space)} ${operands.map(mutate).join(',')}`);
  }
  return cases;
}
