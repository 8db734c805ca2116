// The encoder's entry point: one AT&T statement (after labels) in, bytes and fixups out, byte-for-byte
// as GNU as 2.40 `--32` encodes it. The statement is split into prefixes, mnemonic and operands; the
// mnemonic's forms (./table.ts) are tried in GAS's order and the first that matches is emitted.

import { addressSizeOf, encodeAddress } from './addressing.js';
import {
  AsmError,
  type EncodedInstruction,
  type EncodeResult,
  type EncoderContext,
  type Expr,
  type Fixup,
  type SourcePosition,
} from './interface.js';
import { type MemoryOperand, type Operand, OperandParser, splitOperands } from './operands.js';
import { type PrefixSlot, PrefixSlots } from './prefixes.js';
import type { Register } from './registers.js';
import { SEGMENT_PREFIX_BYTE } from './registers.js';
import { resolveSpelling, type SpelledForm, suffixSize } from './spellings.js';
import { type InstructionForm, type OperandSize, type OperandToken, PREFIXES } from './table.js';

/** True when `word` names an instruction (with any suffix it accepts) or a prefix. */
export function isInstructionMnemonic(word: string): boolean {
  const lower = word.toLowerCase();
  return PREFIXES.has(lower) || resolveSpelling(lower) !== undefined;
}

interface Prefix {
  readonly name: string;
  readonly slot: PrefixSlot;
  readonly byte: number;
}

export function encodeInstruction(
  text: string,
  position: SourcePosition,
  context: EncoderContext,
): EncodeResult {
  const prefixes: Prefix[] = [];
  let pos = skipSpaces(text, 0);
  let word = '';
  let wordStart = pos;
  for (;;) {
    wordStart = pos;
    while (pos < text.length && !isSpace(text.charCodeAt(pos))) pos++;
    word = text.slice(wordStart, pos).toLowerCase();
    const prefix = PREFIXES.get(word);
    if (!prefix) break;
    prefixes.push({ name: word, ...prefix });
    pos = skipSpaces(text, pos);
    if (pos >= text.length) {
      // A statement of prefixes only: the bytes as written.
      const sizing = prefixes.filter((p) => p.slot === 'data' || p.slot === 'addr');
      const bytes = prefixes.map((p) => p.byte);
      if (sizing.length === 0) return { kind: 'fixed', bytes, fixups: [] };
      return {
        kind: 'fixed',
        bytes,
        fixups: [],
        warnings: sizing.map((p) => `stand-alone \`${p.name}' prefix`),
      };
    }
  }
  if (word === '') throw new AsmError('missing instruction', position);
  const spelled = resolveSpelling(word);
  if (!spelled)
    throw new AsmError(`no such instruction: \`${text.slice(wordStart, pos)}'`, at(position, wordStart));

  const operandStart = skipSpaces(text, pos);
  const operands: Operand[] = [];
  if (operandStart < text.length) {
    const parser = new OperandParser(context, position);
    let column = operandStart;
    for (const part of splitOperands(text.slice(operandStart))) {
      operands.push(parser.parse(part, column));
      column += part.length + 1;
    }
  }

  const statement = new Statement(word, prefixes, operands, position, context);
  for (const candidate of spelled) {
    const result = statement.tryForm(candidate);
    if (result) return result;
  }
  throw new AsmError(statement.mismatchMessage(spelled), position);
}

class Statement {
  /** The suffix of the spelling being tried. */
  private suffix: string | undefined;
  /** Warnings of the form being tried (reused: most forms tried do not match). */
  private readonly warnings: string[] = [];
  /** Address size of a memory operand without registers: the code size, flipped by addr16/addr32. */
  private readonly plainAddressSize: 16 | 32;

  constructor(
    private readonly word: string,
    private readonly prefixes: readonly Prefix[],
    private readonly operands: readonly Operand[],
    private readonly position: SourcePosition,
    private readonly context: EncoderContext,
  ) {
    const flipped = prefixes.some((p) => p.slot === 'addr');
    this.plainAddressSize = flipped === (context.codeSize === 32) ? 16 : 32;
  }

  tryForm({ form, suffix }: SpelledForm): EncodeResult | undefined {
    if (form.operands.length !== this.operands.length) return undefined;
    this.suffix = suffix;
    const sized = this.operandSize(form, suffix);
    if (sized < 0) return undefined;
    const size = (sized & 0xff) as OperandSize;
    const warnings = this.warnings;
    if (warnings.length > 0) warnings.length = 0;
    for (let i = 0; i < form.operands.length; i++) {
      if (!this.matches(form.operands[i]!, this.operands[i]!, size, form, warnings)) return undefined;
    }
    if (sized & DEFAULTED && !form.defaultSize) warnings.push(noSuffixWarning(form.mnemonic));
    if (form.literalSuffixOptional && suffix === undefined && form.warnDefault) {
      warnings.push(noSuffixWarning(form.mnemonic));
    }
    if (form.translation) warnings.push(`translating to \`${this.translated(form, form.translation)}'`);
    return this.emit(form, size, warnings);
  }

  mismatchMessage(spelled: readonly SpelledForm[]): string {
    const mnemonic = spelled[0]!.form.mnemonic;
    if (!spelled.some(({ form }) => form.operands.length === this.operands.length)) {
      return `number of operands mismatch for \`${mnemonic}'`;
    }
    // GAS's wording for the common cases: a register that contradicts the suffix, then `pop %cs`.
    const suffix = spelled.find((c) => c.suffix !== undefined && c.form.literalSuffix === undefined)?.suffix;
    const expected = suffix === undefined ? undefined : SUFFIX_SIZES[suffix];
    const clash = this.operands.find(
      (op) => op.kind === 'reg' && op.reg.cls === 'gpr' && op.reg.size !== expected,
    );
    if (expected !== undefined && clash?.kind === 'reg' && spelled.every((c) => c.suffix !== undefined)) {
      return suffix === 'b'
        ? `\`%${clash.reg.name}' not allowed with \`${this.word}'`
        : `incorrect register \`%${clash.reg.name}' used with \`${suffix}' suffix`;
    }
    if (mnemonic === 'pop' && this.operands[0]?.kind === 'reg' && this.operands[0].reg.name === 'cs') {
      return "you can't `pop %cs'";
    }
    return `invalid operand combination (operand type mismatch) for \`${mnemonic}'`;
  }

  /**
   * The operand size: from the suffix, else from general-register operands, else the default — as the
   * size, with DEFAULTED set when it is the default; -1 when the form does not fit.
   */
  private operandSize(form: InstructionForm, suffix: string | undefined): number {
    let size: OperandSize | undefined;
    if (suffix !== undefined && form.literalSuffix === undefined) size = suffixSize(form, suffix);
    for (let i = 0; i < form.operands.length; i++) {
      const op = this.operands[i]!;
      if (op.kind !== 'reg' || op.reg.cls !== 'gpr' || !SIZED_TOKENS.has(form.operands[i]!)) continue;
      if (size === undefined) size = op.reg.size as OperandSize;
      else if (size !== op.reg.size) return -1;
    }
    if (size !== undefined) return form.sizes.includes(size) ? size : -1;
    if (form.sizes.length === 0) return 0;
    if (form.sizes.length === 1) return form.sizes[0]!;
    const codeSize = this.context.codeSize;
    return form.sizes.includes(codeSize) ? codeSize | DEFAULTED : -1;
  }

  private matches(
    token: OperandToken,
    op: Operand,
    size: OperandSize,
    form: InstructionForm,
    warnings: string[],
  ): boolean {
    if (op.indirect && token !== '*E' && token !== '*M') return false;
    switch (token) {
      case 'E':
        return isGpr(op, size) || isMemory(op);
      case 'G':
      case 'Z':
      case 'R':
        return isGpr(op, size);
      case 'A':
        return isGpr(op, size) && op.reg.num === 0;
      case 'M':
        return isMemory(op);
      case 'O':
        return isMemory(op) && !op.base && !op.index;
      case 'Eb':
        return isGpr(op, 8) || isMemory(op);
      case 'Ew':
        return isGpr(op, 16) || isMemory(op);
      case 'Gw':
        return isGpr(op, 16);
      case 'Rd':
        return isGpr(op, 32);
      case 'Sw':
        return op.kind === 'reg' && op.reg.cls === 'sreg';
      case 'CL':
        if (op.kind !== 'reg' || op.reg.cls !== 'gpr' || op.reg.num !== 1) return false;
        return op.reg.size === 8 || (op.reg.size === 32 && this.suffix !== 'b');
      case 'Cd':
        return op.kind === 'reg' && op.reg.cls === 'cr';
      case 'Dd':
        return op.kind === 'reg' && op.reg.cls === 'dr';
      case 'I':
        return op.kind === 'imm';
      case 'Ibs':
        return (
          op.kind === 'imm' &&
          op.value !== undefined &&
          fitsIn(sizedImmediate(op.value, size || this.context.codeSize), -128, 127)
        );
      case 'Ib':
        // With a byte (word, for Iw) operand size GAS takes any value here, warning if it shortens it.
        if (op.kind !== 'imm') return false;
        return (
          op.value === undefined ||
          size === 8 ||
          fitsIn(sizedImmediate(op.value, size || this.context.codeSize), -128, 255)
        );
      case 'Iw':
        if (op.kind !== 'imm') return false;
        return (
          op.value === undefined ||
          size === 16 ||
          fitsIn(sizedImmediate(op.value, size || this.context.codeSize), -32768, 65535)
        );
      case '1':
      case '3':
        return (
          op.kind === 'imm' &&
          op.value !== undefined &&
          sizedImmediate(op.value, size || this.context.codeSize) === Number(token)
        );
      case 'Jr':
      case 'Jv':
        return isMemory(op) && !op.base && !op.index && op.disp !== undefined;
      case 'Jb':
        // A rel8-only jump (loop, jecxz) to a plain number needs a number that fits a signed byte.
        if (!isMemory(op) || op.base || op.index || op.disp === undefined) return false;
        return op.dispValue === undefined || fitsIn(op.dispValue, -128, 127);
      case '*E':
      case '*M':
        if (!(token === '*E' && isGpr(op, size)) && !isMemory(op)) return false;
        if (!op.indirect) {
          // GAS takes `jmp %eax` and `jmp (%eax)` as indirect, with a warning; a bare symbol is direct
          // for jmp/call, but ljmp/lcall have no direct form with a memory operand.
          if (token === '*E' && op.kind === 'mem' && !op.base && !op.index) return false;
          warnings.push(`indirect ${form.mnemonic} without \`*'`);
        }
        return true;
      case 'X':
      case 'XB':
      case 'Y':
        if (!isMemory(op)) return false;
        this.checkStringOperand(op, token, warnings);
        if (token === 'Y' && op.segment && op.segment.name !== 'es') {
          throw new AsmError(
            `\`${form.mnemonic}' operand ${this.operands.indexOf(op) + 1} must use \`%es' segment`,
            this.position,
          );
        }
        return true;
      case 'ST':
        return op.kind === 'reg' && op.reg.cls === 'st' && op.reg.num === 0;
      case 'STi':
        return op.kind === 'reg' && op.reg.cls === 'st';
      default:
        // GAS also takes the port as `(%dx)` (what objdump prints).
        if (token === '%dx' && isMemory(op))
          return op.base?.name === 'dx' && !op.index && op.disp === undefined && !op.segment;
        if (op.kind !== 'reg') return false;
        return op.reg.name === token.slice(1) || (token === '%dx' && op.reg.name === 'edx');
    }
  }

  /** GAS encodes a string instruction's implied operand whatever is written, but warns. */
  private checkStringOperand(op: MemoryOperand, token: 'X' | 'XB' | 'Y', warnings: string[]): void {
    const baseNum = token === 'X' ? 6 : token === 'Y' ? 7 : 3;
    if (op.base?.num === baseNum && !op.index && op.disp === undefined) return;
    const wide = stringAddressSize(op, this.plainAddressSize) === 32;
    const name = ['', '', '', wide ? 'ebx' : 'bx', '', '', wide ? 'esi' : 'si', wide ? 'edi' : 'di'][baseNum];
    warnings.push(`\`${op.text}' is not valid here (expected \`(%${name})')`);
  }

  private emit(form: InstructionForm, size: OperandSize, warnings: string[]): EncodeResult {
    const slots = this.prefixSlots(form, size);
    const { memory, addressSize } = this.memoryOperands(form, size, slots, warnings);

    const opcode = [...form.opcode];
    if (size !== 8 && form.sizes.includes(8)) opcode[opcode.length - 1]! += form.wBit;
    if (form.plusOperand >= 0) {
      opcode[opcode.length - 1]! += (this.operands[form.plusOperand] as { reg: Register }).reg.num;
    }
    if (form.jumpOperand >= 0) {
      const target = (this.operands[form.jumpOperand] as MemoryOperand).disp!;
      return this.jump(form, jumpPrefixes(form, slots, warnings), opcode, target, size, warnings);
    }

    const bytes: number[] = [];
    slots.emitInto(bytes);
    for (const byte of opcode) bytes.push(byte);
    const fixups: Fixup[] = [];
    if (form.modrm) this.modrm(form, bytes, fixups);
    else if (memory && form.moffs) {
      const dispSize = addressSize === 16 ? 2 : 4;
      this.field(bytes, fixups, dispSize, memory.dispValue, memory.disp!, 'either', warnings, false);
    }
    this.immediates(form, size, bytes, fixups, warnings);
    return finish(bytes, fixups, warnings);
  }

  /** The written prefixes (checked against the form) and the implied fwait and operand-size prefix. */
  private prefixSlots(form: InstructionForm, size: OperandSize): PrefixSlots {
    const codeSize = this.context.codeSize;
    const slots = new PrefixSlots(this.position);
    for (const prefix of this.prefixes) {
      const redundant = prefix.name.endsWith(codeSize === 16 ? '16' : '32');
      if (redundant && (prefix.slot === 'data' || prefix.slot === 'addr')) {
        throw new AsmError(`redundant ${prefix.name} prefix`, this.position);
      }
      slots.set(prefix.slot, prefix.byte);
      if (prefix.slot === 'lock' && !(form.lockable && this.operands.some(isMemory))) {
        throw new AsmError("expecting lockable instruction after `lock'", this.position);
      }
      if (prefix.slot === 'rep' && !form.repOk) {
        throw new AsmError(`invalid instruction \`${this.word}' after \`${prefix.name}'`, this.position);
      }
    }
    if (form.fwait) slots.set('wait', 0x9b);
    const dataSize = form.sizeIsAddressSize ? codeSize : size;
    if ((dataSize === 16 || dataSize === 32) && dataSize !== codeSize && !form.noDataPrefix) {
      slots.set('data', 0x66);
    }
    return slots;
  }

  /**
   * The address size the memory operands use (all the same), their segment overrides, and the 67
   * prefix when the address size is not the code size.
   */
  private memoryOperands(
    form: InstructionForm,
    size: OperandSize,
    slots: PrefixSlots,
    warnings: string[],
  ): { memory: MemoryOperand | undefined; addressSize: 16 | 32 } {
    const codeSize = this.context.codeSize;
    let memory: MemoryOperand | undefined;
    let addressSize: 16 | 32 = form.sizeIsAddressSize ? (size as 16 | 32) : (form.addressSize ?? codeSize);
    for (let i = 0; i < this.operands.length; i++) {
      const op = this.operands[i]!;
      const token = form.operands[i]!;
      // `(%dx)` as a port is a register operand written like memory: no address.
      if (op.kind !== 'mem' || token === '%dx') continue;
      if (isJumpToken(token)) {
        if (op.segment) slots.set('seg', SEGMENT_PREFIX_BYTE[op.segment.name]!);
        continue;
      }
      let operandAddressSize: 16 | 32;
      if (isStringToken(token)) {
        operandAddressSize = stringAddressSize(op, this.plainAddressSize);
        // GAS checks the operand's form (no %esp index, valid 16-bit pairs) but not mixed sizes.
        if (op.base?.size === op.index?.size || !op.base || !op.index) {
          encodeAddress(op, this.plainAddressSize, this.position);
        }
      } else operandAddressSize = addressSizeOf(op, this.plainAddressSize, this.position);
      const contradicts = slots.has('addr') && operandAddressSize !== this.plainAddressSize;
      if (contradicts || (memory && operandAddressSize !== addressSize)) {
        throw new AsmError(`\`${op.text}' is not a valid base/index expression`, this.position);
      }
      memory = memory ?? op;
      addressSize = operandAddressSize;
      if (op.segment && op.segment !== defaultSegment(op, token)) {
        slots.set('seg', SEGMENT_PREFIX_BYTE[op.segment.name]!);
      }
      if (op.segment && form.mnemonic === 'lea') warnings.push("segment override on `lea' is ineffectual");
    }
    // An explicit addr16/addr32 already is the prefix a register-sized operand would need, but not the
    // one a size fixed by the instruction (jcxz, loopw) needs: GAS calls that a doubled prefix.
    const fixedAddressSize = form.sizeIsAddressSize || form.addressSize !== undefined;
    if (addressSize !== codeSize && (!slots.has('addr') || fixedAddressSize)) slots.set('addr', 0x67);
    return { memory, addressSize };
  }

  private modrm(form: InstructionForm, bytes: number[], fixups: Fixup[]): void {
    let reg = form.digit ?? 0;
    let rmOperand: Operand | undefined;
    for (let i = 0; i < form.operands.length; i++) {
      const token = form.operands[i]!;
      const op = this.operands[i]!;
      if (REG_FIELD_TOKENS.has(token)) {
        reg = (op as { reg: Register }).reg.num;
        if (form.regTwice) rmOperand = op;
      } else if (RM_FIELD_TOKENS.has(token)) rmOperand = op;
    }
    if (!rmOperand) throw new AsmError('internal: form without a ModR/M operand', this.position);
    if (rmOperand.kind === 'reg') {
      bytes.push(0xc0 | (reg << 3) | rmOperand.reg.num);
      return;
    }
    if (rmOperand.kind !== 'mem') throw new AsmError('internal: immediate in ModR/M', this.position);
    const address = encodeAddress(rmOperand, this.plainAddressSize, this.position);
    bytes.push(address.modrm | (reg << 3));
    if (address.sib !== undefined) bytes.push(address.sib);
    if (address.dispSize === 0) return;
    if (address.dispFixup) {
      fixups.push({
        offset: bytes.length,
        size: address.dispSize,
        expr: address.dispFixup,
        pcRelative: false,
        range: 'either',
      });
      pushLittleEndian(bytes, 0, address.dispSize);
    } else pushLittleEndian(bytes, address.dispValue, address.dispSize);
  }

  private immediates(
    form: InstructionForm,
    size: OperandSize,
    bytes: number[],
    fixups: Fixup[],
    warnings: string[],
  ): void {
    const order = form.far ? [1, 0] : form.operands.map((_, i) => i);
    for (const i of order) {
      const token = form.operands[i]!;
      const op = this.operands[i]!;
      if (op.kind !== 'imm' || token === '1' || token === '3') continue;
      const width = token === 'I' ? (size === 8 ? 1 : size === 16 ? 2 : 4) : token === 'Iw' ? 2 : 1;
      const range = token === 'Ibs' ? 'signed' : 'either';
      const value =
        op.value === undefined ? undefined : sizedImmediate(op.value, size || this.context.codeSize);
      if (form.far && i === 1 && value !== undefined && size === 16 && !fitsIn(value, -0x8000, 0xffff)) {
        throw new AsmError('16-bit jump out of range', this.position);
      }
      // GAS does not warn when it shortens a far jump's selector.
      this.field(bytes, fixups, width, value, op.expr, range, warnings, !(form.far && i === 0));
    }
  }

  /** Appends a constant (warning when GAS would shorten it) or a zero field with a fixup. */
  private field(
    bytes: number[],
    fixups: Fixup[],
    width: 1 | 2 | 4,
    value: number | undefined,
    expr: Expr,
    range: Fixup['range'],
    warnings: string[],
    warnShortened: boolean,
  ): void {
    if (value === undefined) {
      fixups.push({ offset: bytes.length, size: width, expr, pcRelative: false, range });
      pushLittleEndian(bytes, 0, width);
      return;
    }
    const span = 2 ** (8 * width);
    if (warnShortened && Math.abs(value) >= span) {
      warnings.push(`${hexValue(value)} shortened to ${hexValue(((value % span) + span) % span)}`);
    }
    pushLittleEndian(bytes, value, width);
  }

  private jump(
    form: InstructionForm,
    prefixBytes: number[],
    opcode: number[],
    target: Expr,
    size: OperandSize,
    warnings: string[],
  ): EncodeResult {
    const codeSize = this.context.codeSize;
    // An explicit data16/data32 prefix switches a relative jump's displacement size (`data32 call`).
    const toggled = this.prefixes.some((p) => p.slot === 'data');
    if (form.operands[0] === 'Jb') {
      return finish(
        [...prefixBytes, ...opcode, 0],
        [
          {
            offset: prefixBytes.length + opcode.length,
            size: 1,
            expr: target,
            pcRelative: true,
            range: 'signed',
          },
        ],
        warnings,
      );
    }
    if (form.operands[0] === 'Jv') {
      const width = (size === 16) !== toggled ? 2 : 4;
      const bytes = [...prefixBytes, ...opcode];
      const fixup: Fixup = {
        offset: bytes.length,
        size: width,
        expr: target,
        pcRelative: true,
        range: 'either',
      };
      pushLittleEndian(bytes, 0, width);
      return finish(bytes, [fixup], warnings);
    }
    // jmp/jcc: the front end chooses between rel8 and rel16/32 as GAS relaxes.
    const shortBytes = [...prefixBytes, ...opcode, 0];
    const longOpcode = opcode[0] === 0xeb ? [0xe9] : [0x0f, opcode[0]! + 0x10];
    const width = (codeSize === 16) !== toggled ? 2 : 4;
    const longBytes = [...prefixBytes, ...longOpcode];
    const longFixup: Fixup = {
      offset: longBytes.length,
      size: width,
      expr: target,
      pcRelative: true,
      range: 'either',
    };
    pushLittleEndian(longBytes, 0, width);
    return {
      kind: 'relaxable',
      target,
      short: finish(
        shortBytes,
        [{ offset: shortBytes.length - 1, size: 1, expr: target, pcRelative: true, range: 'signed' }],
        warnings,
      ),
      long: finish(longBytes, [longFixup], warnings),
    };
  }

  /** GAS's "translating to" text: the form's %st(i) operand as written (`%st` stays `%st`). */
  private translated(form: InstructionForm, template: string): string {
    const op = this.operands[form.operands.indexOf('STi')];
    if (op?.kind !== 'reg') return template;
    return template.replace('%st(N)', op.text === '%st' ? '%st' : `%st(${op.reg.num})`);
  }
}

const SUFFIX_SIZES: Readonly<Record<string, OperandSize>> = { b: 8, w: 16, l: 32 };

/** Flag in `operandSize`'s result: the size is the default, not written or implied by a register. */
const DEFAULTED = 0x100;

/** Tokens whose register operand carries the instruction's operand size. */
const SIZED_TOKENS: ReadonlySet<OperandToken> = new Set<OperandToken>(['E', 'G', 'Z', 'R', 'A', '*E']);
const REG_FIELD_TOKENS: ReadonlySet<OperandToken> = new Set<OperandToken>(['G', 'Gw', 'Sw', 'Cd', 'Dd']);
const RM_FIELD_TOKENS: ReadonlySet<OperandToken> = new Set<OperandToken>([
  'E',
  'R',
  'M',
  'Eb',
  'Ew',
  'Rd',
  '*E',
  '*M',
]);

function isGpr(op: Operand, size: OperandSize): op is Operand & { kind: 'reg' } {
  return op.kind === 'reg' && op.reg.cls === 'gpr' && op.reg.size === size;
}

function isJumpToken(token: OperandToken): boolean {
  return token === 'Jr' || token === 'Jv' || token === 'Jb';
}

/**
 * The prefixes GAS keeps on a relative jump (tc-i386.c output_branch/output_jump): the operand-size
 * prefix on jmp/jcc/call, the address-size prefix on loop/jcxz, and %cs/%ds as branch hints on all
 * but call. Anything else is dropped with a warning.
 */
function jumpPrefixes(form: InstructionForm, slots: PrefixSlots, warnings: string[]): number[] {
  const kind = form.operands[0];
  const seg = slots.get('seg');
  const kept: number[] = [];
  if (kind === 'Jb') {
    if (slots.has('addr')) kept.push(0x67);
  } else if (slots.has('data')) kept.push(0x66);
  if (kind !== 'Jv' && (seg === 0x2e || seg === 0x3e)) kept.push(seg);
  if (slots.count > kept.length) warnings.push(`skipping prefixes on \`${form.mnemonic}'`);
  return kept;
}

function isStringToken(token: OperandToken): boolean {
  return token === 'X' || token === 'Y' || token === 'XB';
}

/** GAS reads a string instruction's operand only for its address size (from the base register). */
function stringAddressSize(op: MemoryOperand, plain: 16 | 32): 16 | 32 {
  const size = (op.base ?? op.index)?.size;
  return size === 16 ? 16 : size === 32 ? 32 : plain;
}

function isMemory(op: Operand): op is MemoryOperand {
  return op.kind === 'mem';
}

/** The segment an operand uses without an override: GAS drops an override that names it. */
function defaultSegment(op: MemoryOperand, token: OperandToken): Register | undefined {
  if (token === 'Y') return op.segment?.name === 'es' ? op.segment : undefined;
  if (token === 'X' || token === 'XB') return op.segment?.name === 'ds' ? op.segment : undefined;
  const viaStack = op.base && (op.base.num === 4 || op.base.num === 5) && op.base.size === 32;
  const viaBp = op.base && op.base.size === 16 && op.base.num === 5;
  const name = viaStack || viaBp ? 'ss' : 'ds';
  return op.segment?.name === name ? op.segment : undefined;
}

/**
 * An immediate as GAS sees it once the operand size is known (optimize_imm; an instruction without an
 * operand size, like `int` or `aam`, is sized by the code size): with a byte or word size
 * a value that fits 16 bits unsigned is read as signed 16-bit (so `addw $0xffff` is `-1`, an imm8), and
 * any value that fits 32 bits unsigned is read as signed 32-bit.
 */
function sizedImmediate(value: number, size: OperandSize): number {
  if ((size === 8 || size === 16) && value >= 0 && value <= 0xffff) {
    value = value >= 0x8000 ? value - 0x10000 : value;
  }
  if (value >= 0 && value <= 0xffffffff) value = value >= 0x80000000 ? value - 0x100000000 : value;
  return value;
}

function fitsIn(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}

function pushLittleEndian(bytes: number[], value: number, width: number): void {
  let v = ((value % 2 ** (8 * width)) + 2 ** (8 * width)) % 2 ** (8 * width);
  for (let i = 0; i < width; i++) {
    bytes.push(v & 0xff);
    v = Math.floor(v / 256);
  }
}

function finish(bytes: number[], fixups: Fixup[], warnings: string[]): EncodedInstruction {
  if (warnings.length === 0) return { kind: 'fixed', bytes, fixups };
  return { kind: 'fixed', bytes, fixups, warnings: [...warnings] };
}

function noSuffixWarning(mnemonic: string): string {
  return `no instruction mnemonic suffix given and no register operands; using default for \`${mnemonic}'`;
}

/** GAS prints values as 64-bit two's complement hex. */
function hexValue(value: number): string {
  return `0x${BigInt.asUintN(64, BigInt(Math.trunc(value))).toString(16)}`;
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09;
}

function at(position: SourcePosition, column: number): SourcePosition {
  return { file: position.file, line: position.line, column: position.column + column };
}
