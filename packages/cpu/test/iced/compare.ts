// One decoder comparison: our decodeInstruction against iced-x86 at one offset.

import { decodeInstruction } from '@vmi386/cpu';
import {
  CpuidFeature,
  Decoder,
  DecoderOptions,
  Formatter,
  FormatterSyntax,
  type Instruction,
  Mnemonic,
} from 'iced-x86';
import { canonicalOperand, sameImmediate, splitOperands } from './operands.js';

/** iced CPUID features of the instructions a Pentium II executes (integer, x87, and the P6 additions). */
const PENTIUM_II = new Set<number>([
  CpuidFeature.INTEL8086,
  CpuidFeature.INTEL186,
  CpuidFeature.INTEL286,
  CpuidFeature.INTEL386,
  CpuidFeature.INTEL486,
  CpuidFeature.FPU,
  CpuidFeature.FPU287,
  CpuidFeature.FPU387,
  CpuidFeature.TSC,
  CpuidFeature.RDPMC,
  CpuidFeature.MSR,
  CpuidFeature.CX8,
  CpuidFeature.CPUID,
  CpuidFeature.SEP,
  CpuidFeature.CMOV,
  CpuidFeature.FXSR,
  CpuidFeature.MULTIBYTENOP,
  CpuidFeature.PAUSE,
]);

/**
 * Encodings left out of the validity check: SALC (D6) is undocumented (the SDM lists D6 as reserved,
 * so #UD is right by the SDM) and UD0/UD1 raise #UD whether or not a decoder calls them instructions.
 */
const UNDEFINED_BY_SDM = new Set<number>([Mnemonic.Salc, Mnemonic.Ud0, Mnemonic.Ud1]);

const STRING_OPS = new Set<number>([
  Mnemonic.Movsb,
  Mnemonic.Movsw,
  Mnemonic.Movsd,
  Mnemonic.Cmpsb,
  Mnemonic.Cmpsw,
  Mnemonic.Cmpsd,
  Mnemonic.Stosb,
  Mnemonic.Stosw,
  Mnemonic.Stosd,
  Mnemonic.Lodsb,
  Mnemonic.Lodsw,
  Mnemonic.Lodsd,
  Mnemonic.Scasb,
  Mnemonic.Scasw,
  Mnemonic.Scasd,
  Mnemonic.Insb,
  Mnemonic.Insw,
  Mnemonic.Insd,
  Mnemonic.Outsb,
  Mnemonic.Outsw,
  Mnemonic.Outsd,
  Mnemonic.Xlatb,
]);

const SELECTOR_OPERAND = new Set<number>([
  Mnemonic.Lar,
  Mnemonic.Lsl,
  Mnemonic.Str,
  Mnemonic.Sldt,
  Mnemonic.Smsw,
]);

export type Category = 'length' | 'validity' | 'operands' | 'x87 operands';

export interface Verdict {
  /** Bytes to advance by (iced's length; 1 when both reject). */
  length: number;
  category?: Category;
  problem?: string;
}

const formatter = new Formatter(FormatterSyntax.Gas);
formatter.uppercaseHex = false;
formatter.hexPrefix = '0x';
formatter.hexSuffix = '';
formatter.leadingZeros = false;
formatter.branchLeadingZeros = false;
formatter.displacementLeadingZeros = false;
formatter.smallHexNumbersInDecimal = false;
formatter.signedImmediateOperands = false;
formatter.signedMemoryDisplacements = false;
formatter.showBranchSize = false;

/**
 * Spelling differences that are not differences in meaning: a segment that is the default anyway
 * (GNU objdump and iced leave it out, we may print it), `(%dx)` for `%dx` in IN/OUT, `%db` for `%dr`,
 * the 16-bit name of the register in `mov %eax, %ds`, LEA's ignored segment.
 */
function normalise(operands: string[], mnemonic: number): string[] {
  const out = operands.map((o) => {
    let t = o.replace(/^\(%dx\)$/, '%dx').replace(/%db([0-7])/, '%dr$1');
    const memory = /^(\*?)(%[a-z]s:)(.*)\((%[a-z]+)?,?/.exec(t);
    if (memory) {
      const [, star, segment, , base] = memory;
      const stack = base === '%ebp' || base === '%esp' || base === '%bp';
      const isDefault =
        mnemonic === Mnemonic.Lea ||
        segment === (stack ? '%ss:' : '%ds:') ||
        (STRING_OPS.has(mnemonic) && segment === '%es:' && /^0\(%e?di,,\)$/.test(t.slice(star.length + 4)));
      if (isDefault) t = star + t.slice(star.length + segment.length);
    }
    return t;
  });
  // LAR/LSL/STR/SLDT/SMSW with a register: only 16 bits matter; GNU prints the operand-size register.
  if (SELECTOR_OPERAND.has(mnemonic))
    return out.map((o) => (/^%e[a-d]x$|^%e[sd]i$|^%e[sb]p$/.test(o) ? `%${o.slice(2)}` : o));
  // MOV to/from a segment register: the general register's width is a matter of spelling.
  if (out.some((o) => /^%[c-gs]s$/.test(o)))
    return out.map((o) => (/^%e[a-d]x$|^%e[sd]i$|^%e[sb]p$/.test(o) ? `%${o.slice(2)}` : o));
  return out;
}

function icedOperands(instruction: Instruction, addressBits: 16 | 32): string[] {
  const texts: string[] = [];
  const count = formatter.operandCount(instruction);
  for (let i = 0; i < count; i++) texts.push(formatter.formatOperand(instruction, i));
  let operands = splitOperands(texts).map((o) => canonicalOperand(o, addressBits));
  // GNU's two-operand IMUL alias (imul $imm, %reg) is the three-operand form with dest = source.
  if (instruction.mnemonic === Mnemonic.Imul && operands.length === 2 && operands[0].startsWith('$')) {
    operands = [operands[0], operands[1], operands[1]];
  }
  // AAM/AAD with the default base 10: GNU prints no operand.
  if (
    (instruction.mnemonic === Mnemonic.Aam || instruction.mnemonic === Mnemonic.Aad) &&
    operands.length === 0
  ) {
    operands = ['$0xa'];
  }
  return normalise(operands, instruction.mnemonic);
}

function sameOperands(ours: string[], theirs: string[]): boolean {
  if (ours.length !== theirs.length) return false;
  return ours.every((o, i) => o === theirs[i] || sameImmediate(o, theirs[i]));
}

/** iced decoders over one buffer, made once per buffer and mode (making one per instruction is slow). */
const decoders = new WeakMap<Uint8Array, Map<number, { strict: Decoder; loose: Decoder }>>();

function decodersFor(bytes: Uint8Array, codeSize: 16 | 32): { strict: Decoder; loose: Decoder } {
  let byMode = decoders.get(bytes);
  if (!byMode) {
    byMode = new Map();
    decoders.set(bytes, byMode);
  }
  let pair = byMode.get(codeSize);
  if (!pair) {
    pair = {
      strict: new Decoder(codeSize, bytes, DecoderOptions.None),
      loose: new Decoder(codeSize, bytes, DecoderOptions.NoInvalidCheck),
    };
    byMode.set(codeSize, pair);
  }
  return pair;
}

const hexBytes = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/** Compares the decoders at `offset` of `bytes` (iced decodes with its IP equal to `offset`). */
export function compareAt(bytes: Uint8Array, offset: number, codeSize: 16 | 32): Verdict {
  const { strict, loose } = decodersFor(bytes, codeSize);
  strict.position = offset;
  strict.ip = BigInt(offset);
  const iced = strict.decode();
  loose.position = offset;
  loose.ip = BigInt(offset);
  const icedLoose = loose.decode();
  const ours = decodeInstruction(bytes, offset, codeSize);

  const icedValid = !iced.isInvalid;
  const length = icedValid ? iced.length : icedLoose.isInvalid ? 1 : icedLoose.length;
  const isX87 = icedValid ? Mnemonic[iced.mnemonic].startsWith('F') : (bytes[offset] & 0xf8) === 0xd8;
  const theirText = icedValid
    ? formatter.format(iced)
    : icedLoose.isInvalid
      ? '(invalid)'
      : `(invalid: ${formatter.format(icedLoose)})`;
  const ourText =
    'invalid' in ours ? '(invalid)' : `${ours.mnemonic} ${ours.operands.join(',')} [${ours.length}]`;
  const at = hexBytes(bytes.subarray(offset, offset + Math.max(length, ours.length, 1)));
  const fail = (category: Category, why: string): Verdict => ({
    length,
    category,
    problem: `${at}: ${why}: iced ${theirText} [${length}], ours ${ourText}`,
  });

  if (icedValid && UNDEFINED_BY_SDM.has(iced.mnemonic)) return { length };
  const supported = icedValid && Array.from(iced.cpuidFeatures()).every((f) => PENTIUM_II.has(f));
  if ('invalid' in ours) {
    if (supported) return fail('validity', 'we reject a Pentium II instruction');
    return { length };
  }
  if (!icedValid) {
    // Invalid only by iced's stricter checks (a LOCK it refuses, …): our length must still agree.
    if (!icedLoose.isInvalid && ours.length === icedLoose.length) return { length };
    return fail('validity', 'we accept an invalid encoding');
  }
  if (!supported) return fail('validity', 'we accept an instruction the Pentium II lacks');
  if (ours.length !== iced.length) return fail('length', 'length differs');
  const addressBits = (iced.memoryDisplSize === 2 ? 16 : iced.memoryDisplSize === 4 ? 32 : codeSize) as
    | 16
    | 32;
  const ourOperands = normalise(
    splitOperands(ours.operands).map((o) => canonicalOperand(o, addressBits)),
    iced.mnemonic,
  );
  const theirOperands = icedOperands(iced, addressBits);
  // 66 90 / 90 in the other mode: `xchg %ax,%ax` is the NOP.
  const nopAlias =
    (iced.mnemonic === Mnemonic.Xchg || iced.mnemonic === Mnemonic.Nop) &&
    theirOperands[0] === theirOperands[1] &&
    ours.mnemonic === 'nop';
  if (!nopAlias && !sameOperands(ourOperands, theirOperands)) {
    return fail(
      isX87 ? 'x87 operands' : 'operands',
      `operands differ (${ourOperands.join(', ')} vs ${theirOperands.join(', ')})`,
    );
  }
  return { length };
}

/** Collects verdicts by category. */
export class Tally {
  readonly byCategory = new Map<Category, string[]>();
  compared = 0;

  add(verdict: Verdict, where = ''): void {
    this.compared++;
    if (!verdict.category) return;
    const list = this.byCategory.get(verdict.category) ?? [];
    list.push(where + verdict.problem);
    this.byCategory.set(verdict.category, list);
  }

  count(categories: Category[]): number {
    return categories.reduce((n, c) => n + (this.byCategory.get(c)?.length ?? 0), 0);
  }

  /** A report of the listed categories: counts and the first examples of each. */
  report(categories: Category[]): string {
    return categories
      .filter((c) => (this.byCategory.get(c)?.length ?? 0) > 0)
      .map((c) => {
        const list = this.byCategory.get(c)!;
        return `${c}: ${list.length}\n${list
          .slice(0, 15)
          .map((p) => `  ${p}`)
          .join('\n')}`;
      })
      .join('\n');
  }
}
