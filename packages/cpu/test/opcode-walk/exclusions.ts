/**
 * Executable forms the opcode walk leaves out, each with the reason. Every one executes correctly; it
 * has no AT&T spelling that GNU as encodes back to the same bytes.
 */
import type { Form } from './forms.js';

interface Exclusion {
  readonly reason: string;
  readonly matches: (f: Form) => boolean;
}

/** The opcode bytes after an optional 66 prefix. */
function opcode(f: Form): number[] {
  const b = [...f.bytes];
  return b[0] === 0x66 ? b.slice(1) : b;
}

function reg(modrm: number | undefined): number {
  return ((modrm ?? 0) >> 3) & 7;
}

export const EXCLUSIONS: readonly Exclusion[] = [
  {
    reason:
      'hint NOPs 0F 0D, 0F 18–0F 1E and 0F 1F /1–/7 (reserved-NOP space, executed as NOP): GNU as has no mnemonic for them; its `nop r/m` is 0F 1F /0',
    matches: (f) => {
      const [a, b, m] = opcode(f);
      return a === 0x0f && (b === 0x0d || (b! >= 0x18 && b! <= 0x1e) || (b === 0x1f && reg(m) !== 0));
    },
  },
  {
    reason:
      'SAL written /6 (C0, C1, D0–D3): an undocumented alias of SHL /4, which is how GNU as encodes `sal`',
    matches: (f) => {
      const [a, m] = opcode(f);
      return [0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3].includes(a!) && reg(m) === 6;
    },
  },
  {
    reason:
      'DC C0/C8/E0/E8/F0/F8 (ST(0) op= ST(0) through DC): the same operation as the D8 form GNU as picks',
    matches: (f) =>
      f.bytes[0] === 0xdc && (f.bytes[1]! & 0xc7) === 0xc0 && ![0xd0, 0xd8].includes(f.bytes[1]! & 0xf8),
  },
  {
    reason: 'BSWAP with a 16-bit operand (66 0F C8+r): undefined by the SDM; GNU as refuses it',
    matches: (f) => f.bytes[0] === 0x66 && f.bytes[1] === 0x0f && (f.bytes[2]! & 0xf8) === 0xc8,
  },
];

export function exclusionOf(f: Form): string | undefined {
  return EXCLUSIONS.find((e) => e.matches(f))?.reason;
}
