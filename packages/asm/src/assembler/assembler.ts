// The first pass: reads statements in order, keeps the location counter, defines symbols, runs
// directives, expands macros and repetitions, and hands instructions to the encoder. What it
// produces (sections of fragments, a symbol table) is laid out afterwards by ../layout.

import type { DiagnosticSink } from '../diagnostics.js';
import {
  AsmError,
  type EncodeResult,
  type EncoderContext,
  type Expr,
  type Fixup,
  type SourcePosition,
} from '../encoder/interface.js';
import { parseExpression } from '../expression/parse.js';
import { stripComments } from '../source/comments.js';
import { type SourceLine, toSourceLines } from '../source/source-line.js';
import { splitOperands, splitStatements } from '../source/statements.js';
import {
  ConditionalStack,
  type ConditionInputs,
  continuesConditional,
  opensConditional,
} from './conditionals.js';
import {
  alignDirective,
  type DirectiveContext,
  dataDirective,
  fillDirective,
  orgDirective,
  spaceDirective,
  stringDirective,
} from './data-directives.js';
import { type EvaluationEnvironment, evaluate } from './evaluate.js';
import {
  bindArguments,
  type MacroDefinition,
  parseMacroHeader,
  splitMacroArguments,
  substitute,
} from './macros.js';
import type {
  AsmSymbol,
  DataFragment,
  Fragment,
  Location,
  RelaxFragment,
  Section,
  SectionFlags,
  SectionType,
  SymbolType,
} from './model.js';
import {
  appendVariable,
  createSection,
  defaultSectionAttributes,
  FragmentFactory,
  parseSectionFlags,
} from './sections.js';
import { parseStringLiteral, unquote } from './strings.js';
import { isAbsolute, type Value } from './value.js';

/** What the assembler needs from the instruction encoder (`../encoder/encode.ts`). */
export interface InstructionSet {
  encodeInstruction(text: string, position: SourcePosition, context: EncoderContext): EncodeResult;
  isInstructionMnemonic(name: string): boolean;
}

/** Reads `.include` files; returns the text and the name to report positions with. */
export type IncludeResolver = (name: string, fromFile: string) => { file: string; text: string } | undefined;

export interface FirstPassOptions {
  instructions: InstructionSet | undefined;
  resolveInclude: IncludeResolver;
  diagnostics: DiagnosticSink;
}

const MAX_MACRO_DEPTH = 100;
const MAX_INCLUDE_DEPTH = 64;
/** Total lines and characters produced by macros and repetitions: bounds run time on any input. */
const MAX_EXPANDED_LINES = 100_000;
const MAX_EXPANDED_CHARACTERS = 8_000_000;

interface LineFrame {
  lines: readonly SourceLine[];
  index: number;
  kind: 'file' | 'macro' | 'repeat';
  /** Conditional nesting when the frame started, restored by `.exitm`. */
  conditionalDepth: number;
}

/** A `.macro`/`.rept`/`.irp`/`.irpc` body being collected up to its `.endm`/`.endr`. */
interface Collector {
  kind: 'macro' | 'repeat';
  depth: number;
  lines: SourceLine[];
  position: SourcePosition;
  finish: (body: SourceLine[]) => void;
}

const DATA_SIZES: Record<string, 1 | 2 | 4 | 8> = {
  '.byte': 1,
  '.word': 2,
  '.short': 2,
  '.hword': 2,
  '.value': 2,
  '.2byte': 2,
  '.long': 4,
  '.int': 4,
  '.4byte': 4,
  '.quad': 8,
  '.8byte': 8,
};

export class FirstPass {
  readonly sections: Section[] = [];
  readonly symbols = new Map<string, AsmSymbol>();
  readonly fragments = new FragmentFactory();
  private current!: Section;
  private previous: Section | undefined;
  private readonly sectionStack: { current: Section; previous: Section | undefined }[] = [];
  private codeSize: 16 | 32 = 32;
  private readonly localLabelCounts = new Map<string, number>();
  private readonly symbolVersions = new Map<string, number>();
  private lcommFragments: Fragment[] | undefined;
  private readonly macros = new Map<string, MacroDefinition>();
  private macroCounter = 0;
  private readonly frames: LineFrame[] = [];
  private readonly conditionals = new ConditionalStack();
  private collector: Collector | undefined;
  private expandedLines = 0;
  private expandedCharacters = 0;
  /** Set when an expansion limit stopped the assembly (the unfinished blocks are not reported). */
  private gaveUp = false;
  /** The outermost macro/repeat invocation the current line comes from, for the listing. */
  private currentExpansion: { file: string; line: number } | undefined;
  private ended = false;
  private readonly diagnostics: DiagnosticSink;
  private readonly env: EvaluationEnvironment;

  constructor(private readonly options: FirstPassOptions) {
    this.diagnostics = options.diagnostics;
    for (const name of ['.text', '.data', '.bss']) this.section(name);
    this.current = this.sections[0];
    this.env = {
      final: false,
      symbol: (name) => {
        // A symbol named in an evaluated expression is in the output even if never defined.
        const s = this.symbol(name);
        s.used = true;
        return s;
      },
      labelValue: (_s, location) => this.locationValue(location),
      locationValue: (location) => this.locationValue(location),
      order: (a, b) => placeOrder(a, b),
    };
  }

  /** Assembles the statements of one file (already preprocessed when it is a `.S` file). */
  run(lines: readonly SourceLine[]): void {
    this.frames.push({ lines: stripComments(lines), index: 0, kind: 'file', conditionalDepth: 0 });
    while (this.frames.length > 0 && !this.ended) {
      const frame = this.frames[this.frames.length - 1];
      if (frame.index >= frame.lines.length) {
        this.frames.pop();
        continue;
      }
      const line = frame.lines[frame.index++];
      this.line(line);
    }
    if (this.lcommFragments) {
      const bss = this.section('.bss');
      bss.fragments.push(...this.lcommFragments);
    }
    if (this.gaveUp) return;
    if (this.collector) {
      const what = this.collector.kind === 'macro' ? '.macro without .endm' : '.rept/.irp without .endr';
      this.diagnostics.error(`unterminated ${what}`, this.collector.position);
    }
    for (const p of this.conditionals.unterminated) this.diagnostics.error('.if without .endif', p);
    // GAS generates alignment NOPs when it writes the object, in the mode of the last
    // `.code16`/`.code32`: every padding of the file uses that mode's NOPs (measured).
    for (const section of this.sections) {
      for (const f of section.fragments)
        if (f.kind === 'align' && f.nops !== undefined) f.nops = this.codeSize;
    }
  }

  // ---------------------------------------------------------------- lines and statements

  private line(line: SourceLine): void {
    if (this.collector) {
      this.collect(line);
      return;
    }
    this.currentExpansion = line.expansion;
    for (const statement of splitStatements(line.text)) {
      if (this.collector) {
        // `.rept 3; nop; .endr` on one line: the rest of the line is body text.
        this.collect({ ...line, text: statement.text });
        continue;
      }
      const position = { file: line.file, line: line.line, column: statement.column };
      try {
        this.statement(statement.text, position);
      } catch (e) {
        this.diagnostics.caught(e, position);
      }
      if (this.ended) return;
    }
  }

  private collect(line: SourceLine): void {
    const c = this.collector!;
    const word = /^\s*(?:[\w.$]+:\s*)*(\.[A-Za-z]+)\b/.exec(line.text)?.[1]?.toLowerCase();
    const opens =
      c.kind === 'macro' ? word === '.macro' : word === '.rept' || word === '.irp' || word === '.irpc';
    const closes = c.kind === 'macro' ? word === '.endm' || word === '.endmacro' : word === '.endr';
    if (opens) c.depth++;
    if (closes && --c.depth === 0) {
      this.collector = undefined;
      c.finish(c.lines);
      return;
    }
    c.lines.push(line);
  }

  private statement(text: string, position: SourcePosition): void {
    if (this.conditionals.skipping) {
      this.skipped(text, position);
      return;
    }
    let rest = text;
    let column = position.column;
    // Labels: `name:` and numeric `1:`, several may precede a statement.
    for (;;) {
      const m = /^(\s*)([A-Za-z_.$][\w.$]*|\d+|"[^"]*")\s*:(?!:)/.exec(rest);
      if (!m) break;
      const at = { ...position, column: column + m[1].length };
      const name = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
      this.defineLabel(name, at);
      column += m[0].length;
      rest = rest.slice(m[0].length);
    }
    const lead = rest.length - rest.trimStart().length;
    rest = rest.trim();
    if (rest === '') return;
    const at = { ...position, column: column + lead };
    const assignment = /^([A-Za-z_.$][\w.$]*)\s*=(?!=)\s*(.*)$/.exec(rest);
    if (assignment) {
      const exprColumn = at.column + rest.indexOf('=') + 1;
      this.assign(assignment[1], assignment[2], { ...at, column: exprColumn }, at);
      return;
    }
    const wordMatch = /^[^\s]+/.exec(rest)!;
    const word = wordMatch[0];
    const args = rest.slice(word.length);
    const argsAt = { ...at, column: at.column + word.length };
    const lower = word.toLowerCase();
    if (lower.startsWith('.') && this.directive(lower, args, argsAt, at, rest)) return;
    const macro = this.macros.get(word);
    if (macro) {
      this.expandMacro(macro, args, at);
      return;
    }
    if (lower.startsWith('.')) throw new AsmError(`unknown directive '${word}'`, at);
    this.instruction(rest, at);
  }

  // ---------------------------------------------------------------- instructions

  private instruction(text: string, position: SourcePosition): void {
    const set = this.options.instructions;
    const mnemonic = /^[^\s]+/.exec(text)![0];
    if (!set) throw new AsmError(`instructions are not available (no encoder): '${mnemonic}'`, position);
    if (!set.isInstructionMnemonic(mnemonic.toLowerCase()) && !set.isInstructionMnemonic(mnemonic))
      throw new AsmError(`unknown mnemonic '${mnemonic}'`, position);
    const start = this.here();
    this.instructionStart = start;
    const result = set.encodeInstruction(text, position, this.encoderContext);
    if (result.kind === 'fixed') {
      // The encoder may attach the warnings GAS prints for a statement it still assembles.
      for (const w of (result as { warnings?: string[] }).warnings ?? [])
        this.diagnostics.warning(w, position);
      this.emit(result.bytes, result.fixups, position, text, 'instruction');
      return;
    }
    const fragment: RelaxFragment = {
      kind: 'relax',
      id: this.fragments.newId(),
      section: this.current,
      address: 0,
      listing: [],
      target: result.target,
      short: result.short,
      long: result.long,
      isLong: false,
      dot: start,
      position,
      text,
      expansion: this.currentExpansion,
    };
    appendVariable(this.current, fragment, this.fragments);
  }

  /** Where the instruction being encoded starts (its `.`). */
  private instructionStart: Location | undefined;

  /** What the encoder may ask while encoding the current instruction (one object, reused). */
  private readonly encoderContext: EncoderContext = (() => {
    const pass = this;
    return {
      get codeSize() {
        return pass.codeSize;
      },
      parseExpression: (text: string, position: SourcePosition) => pass.parse(text, position),
      constantValue: (expr: Expr) => pass.constant(expr, pass.instructionStart ?? pass.here()),
    };
  })();

  /** The current location: the end of the current data fragment. */
  private here(): Location {
    const fragment = this.current.current;
    return { fragment, offset: fragment.bytes.length };
  }

  private locationValue(location: Location): Value {
    return {
      constant: BigInt(location.offset),
      terms: [{ base: { kind: 'fragment', fragment: location.fragment }, coefficient: 1n }],
    };
  }

  /** Parses an expression and maps numeric local label references to the label they mean. */
  parse(text: string, position: SourcePosition): Expr {
    return this.resolveLocalLabels(parseExpression(text, position), position);
  }

  private resolveLocalLabels(expr: Expr, position: SourcePosition): Expr {
    switch (expr.kind) {
      case 'symbol': {
        const m = /^(\d+)([bf])$/.exec(expr.name);
        if (!m) {
          const internal = this.internalName(expr.name);
          return internal === expr.name ? expr : { kind: 'symbol', name: internal };
        }
        const count = this.localLabelCounts.get(m[1]) ?? 0;
        if (m[2] === 'b' && count === 0)
          throw new AsmError(`no previous local label '${m[1]}:' for '${expr.name}'`, position);
        return { kind: 'symbol', name: localLabelName(m[1], m[2] === 'b' ? count : count + 1) };
      }
      case 'unary':
        return { ...expr, operand: this.resolveLocalLabels(expr.operand, position) };
      case 'binary':
        return {
          ...expr,
          left: this.resolveLocalLabels(expr.left, position),
          right: this.resolveLocalLabels(expr.right, position),
        };
      default:
        return expr;
    }
  }

  private constant(expr: Expr, dot: Location): number | undefined {
    try {
      const v = evaluate(expr, dot, this.env, { file: '', line: 0, column: 0 });
      return v && isAbsolute(v) ? Number(v.constant) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The absolute value of an expression, required now (`.if`, `.rept`, `.fill` counts…). */
  private absolute(text: string, position: SourcePosition, what: string): bigint {
    const expr = this.parse(text, position);
    const v = evaluate(expr, this.here(), this.env, position);
    if (v === undefined || !isAbsolute(v))
      throw new AsmError(`${what} must be an absolute expression known here`, position);
    return v.constant;
  }

  private emit(
    bytes: readonly number[],
    fixups: readonly Fixup[],
    position: SourcePosition,
    text: string,
    what: string,
    fixupPositions?: readonly SourcePosition[],
  ): void {
    const fragment = this.current.current;
    const offset = fragment.bytes.length;
    // Data in .bss must be zero; an instruction there is accepted silently and only its size
    // and relocations remain (GAS writes a .rel.bss), as measured with GNU as.
    if (
      this.current.type === 'nobits' &&
      what === 'data' &&
      (fixups.length > 0 || bytes.some((b) => b !== 0))
    ) {
      throw new AsmError(`attempt to store non-zero value in section '${this.current.name}'`, position);
    }
    const target = fragment.bytes;
    for (let i = 0; i < bytes.length; i++) target.push(bytes[i] & 0xff);
    for (const [index, f] of fixups.entries()) {
      fragment.fixups.push({
        ...f,
        fieldOffset: offset + f.offset,
        pcBase: offset + bytes.length,
        // `.` is the start of the instruction, or of the element for data (`.long ., .`).
        dot: { fragment, offset: what === 'data' ? offset + f.offset : offset },
        position: fixupPositions?.[index] ?? position,
        data: what === 'data',
      });
    }
    if (bytes.length > 0) {
      fragment.listing.push({ offset, size: bytes.length, position, text, expansion: this.currentExpansion });
    }
  }

  // ---------------------------------------------------------------- symbols

  symbol(name: string): AsmSymbol {
    let s = this.symbols.get(name);
    if (!s) {
      s = {
        name,
        binding: 'local',
        explicitBinding: false,
        type: 'notype',
        size: undefined,
        sizePosition: undefined,
        sizeDot: undefined,
        definition: { kind: 'undefined' },
        used: false,
        definedAt: undefined,
      };
      this.symbols.set(name, s);
    }
    return s;
  }

  /** The symbol a source name means now (a `=` symbol redefined after use is a new symbol). */
  private userSymbol(name: string): AsmSymbol {
    return this.symbol(this.internalName(name));
  }

  /**
   * GAS clones a `=`/`.set` symbol when it is redefined, so expressions written before keep
   * the old value (`.long j` before `j = 10`, `j = j + 1` gives 10). Versions after the first
   * get internal names that no source name can spell.
   */
  private internalName(name: string): string {
    const version = this.symbolVersions.get(name);
    return version === undefined ? name : `${name}\u0003${version}`;
  }

  /** Starts a new version of a `=` symbol being defined again (GAS's symbol_clone). */
  private newVersion(name: string, previous: AsmSymbol): AsmSymbol {
    this.symbolVersions.set(name, (this.symbolVersions.get(name) ?? 0) + 1);
    const s = this.userSymbol(name);
    s.binding = previous.binding;
    s.explicitBinding = previous.explicitBinding;
    s.type = previous.type;
    return s;
  }

  /** The name a symbol has in the output, or undefined for a superseded version. */
  outputName(internal: string): string | undefined {
    const cut = internal.indexOf('\u0003');
    const name = cut < 0 ? internal : internal.slice(0, cut);
    return this.internalName(name) === internal ? name : undefined;
  }

  private defineLabel(name: string, position: SourcePosition): void {
    if (/^\d+$/.test(name)) {
      const count = (this.localLabelCounts.get(name) ?? 0) + 1;
      this.localLabelCounts.set(name, count);
      name = localLabelName(name, count);
    }
    let s = this.userSymbol(name);
    // A label on a `=` symbol is a new version of it (GAS clones such symbols).
    if (s.redefinable && s.definition.kind !== 'undefined') s = this.newVersion(name, s);
    const here = this.here();
    const d = s.definition;
    // GAS accepts the same label twice at one place (nothing emitted in between).
    if (d.kind === 'label' && d.location.fragment === here.fragment && d.location.offset === here.offset)
      return;
    if (d.kind !== 'undefined') {
      throw new AsmError(
        `symbol '${name}' is already defined (at ${s.definedAt?.file}:${s.definedAt?.line})`,
        position,
      );
    }
    s.definition = { kind: 'label', location: here };
    s.definedAt = position;
  }

  private assign(
    name: string,
    text: string,
    exprPosition: SourcePosition,
    position: SourcePosition,
    equiv = false,
  ): void {
    let s = this.userSymbol(name);
    if (
      (s.definition.kind === 'label' && !s.redefinable) ||
      (s.definition.kind !== 'undefined' && s.redefinable === false) ||
      s.definition.kind === 'common' ||
      (equiv && s.definition.kind !== 'undefined')
    ) {
      throw new AsmError(`symbol '${name}' is already defined`, position);
    }
    // The value is read with the symbols as they are now (`j = j + 1` uses the old j).
    const expr = this.parse(text, exprPosition);
    const dot = this.here();
    const value = evaluate(expr, dot, this.env, exprPosition);
    if (s.definition.kind !== 'undefined') s = this.newVersion(name, s);
    // `.equiv` symbols may not be set again; `=`, `.set` and `.equ` ones may.
    s.redefinable = !equiv;
    if (value && isAbsolute(value)) {
      s.definition = { kind: 'absolute', value: value.constant };
    } else if (
      value &&
      value.terms.length === 1 &&
      value.terms[0].coefficient === 1n &&
      value.terms[0].base.kind === 'fragment'
    ) {
      s.definition = {
        kind: 'label',
        location: { fragment: value.terms[0].base.fragment, offset: Number(value.constant) },
      };
    } else {
      s.definition = { kind: 'equated', expr, dot, position: exprPosition };
    }
    s.definedAt = position;
    // `x = sym` and `x = sym ± constant` take sym's ELF type and size (GAS copies them).
    const base =
      expr.kind === 'symbol'
        ? expr
        : expr.kind === 'binary' && (expr.op === '+' || expr.op === '-') && expr.right.kind === 'number'
          ? expr.left
          : undefined;
    if (base?.kind === 'symbol') s.attributesFrom = base.name;
  }

  // ---------------------------------------------------------------- sections

  private section(name: string, attributes?: { flags: SectionFlags; type: SectionType }): Section {
    let s = this.sections.find((x) => x.name === name);
    if (!s) {
      const a = attributes ?? defaultSectionAttributes(name);
      s = createSection(name, this.sections.length, a.type, a.flags, this.fragments);
      this.sections.push(s);
    }
    return s;
  }

  /** Every section switch remembers the section left, even when it is the same one (as GAS). */
  private switchTo(section: Section): void {
    this.previous = this.current;
    this.current = section;
  }

  private sectionDirective(args: string, position: SourcePosition): Section {
    const parts = splitOperands(args);
    if (parts.length === 0) throw new AsmError('expected a section name', position);
    const name = unquote(parts[0].text);
    const existing = this.sections.find((x) => x.name === name);
    let attributes = defaultSectionAttributes(name);
    if (parts.length > 1) {
      const flagsText = unquote(parts[1].text);
      const flags = parseSectionFlags(flagsText);
      if (flags.bad) throw new AsmError(`unknown section flag '${flags.bad}'`, position);
      if (flags.group) throw new AsmError('section groups (flag G, COMDAT) are not supported', position);
      const { bad: _ignored, ...clean } = flags;
      let type: SectionType = name.startsWith('.note')
        ? 'note'
        : attributes.type === 'nobits'
          ? 'nobits'
          : 'progbits';
      if (parts.length > 2) {
        const t = parts[2].text.replace(/^[@%]/, '');
        if (
          t === 'progbits' ||
          t === 'nobits' ||
          t === 'note' ||
          t === 'init_array' ||
          t === 'fini_array' ||
          t === 'preinit_array'
        )
          type = t;
        else throw new AsmError(`unknown section type '${parts[2].text}'`, position);
      }
      attributes = { flags: clean, type };
    }
    const section = existing ?? this.section(name, attributes);
    if (!existing && parts.length > 3 && attributes.flags.merge) {
      section.entrySize = Number(this.absolute(parts[3].text, position, 'entry size'));
    }
    return section;
  }

  // ---------------------------------------------------------------- directives

  /** Runs a directive; false when `name` is not one (it may still be a macro). */
  private directive(
    name: string,
    args: string,
    argsAt: SourcePosition,
    at: SourcePosition,
    text: string,
  ): boolean {
    if (opensConditional(name)) {
      this.conditionals.open(name, args, argsAt, at, this.conditionInputs);
      return true;
    }
    const size = DATA_SIZES[name];
    if (size !== undefined) {
      dataDirective(this.context, size, args, argsAt, text);
      return true;
    }
    switch (name) {
      case '.text':
      case '.data':
      case '.bss':
        if (args.trim() !== '' && this.absolute(args, argsAt, 'subsection') !== 0n)
          throw new AsmError('subsections are not supported', argsAt);
        this.switchTo(this.section(name));
        return true;
      case '.section':
        this.switchTo(this.sectionDirective(args, argsAt));
        return true;
      case '.pushsection':
        this.sectionStack.push({ current: this.current, previous: this.previous });
        this.switchTo(this.sectionDirective(args, argsAt));
        return true;
      case '.popsection': {
        const saved = this.sectionStack.pop();
        if (!saved) {
          this.diagnostics.warning('.popsection without corresponding .pushsection; ignored', at);
          return true;
        }
        this.current = saved.current;
        this.previous = saved.previous;
        return true;
      }
      case '.previous': {
        if (!this.previous) {
          this.diagnostics.warning('.previous without corresponding .section; ignored', at);
          return true;
        }
        const p = this.previous;
        this.previous = this.current;
        this.current = p;
        return true;
      }
      case '.globl':
      case '.global':
      case '.weak':
      case '.local':
        for (const part of splitOperands(args)) {
          const s = this.userSymbol(part.text);
          s.binding = name === '.weak' ? 'weak' : name === '.local' ? 'local' : 'global';
          s.explicitBinding = true;
        }
        return true;
      case '.hidden':
      case '.protected':
      case '.internal':
        throw new AsmError(`${name} is not supported`, at);
      case '.type':
        this.typeDirective(args, argsAt);
        return true;
      case '.size': {
        const parts = splitOperands(args);
        if (parts.length !== 2) throw new AsmError('expected .size SYMBOL, EXPRESSION', argsAt);
        const s = this.userSymbol(parts[0].text);
        s.size = this.parse(parts[1].text, { ...argsAt, column: argsAt.column + parts[1].offset });
        s.sizePosition = argsAt;
        s.sizeDot = this.here();
        s.used = true;
        return true;
      }
      case '.set':
      case '.equ':
      case '.equiv': {
        const parts = splitOperands(args);
        if (parts.length !== 2) throw new AsmError(`expected ${name} SYMBOL, EXPRESSION`, argsAt);
        this.assign(
          parts[0].text,
          parts[1].text,
          { ...argsAt, column: argsAt.column + parts[1].offset },
          at,
          name === '.equiv',
        );
        return true;
      }
      case '.ascii':
      case '.asciz':
      case '.string':
        stringDirective(this.context, args, argsAt, name !== '.ascii', text);
        return true;
      case '.fill':
        fillDirective(this.context, args, argsAt, text);
        return true;
      case '.skip':
      case '.space':
        spaceDirective(this.context, args, argsAt, text);
        return true;
      case '.zero': {
        const n = this.absolute(args, argsAt, '.zero size');
        this.emit(new Array(Number(n)).fill(0), [], at, text, 'data');
        return true;
      }
      case '.org':
        orgDirective(this.context, args, argsAt);
        return true;
      case '.align':
      case '.balign':
      case '.balignw':
      case '.balignl':
      case '.p2align':
      case '.p2alignw':
      case '.p2alignl':
        alignDirective(this.context, name, args, argsAt);
        return true;
      case '.comm':
      case '.lcomm':
        this.common(name === '.lcomm', args, argsAt);
        return true;
      case '.code16':
        this.codeSize = 16;
        return true;
      case '.code32':
        this.codeSize = 32;
        return true;
      case '.att_syntax':
        return true;
      case '.file':
      case '.loc':
      case '.ident': {
        if (name === '.ident') {
          const comment = this.section('.comment');
          comment.entrySize = 1;
          const bytes = parseStringLiteral(args.trim(), argsAt).bytes;
          const frag = comment.current;
          if (frag.bytes.length === 0 && comment.fragments.length === 1) frag.bytes.push(0);
          for (const b of bytes) frag.bytes.push(b);
          frag.bytes.push(0);
        }
        return true;
      }
      case '.err':
        throw new AsmError('.err encountered', at);
      case '.error':
        throw new AsmError(
          args.trim() === '' ? '.error directive invoked in source file' : unquote(args),
          at,
        );
      case '.warning':
        this.diagnostics.warning(
          args.trim() === '' ? '.warning directive invoked in source file' : unquote(args),
          at,
        );
        return true;
      case '.print':
        return true;
      case '.end':
        this.ended = true;
        return true;
      case '.include':
        this.include(args, argsAt);
        return true;
      case '.macro':
        this.startMacro(args, argsAt, at);
        return true;
      case '.endm':
      case '.endmacro':
        this.diagnostics.warning(`${name} encountered without preceding .macro`, at);
        return true;
      case '.exitm':
        this.exitMacro(at);
        return true;
      case '.purgem': {
        const n = args.trim();
        if (!this.macros.delete(n))
          this.diagnostics.warning(`attempt to purge non-existing macro '${n}'`, argsAt);
        return true;
      }
      case '.rept':
      case '.irp':
      case '.irpc':
        this.startRepeat(name, args, argsAt, at);
        return true;
      case '.endr':
        this.diagnostics.warning('.endr encountered without preceding .rept, .irp, or .irpc', at);
        return true;
      case '.elseif':
      case '.else':
      case '.endif':
        this.conditionals.continue(name, args, argsAt, at, this.conditionInputs);
        return true;
      default:
        return false;
    }
  }

  private typeDirective(args: string, position: SourcePosition): void {
    const parts = splitOperands(args);
    if (parts.length !== 2) throw new AsmError('expected .type SYMBOL, @TYPE', position);
    const types: Record<string, SymbolType> = {
      function: 'function',
      gnu_indirect_function: 'function',
      object: 'object',
      notype: 'notype',
      tls_object: 'tls',
      common: 'common',
      stt_func: 'function',
      stt_object: 'object',
      stt_notype: 'notype',
    };
    const t =
      types[
        parts[1].text
          .replace(/^[@%#"]/, '')
          .replace(/"$/, '')
          .toLowerCase()
      ];
    if (!t) throw new AsmError(`unknown symbol type '${parts[1].text}'`, position);
    const typed = this.userSymbol(parts[0].text);
    typed.type = t;
    typed.used = true;
  }

  private common(local: boolean, args: string, position: SourcePosition): void {
    const parts = splitOperands(args);
    if (parts.length < 2 || parts.length > (local ? 2 : 3)) {
      throw new AsmError(
        local ? 'expected .lcomm SYMBOL, SIZE' : 'expected .comm SYMBOL, SIZE[, ALIGNMENT]',
        position,
      );
    }
    let s = this.userSymbol(parts[0].text);
    if (s.redefinable && s.definition.kind !== 'undefined') s = this.newVersion(parts[0].text, s);
    if (s.definition.kind !== 'undefined' && s.definition.kind !== 'common') {
      throw new AsmError(`symbol '${parts[0].text}' is already defined`, position);
    }
    const size = Number(this.absolute(parts[1].text, position, 'size'));
    if (size < 0) throw new AsmError('size is negative', position);
    // Default alignments measured with GNU as: .lcomm uses binutils' TC_IMPLICIT_LCOMM_ALIGNMENT,
    // .comm the smallest power of two that holds the object, at most 16.
    const implicit = size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
    let commonDefault = 1;
    while (commonDefault < size && commonDefault < 16) commonDefault *= 2;
    const alignment = parts[2] ? Number(this.absolute(parts[2].text, position, 'alignment')) : commonDefault;
    if (alignment & (alignment - 1)) throw new AsmError('alignment not a power of 2', position);
    // `.local sym` then `.comm sym, …` allocates in .bss like .lcomm, with .comm's alignment.
    const localCommon = !local && s.explicitBinding && s.binding === 'local';
    if (!local && !localCommon) {
      s.definition = { kind: 'common', size, alignment: Math.max(alignment, 1) };
      if (!s.explicitBinding || s.binding === 'local') s.binding = 'global';
      s.type = 'object';
      s.size = { kind: 'number', value: size };
      s.definedAt = position;
      return;
    }
    // .lcomm: reserve space in .bss subsection 1, which GAS places after everything else
    // in .bss (measured), without changing the current section.
    const bss = this.section('.bss');
    const area = this.lcommArea(bss);
    const boundary = localCommon ? Math.max(alignment, 1) : implicit;
    if (boundary > 1) {
      area.push({
        kind: 'align',
        id: this.fragments.newId(),
        section: bss,
        address: 0,
        listing: [],
        alignment: boundary,
        fill: undefined,
        fillSize: 1,
        maxSkip: undefined,
        nops: undefined,
        position,
        size: 0,
      });
      area.push(this.fragments.data(bss));
      if (boundary > bss.alignment) bss.alignment = boundary;
    }
    const last = area[area.length - 1] as DataFragment;
    s.definition = { kind: 'label', location: { fragment: last, offset: last.bytes.length } };
    s.definedAt = position;
    s.type = 'object';
    s.size = { kind: 'number', value: size };
    for (let i = 0; i < size; i++) last.bytes.push(0);
  }

  /** The fragments of `.bss` subsection 1 (for `.lcomm`), appended to `.bss` after the pass. */
  private lcommArea(bss: Section): Fragment[] {
    if (!this.lcommFragments) this.lcommFragments = [this.fragments.data(bss)];
    return this.lcommFragments;
  }

  private include(args: string, position: SourcePosition): void {
    const name = unquote(args);
    if (this.frames.filter((f) => f.kind === 'file').length >= MAX_INCLUDE_DEPTH) {
      throw new AsmError(`.include nested too deeply (limit ${MAX_INCLUDE_DEPTH})`, position);
    }
    const found = this.options.resolveInclude(name, position.file);
    if (!found) throw new AsmError(`include file '${name}' not found`, position);
    this.frames.push({
      lines: stripComments(toSourceLines(found.text, found.file)),
      index: 0,
      kind: 'file',
      conditionalDepth: this.conditionals.depth,
    });
  }

  // ---------------------------------------------------------------- macros and repetition

  private startMacro(args: string, argsAt: SourcePosition, at: SourcePosition): void {
    const header = parseMacroHeader(args, argsAt);
    this.collector = {
      kind: 'macro',
      depth: 1,
      lines: [],
      position: at,
      finish: (body) => {
        if (this.macros.has(header.name)) {
          this.diagnostics.error(`macro '${header.name}' is already defined`, at);
          return;
        }
        this.macros.set(header.name, { ...header, body, position: at });
      },
    };
  }

  private expandMacro(macro: MacroDefinition, args: string, position: SourcePosition): void {
    if (this.frames.filter((f) => f.kind === 'macro').length >= MAX_MACRO_DEPTH) {
      throw new AsmError(`macro recursion limit (${MAX_MACRO_DEPTH}) reached in '${macro.name}'`, position);
    }
    const values = bindArguments(macro, args, position);
    const counter = this.macroCounter++;
    this.pushExpansion(
      'macro',
      macro.body.map((l) => ({ ...l, text: substitute(l.text, values, counter) })),
      position,
    );
  }

  private pushExpansion(kind: 'macro' | 'repeat', produced: SourceLine[], position: SourcePosition): void {
    const expansion = this.currentExpansion ?? { file: position.file, line: position.line };
    const lines = produced.map((l) => ({ ...l, expansion }));
    this.expandedLines += lines.length;
    for (const l of lines) this.expandedCharacters += l.text.length;
    if (this.expandedLines > MAX_EXPANDED_LINES || this.expandedCharacters > MAX_EXPANDED_CHARACTERS) {
      this.ended = true;
      this.gaveUp = true;
      throw new AsmError(
        `macro and repeat expansions exceed ${MAX_EXPANDED_LINES} lines or ${MAX_EXPANDED_CHARACTERS} characters; giving up`,
        position,
      );
    }
    this.frames.push({ lines, index: 0, kind, conditionalDepth: this.conditionals.depth });
  }

  /** `.exitm` leaves the innermost macro or repetition (GAS expands both the same way). */
  private exitMacro(position: SourcePosition): void {
    let i = this.frames.length - 1;
    while (i >= 0 && this.frames[i].kind === 'file') i--;
    if (i < 0) {
      this.diagnostics.warning('ignoring macro exit outside a macro definition', position);
      return;
    }
    this.conditionals.truncate(this.frames[i].conditionalDepth);
    this.frames.length = i;
  }

  private startRepeat(name: string, args: string, argsAt: SourcePosition, at: SourcePosition): void {
    let expand: (body: SourceLine[]) => SourceLine[];
    if (name === '.rept') {
      // On a bad count the body is still collected (and dropped), so its `.endr` matches.
      let count = 0n;
      try {
        count = this.absolute(args, argsAt, '.rept count');
        if (count > BigInt(MAX_EXPANDED_LINES))
          throw new AsmError(`.rept count ${count} is too large`, argsAt);
      } catch (e) {
        this.diagnostics.caught(e, argsAt);
        count = 0n;
      }
      expand = (body) => {
        const out: SourceLine[] = [];
        for (let i = 0n; i < count; i++) for (const l of body) out.push(l);
        return out;
      };
    } else {
      const m = /^\s*([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$/.exec(args);
      if (!m) throw new AsmError(`expected ${name} SYMBOL, VALUES`, argsAt);
      const parameter = m[1];
      const values = name === '.irp' ? splitMacroArguments(m[2]).map(unquote) : [...unquote(m[2])];
      if (values.length === 0) values.push('');
      expand = (body) => {
        const out: SourceLine[] = [];
        for (const v of values) {
          const bound = new Map([[parameter, v]]);
          for (const l of body) out.push({ ...l, text: substitute(l.text, bound, undefined) });
        }
        return out;
      };
    }
    this.collector = {
      kind: 'repeat',
      depth: 1,
      lines: [],
      position: at,
      finish: (body) => {
        try {
          this.pushExpansion('repeat', expand(body), at);
        } catch (e) {
          this.diagnostics.caught(e, at);
        }
      },
    };
  }

  // ---------------------------------------------------------------- conditionals

  /** A statement inside a skipped `.if` branch: only conditional nesting is tracked. */
  private skipped(text: string, position: SourcePosition): void {
    const m = /^\s*(?:(?:[A-Za-z_.$][\w.$]*|\d+)\s*:\s*)*(\.[A-Za-z]+)(.*)$/.exec(text);
    const word = m?.[1].toLowerCase();
    if (word === undefined) return;
    if (opensConditional(word)) this.conditionals.open(word, '', position, position, this.conditionInputs);
    else if (continuesConditional(word))
      this.conditionals.continue(word, m![2], position, position, this.conditionInputs);
  }

  /** The first pass as the data directives see it (the current section changes, hence getters). */
  private readonly context: DirectiveContext = (() => {
    const pass = this;
    return {
      get section() {
        return pass.current;
      },
      get codeSize() {
        return pass.codeSize;
      },
      get diagnostics() {
        return pass.diagnostics;
      },
      get fragments() {
        return pass.fragments;
      },
      get env() {
        return pass.env;
      },
      here: () => pass.here(),
      parse: (text: string, position: SourcePosition) => pass.parse(text, position),
      absolute: (text: string, position: SourcePosition, what: string) => pass.absolute(text, position, what),
      emit: (bytes, fixups, position, text, what, fixupPositions) =>
        pass.emit(bytes, fixups, position, text, what, fixupPositions),
    };
  })();

  private readonly conditionInputs: ConditionInputs = {
    isDefined: (name) => {
      const s = this.symbols.get(this.internalName(name));
      return s !== undefined && s.definition.kind !== 'undefined';
    },
    absolute: (text, position) => this.absolute(text, position, 'condition'),
  };
}

/** The internal name of the `count`-th definition of numeric label `n` (cannot clash with source names). */
export function localLabelName(n: string, count: number): string {
  return `.L${n}\u0002${count}`;
}

export function isInternalLocalLabel(name: string): boolean {
  return name.includes('\u0002');
}

/**
 * Whether `a` certainly lies before (-1) or after (1) `b` although fragments of unknown size
 * may lie between: the fixed bytes between them alone must separate them (binutils
 * frag_gtoffset_p). Undefined when they are in different sections or may coincide.
 */
function placeOrder(a: Location, b: Location): -1 | 1 | undefined {
  const section = a.fragment.section;
  if (section !== b.fragment.section) return undefined;
  const ia = section.fragments.indexOf(a.fragment);
  const ib = section.fragments.indexOf(b.fragment);
  if (ia < 0 || ib < 0 || ia === ib) return undefined;
  const [first, second, sign] = ia < ib ? [a, b, -1 as const] : [b, a, 1 as const];
  let gap = -first.offset + second.offset;
  for (let i = Math.min(ia, ib); i < Math.max(ia, ib); i++) {
    const f = section.fragments[i];
    if (f.kind === 'data') gap += f.bytes.length;
  }
  return gap > 0 ? sign : undefined;
}
