// Test-only: seeded random statements — any mnemonic of the supported set with any suffix and one to
// three operands of any kind — so combinations nobody thought to list are compared with GNU as too.

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
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomCases(codeSize: 16 | 32, count: number, seed: number): string[] {
  const next = random(seed);
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
