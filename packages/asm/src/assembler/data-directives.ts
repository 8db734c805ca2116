// Directives that put data or space into the current section: integers, strings, fills,
// skips, `.org` and alignment.

import type { DiagnosticSink } from '../diagnostics.js';
import { AsmError, type Expr, type Fixup, type SourcePosition } from '../encoder/interface.js';
import { splitOperands } from '../source/statements.js';
import { type EvaluationEnvironment, evaluate } from './evaluate.js';
import type { AlignFragment, Location, Section, SpaceFragment } from './model.js';
import { appendVariable, type FragmentFactory } from './sections.js';
import { parseStringLiteral } from './strings.js';
import { warnTruncation } from './truncation.js';
import { isAbsolute } from './value.js';

/** What these directives need from the first pass. */
export interface DirectiveContext {
  readonly section: Section;
  readonly codeSize: 16 | 32;
  readonly diagnostics: DiagnosticSink;
  readonly fragments: FragmentFactory;
  readonly env: EvaluationEnvironment;
  here(): Location;
  parse(text: string, position: SourcePosition): Expr;
  absolute(text: string, position: SourcePosition, what: string): bigint;
  emit(
    bytes: readonly number[],
    fixups: readonly Fixup[],
    position: SourcePosition,
    text: string,
    what: 'data' | 'instruction',
    /** Where each fixup's expression is written (default: `position`). */
    fixupPositions?: readonly SourcePosition[],
  ): void;
}

/** `.byte`, `.word`, `.long`, `.quad` and their aliases: constants now, fixups for the rest. */
export function dataDirective(
  ctx: DirectiveContext,
  size: 1 | 2 | 4 | 8,
  args: string,
  position: SourcePosition,
  text: string,
): void {
  const bytes: number[] = [];
  const fixups: Fixup[] = [];
  const fixupPositions: SourcePosition[] = [];
  for (const part of splitOperands(args)) {
    const at = { ...position, column: position.column + part.offset };
    if (part.text === '') {
      ctx.diagnostics.warning('zero assumed for missing expression', at);
      for (let i = 0; i < size; i++) bytes.push(0);
      continue;
    }
    if (part.text.startsWith('"') && size === 1) {
      for (const b of parseStringLiteral(part.text, at).bytes) bytes.push(b);
      continue;
    }
    const expr = ctx.parse(part.text, at);
    const dot = {
      fragment: ctx.section.current,
      offset: ctx.section.current.bytes.length + bytes.length,
    };
    const v = evaluate(expr, dot, ctx.env, at);
    if (v && isAbsolute(v)) {
      const value = v.constant;
      if (size < 8) warnTruncation(value, size, at, ctx.diagnostics);
      for (let i = 0; i < size; i++) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
      continue;
    }
    if (size === 8) throw new AsmError('.quad needs a constant value (no 64-bit relocations on i386)', at);
    // Known later (forward reference or relocation): a fixup relative to the statement start.
    fixups.push({ offset: bytes.length, size, expr, pcRelative: false, range: 'either' });
    fixupPositions.push(at);
    for (let i = 0; i < size; i++) bytes.push(0);
  }
  ctx.emit(bytes, fixups, position, text, 'data', fixupPositions);
}

/** `.ascii` (zero false), `.asciz` and `.string` (zero true). */
export function stringDirective(
  ctx: DirectiveContext,
  args: string,
  position: SourcePosition,
  zero: boolean,
  text: string,
): void {
  const bytes: number[] = [];
  for (const part of splitOperands(args)) {
    const lit = parseStringLiteral(part.text, { ...position, column: position.column + part.offset });
    if (lit.end !== part.text.length) throw new AsmError('junk after string', position);
    for (const b of lit.bytes) bytes.push(b);
    if (zero) bytes.push(0);
  }
  ctx.emit(bytes, [], position, text, 'data');
}

/** `.fill REPEAT[, SIZE[, VALUE]]`: sizes above 4 bytes get zeros in the high bytes, as in GAS. */
export function fillDirective(
  ctx: DirectiveContext,
  args: string,
  position: SourcePosition,
  text: string,
): void {
  const parts = splitOperands(args);
  if (parts.length < 1 || parts.length > 3)
    throw new AsmError('expected .fill REPEAT[, SIZE[, VALUE]]', position);
  const repeat = ctx.absolute(parts[0].text, position, '.fill repeat count');
  let size = parts[1] && parts[1].text !== '' ? ctx.absolute(parts[1].text, position, '.fill size') : 1n;
  const value = parts[2] ? ctx.absolute(parts[2].text, position, '.fill value') : 0n;
  if (repeat < 0n) {
    ctx.diagnostics.warning('repeat < 0; .fill ignored', position);
    return;
  }
  if (size > 8n) {
    ctx.diagnostics.warning('.fill size clamped to 8', position);
    size = 8n;
  }
  if (repeat * size > 64n * 1024n * 1024n) throw new AsmError('.fill is too large', position);
  const unit: number[] = [];
  for (let i = 0n; i < size; i++) unit.push(i < 4n ? Number((value >> (8n * i)) & 0xffn) : 0);
  const bytes: number[] = [];
  for (let i = 0n; i < repeat; i++) for (const b of unit) bytes.push(b);
  ctx.emit(bytes, [], position, text, 'data');
}

/** `.skip`/`.space SIZE[, FILL]`; a size not known yet becomes a fragment sized at layout. */
export function spaceDirective(
  ctx: DirectiveContext,
  args: string,
  position: SourcePosition,
  text: string,
): void {
  const parts = splitOperands(args);
  if (parts.length < 1 || parts.length > 2) throw new AsmError('expected .skip SIZE[, FILL]', position);
  const fill = parts[1] ? Number(ctx.absolute(parts[1].text, position, '.skip fill') & 0xffn) : 0;
  const expr = ctx.parse(parts[0].text, position);
  const v = evaluate(expr, ctx.here(), ctx.env, position);
  if (v && isAbsolute(v)) {
    if (v.constant < 0n) {
      ctx.diagnostics.warning('.space repeat count is negative, ignored', position);
      return;
    }
    if (v.constant > 64n * 1024n * 1024n) throw new AsmError('.skip is too large', position);
    // Large reservations stay a fragment with a size rather than an array of bytes.
    if (v.constant <= 4096n || ctx.section.type !== 'nobits') {
      ctx.emit(new Array(Number(v.constant)).fill(fill), [], position, text, 'data');
      return;
    }
  }
  variableSpace(ctx, 'space', expr, fill, position);
}

function variableSpace(
  ctx: DirectiveContext,
  kind: 'org' | 'space',
  expr: Expr,
  fill: number,
  position: SourcePosition,
): void {
  const fragment: SpaceFragment = {
    kind,
    id: ctx.fragments.newId(),
    section: ctx.section,
    address: 0,
    listing: [],
    expr,
    fill,
    dot: ctx.here(),
    position,
    size: 0,
  };
  appendVariable(ctx.section, fragment, ctx.fragments);
}

/** `.org OFFSET[, FILL]`, resolved at layout (moving backwards is an error there). */
export function orgDirective(ctx: DirectiveContext, args: string, position: SourcePosition): void {
  const parts = splitOperands(args);
  if (parts.length < 1 || parts.length > 2) throw new AsmError('expected .org OFFSET[, FILL]', position);
  const fill = parts[1] ? Number(ctx.absolute(parts[1].text, position, '.org fill') & 0xffn) : 0;
  variableSpace(ctx, 'org', ctx.parse(parts[0].text, position), fill, position);
}

/** `.align`/`.balign[wl]` (byte counts on i386 ELF) and `.p2align[wl]` (powers of two). */
export function alignDirective(
  ctx: DirectiveContext,
  name: string,
  args: string,
  position: SourcePosition,
): void {
  const parts = splitOperands(args);
  const first = parts[0]?.text ?? '';
  let amount = first === '' ? 0n : ctx.absolute(first, position, 'alignment');
  let alignment: number;
  if (name.startsWith('.p2align')) {
    if (amount > 31n) throw new AsmError('alignment too large', position);
    alignment = 2 ** Number(amount < 0n ? 0n : amount);
  } else {
    if (amount <= 0n) amount = 1n;
    if ((amount & (amount - 1n)) !== 0n) throw new AsmError('alignment not a power of 2', position);
    if (amount > 2n ** 31n) throw new AsmError('alignment too large', position);
    alignment = Number(amount);
  }
  const fillSize: 1 | 2 | 4 = name.endsWith('w') ? 2 : name.endsWith('l') ? 4 : 1;
  const fillText = parts[1]?.text ?? '';
  const fill =
    fillText === '' ? undefined : Number(BigInt.asUintN(32, ctx.absolute(fillText, position, 'fill value')));
  const maxText = parts[2]?.text ?? '';
  // A maximum of 0 means "no maximum" in GAS (measured: `.p2align 4,,0` still pads).
  const maxValue = maxText === '' ? 0 : Number(ctx.absolute(maxText, position, 'maximum skip'));
  const maxSkip = maxValue <= 0 ? undefined : maxValue;
  const section = ctx.section;
  if (alignment > section.alignment) section.alignment = alignment;
  const fragment: AlignFragment = {
    kind: 'align',
    id: ctx.fragments.newId(),
    section,
    address: 0,
    listing: [],
    alignment,
    fill,
    fillSize,
    maxSkip,
    // GAS pads code with NOP instructions when no fill is given, and also for a fill of 0x90.
    nops:
      (fill === undefined || (fill === 0x90 && fillSize === 1)) && section.flags.exec
        ? ctx.codeSize
        : undefined,
    position,
    size: 0,
  };
  appendVariable(section, fragment, ctx.fragments);
}
