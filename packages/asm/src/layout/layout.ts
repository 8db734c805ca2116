// After the first pass: give every fragment an address (growing short jumps that cannot reach
// their target, as GAS's relax_segment does), then fill every fixup with its value or turn it
// into a relocation, and build the symbol table and the listing.

import { isInternalLocalLabel } from '../assembler/assembler.js';
import { type EvaluationEnvironment, evaluate } from '../assembler/evaluate.js';
import type {
  AsmSymbol,
  Fragment,
  Location,
  PendingFixup,
  RelaxFragment,
  Section,
} from '../assembler/model.js';
import { addValues, type Term, type Value } from '../assembler/value.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { AsmError, type EncodedInstruction, type SourcePosition } from '../encoder/interface.js';
import type {
  AssembledSection,
  AssembledSymbol,
  ListingEntry,
  Relocation,
  RelocationType,
} from '../result.js';
import { buildListing } from './listing.js';
import { nopPadding } from './nops.js';
import { buildSymbolTable } from './symbol-table.js';

/** Relaxation only grows jumps, so it converges; this bound only guards against a bug. */
const MAX_RELAX_PASSES = 1000;

export interface LaidOut {
  sections: AssembledSection[];
  symbols: AssembledSymbol[];
  relocations: Relocation[];
  listing: ListingEntry[];
}

export interface LayoutInput {
  sections: readonly Section[];
  /** Every symbol by internal name (numeric local labels and redefined `=` symbols included). */
  symbols: ReadonlyMap<string, AsmSymbol>;
  symbol(name: string): AsmSymbol;
  /** The name a symbol gets in the output, or undefined when it is not output. */
  outputName(internal: string): string | undefined;
}

export function layout(input: LayoutInput, sink: DiagnosticSink): LaidOut {
  return new Layout(input, sink).run();
}

class Layout {
  /** The pass in which each fragment last got its address (relaxation's "relax marker"). */
  private readonly seenInPass = new Map<Fragment, number>();
  private pass = 0;
  private relaxing: Section | undefined;
  private stretch = 0;
  private readonly relocations: Relocation[] = [];

  constructor(
    private readonly input: LayoutInput,
    private readonly sink: DiagnosticSink,
  ) {}

  run(): LaidOut {
    for (const section of this.input.sections) this.relaxSection(section);
    const sections = this.input.sections.map((s) => this.emitSection(s));
    return {
      sections,
      // After relaxation the estimate is the final address: the same environment serves.
      symbols: buildSymbolTable(this.input, this.relaxEnvironment, this.sink),
      relocations: this.relocations,
      listing: buildListing(this.input.sections),
    };
  }

  // ------------------------------------------------------------------ relaxation

  /**
   * Where relaxation believes a fragment is (binutils write.c relax_frag): a fragment not yet
   * reached in this pass is assumed to move by the growth so far (`stretch`), unless an
   * alignment or `.org` lies between the jump and it (another "region"): the alignment may
   * absorb the growth, so GAS keeps the old address there.
   */
  private estimatedAddress(fragment: Fragment): number {
    if (fragment.section !== this.relaxing || this.seenInPass.get(fragment) === this.pass) {
      return fragment.address;
    }
    const jump = this.currentJump;
    if (this.stretch < 0 || jump === undefined || this.regions.get(fragment) === this.regions.get(jump)) {
      return fragment.address + this.stretch;
    }
    this.acrossRegion = true;
    return fragment.address;
  }

  /** The jump whose reach is being evaluated, and whether its target lies in a later region. */
  private currentJump: RelaxFragment | undefined;
  private acrossRegion = false;
  private readonly regions = new Map<Fragment, number>();

  private readonly relaxEnvironment: EvaluationEnvironment = {
    final: true,
    symbol: (name) => this.input.symbol(name),
    labelValue: (symbol, location) =>
      symbol.binding === 'weak' ? symbolTerm(symbol) : this.sectionValue(location, true),
    locationValue: (location) => this.sectionValue(location, true),
  };

  private readonly finalEnvironment: EvaluationEnvironment = {
    final: true,
    symbol: (name) => {
      const s = this.input.symbol(name);
      s.used = true;
      if (s.definition.kind === 'undefined' && isInternalLocalLabel(name)) {
        const label = name.slice(2, name.indexOf('\u0002'));
        throw new AsmError(`local label '${label}:' is not defined (referenced as ${label}f)`, noPosition);
      }
      return s;
    },
    labelValue: (symbol, location) =>
      symbol.binding !== 'local' && !isInternalLocalLabel(symbol.name)
        ? symbolTerm(symbol)
        : this.sectionValue(location, false),
    locationValue: (location) => this.sectionValue(location, false),
  };

  private sectionValue(location: Location, estimate: boolean): Value {
    const address = estimate ? this.estimatedAddress(location.fragment) : location.fragment.address;
    return {
      constant: BigInt(address + location.offset),
      terms: [{ base: { kind: 'section', section: location.fragment.section }, coefficient: 1n }],
    };
  }

  private relaxSection(section: Section): void {
    this.relaxing = section;
    // First layout: every jump short (or long when its target is elsewhere).
    for (const f of section.fragments) if (f.kind === 'relax') f.isLong = !this.targetInSection(f);
    let region = 0;
    for (const f of section.fragments) {
      this.regions.set(f, region);
      if (f.kind === 'align' || f.kind === 'org') region++;
    }
    this.pass = 0;
    this.assignAddresses(section, false);
    for (this.pass = 1; this.pass <= MAX_RELAX_PASSES; this.pass++) {
      if (!this.assignAddresses(section, true)) break;
    }
    if (this.pass > MAX_RELAX_PASSES) {
      this.sink.error(
        `relaxation of section '${section.name}' did not converge`,
        section.fragments[0].listing[0]?.position ?? noPosition,
      );
    }
    this.assignAddresses(section, false, true);
    this.relaxing = undefined;
  }

  private targetInSection(f: RelaxFragment): boolean {
    try {
      const v = evaluate(f.target, f.dot, this.relaxEnvironment, f.position);
      return (
        v !== undefined &&
        v.terms.length === 1 &&
        v.terms[0].coefficient === 1n &&
        isSectionTerm(v.terms[0], f.section)
      );
    } catch {
      return false;
    }
  }

  /** One pass over the section; returns true when some jump grew. */
  private assignAddresses(section: Section, relax: boolean, report = false): boolean {
    let address = 0;
    let grew = false;
    this.stretch = 0;
    for (const f of section.fragments) {
      this.stretch = address - f.address;
      f.address = address;
      this.seenInPass.set(f, this.pass);
      if (relax && f.kind === 'relax' && !f.isLong && !this.shortReaches(f)) {
        f.isLong = true;
        grew = true;
      }
      address += this.fragmentSize(f, report);
    }
    section.size = address;
    return grew;
  }

  private shortReaches(f: RelaxFragment): boolean {
    this.currentJump = f;
    this.acrossRegion = false;
    const v = evaluate(f.target, f.dot, this.relaxEnvironment, f.position);
    this.currentJump = undefined;
    if (v === undefined || v.terms.length !== 1 || !isSectionTerm(v.terms[0], f.section)) return false;
    const target = Number(v.constant);
    // A forward target behind an alignment that now looks backward: GAS leaves the jump alone
    // in this pass rather than trust the estimate.
    if (this.acrossRegion && target < f.address) return true;
    const distance = target - (f.address + f.short.bytes.length);
    return distance >= -128 && distance <= 127;
  }

  private fragmentSize(f: Fragment, report: boolean): number {
    switch (f.kind) {
      case 'data':
        return f.bytes.length;
      case 'relax':
        return (f.isLong ? f.long : f.short).bytes.length;
      case 'align': {
        const misalignment = f.address % f.alignment;
        let pad = misalignment === 0 ? 0 : f.alignment - misalignment;
        if (f.maxSkip !== undefined && pad > f.maxSkip) pad = 0;
        if (report && f.fill !== undefined && pad % f.fillSize !== 0) {
          this.sink.error(`alignment padding (${pad} bytes) not a multiple of ${f.fillSize}`, f.position);
        }
        f.size = pad;
        return pad;
      }
      case 'org':
      case 'space': {
        f.size = 0;
        try {
          const v = evaluate(f.expr, f.dot, this.relaxEnvironment, f.position);
          if (!v) throw new AsmError('expression is not known', f.position);
          let target: number;
          if (v.terms.length === 0) target = Number(v.constant);
          else if (f.kind === 'org' && v.terms.length === 1 && isSectionTerm(v.terms[0], f.section))
            target = Number(v.constant);
          else
            throw new AsmError(
              f.kind === 'org' ? '.org needs an offset in this section' : '.skip needs an absolute size',
              f.position,
            );
          const size = f.kind === 'org' ? target - f.address : target;
          if (size < 0) {
            if (report) {
              this.sink.error(
                f.kind === 'org'
                  ? `.org moves the location counter backwards (from ${f.address} to ${target})`
                  : '.skip size is negative',
                f.position,
              );
            }
            return 0;
          }
          if (size > 64 * 1024 * 1024) throw new AsmError('.org/.skip too large', f.position);
          f.size = size;
          return size;
        } catch (e) {
          if (report) this.sink.caught(e, f.position);
          return 0;
        }
      }
    }
  }

  // ------------------------------------------------------------------ bytes and fixups

  private emitSection(section: Section): AssembledSection {
    const bytes = new Uint8Array(section.size);
    for (const f of section.fragments) {
      switch (f.kind) {
        case 'data':
          bytes.set(f.bytes, f.address);
          for (const fixup of f.fixups) this.applyFixup(bytes, section, f.address, fixup);
          break;
        case 'relax': {
          const form: EncodedInstruction = f.isLong ? f.long : f.short;
          bytes.set(form.bytes, f.address);
          if (!f.isLong || this.targetInSection(f)) {
            // A jump whose target is in this section (also a global one, not weak) is resolved
            // here in either form: GAS emits no relocation for it once relaxed (measured).
            try {
              this.writeJump(bytes, f, form);
            } catch (e) {
              this.sink.caught(e, f.position);
            }
            break;
          }
          for (const fixup of form.fixups) {
            this.applyFixup(bytes, section, f.address, {
              ...fixup,
              fieldOffset: fixup.offset,
              pcBase: form.bytes.length,
              dot: f.dot,
              position: f.position,
              data: false,
            });
          }
          break;
        }
        case 'align':
          bytes.set(alignmentPadding(f.size, f.nops, f.fill, f.fillSize), f.address);
          break;
        case 'org':
        case 'space':
          bytes.fill(f.fill, f.address, f.address + f.size);
          break;
      }
    }
    if (section.type === 'nobits') bytes.fill(0);
    return {
      name: section.name,
      type: section.type,
      flags: { ...section.flags },
      alignment: section.alignment,
      entrySize: section.entrySize,
      size: section.size,
      bytes,
    };
  }

  private writeJump(bytes: Uint8Array, f: RelaxFragment, form: EncodedInstruction): void {
    const v = evaluate(f.target, f.dot, this.relaxEnvironment, f.position);
    const fixup = form.fixups[0];
    if (!v || !fixup) throw new AsmError('internal: jump without target', f.position);
    const distance = v.constant - BigInt(f.address + form.bytes.length);
    const limit = 1n << BigInt(fixup.size * 8 - 1);
    if (distance < -limit || distance >= limit) {
      throw new AsmError(`jump target out of range (${distance} bytes)`, f.position);
    }
    writeLittleEndian(bytes, f.address + fixup.offset, fixup.size, distance);
  }

  /** Resolves one fixup: writes its value, or the addend of a relocation (REL, like GAS). */
  private applyFixup(bytes: Uint8Array, section: Section, base: number, fixup: PendingFixup): void {
    const field = base + fixup.fieldOffset;
    const next = base + fixup.pcBase;
    try {
      const raw = evaluate(fixup.expr, fixup.dot, this.finalEnvironment, fixup.position);
      if (!raw) throw new AsmError('expression cannot be evaluated', fixup.position);
      const v = foldDifferences(raw);
      let stored: bigint;
      if (v.terms.length === 0) {
        if (fixup.pcRelative) {
          // An absolute jump target from relocatable code: GAS leaves a relocation without symbol.
          this.relocate(section, field, fixup, undefined, false);
          stored = v.constant - BigInt(next - field);
        } else stored = v.constant;
      } else if (v.terms.length === 1 && v.terms[0].coefficient === 1n) {
        const term = v.terms[0];
        if (fixup.pcRelative && isSectionTerm(term, section)) {
          stored = v.constant - BigInt(next);
          checkRange(stored, fixup, this.sink);
          writeLittleEndian(bytes, field, fixup.size, stored);
          return;
        }
        this.relocateTerm(section, field, fixup, term, fixup.pcRelative);
        stored = fixup.pcRelative ? v.constant - BigInt(next - field) : v.constant;
        writeLittleEndian(bytes, field, fixup.size, stored);
        return;
      } else if (
        !fixup.pcRelative &&
        v.terms.length <= 2 &&
        v.terms.some((t) => t.coefficient === -1n && isSectionTerm(t, section))
      ) {
        // `sym - .` (or `sym - label` with the label in this section): a pc-relative relocation,
        // against nothing (GAS's *ABS*) for `constant - .`.
        const target = v.terms.find((t) => t.coefficient === 1n);
        if (!target && v.terms.length === 2) {
          throw new AsmError('expression cannot be represented as a relocation', fixup.position);
        }
        if (target) this.relocateTerm(section, field, { ...fixup, pcRelative: true }, target, true);
        else this.relocate(section, field, { ...fixup, pcRelative: true }, undefined, false);
        stored = v.constant + BigInt(field);
        writeLittleEndian(bytes, field, fixup.size, stored);
        return;
      } else {
        throw new AsmError(
          'expression cannot be represented as a relocation (it mixes sections or symbols)',
          fixup.position,
        );
      }
      if (fixup.data) checkDataField(stored, fixup);
      else checkRange(stored, fixup, this.sink);
      writeLittleEndian(bytes, field, fixup.size, stored);
    } catch (e) {
      this.sink.caught(e, fixup.position);
    }
  }

  private relocateTerm(
    section: Section,
    field: number,
    fixup: PendingFixup,
    term: Term,
    pcRelative: boolean,
  ): void {
    if (term.base.kind === 'symbol') {
      term.base.symbol.used = true;
      this.relocate(
        section,
        field,
        { ...fixup, pcRelative },
        this.input.outputName(term.base.symbol.name) ?? term.base.symbol.name,
        false,
      );
    } else if (term.base.kind === 'section')
      this.relocate(section, field, { ...fixup, pcRelative }, term.base.section.name, true);
    else throw new AsmError('internal: fragment base after layout', fixup.position);
  }

  private relocate(
    section: Section,
    offset: number,
    fixup: PendingFixup,
    symbol: string | undefined,
    againstSection: boolean,
  ): void {
    this.relocations.push({
      section: section.name,
      offset,
      type: relocationType(fixup.size, fixup.pcRelative),
      symbol,
      againstSection,
    });
  }
}

const noPosition: SourcePosition = { file: '', line: 0, column: 0 };

function symbolTerm(symbol: AsmSymbol): Value {
  return { constant: 0n, terms: [{ base: { kind: 'symbol', symbol }, coefficient: 1n }] };
}

function isSectionTerm(t: Term, section: Section): boolean {
  return t.base.kind === 'section' && t.base.section === section;
}

/**
 * A global symbol stays symbolic in relocations, but a difference with a label of the same
 * section cancels (`g - .` is a constant, like in GAS). Folds such symbols into their section.
 */
function foldDifferences(v: Value): Value {
  let result = v;
  for (const t of v.terms) {
    if (t.base.kind !== 'symbol') continue;
    const d = t.base.symbol.definition;
    if (d.kind !== 'label') continue;
    const section = d.location.fragment.section;
    const opposite = result.terms.some((u) => isSectionTerm(u, section) && u.coefficient === -t.coefficient);
    if (!opposite) continue;
    const address = BigInt(d.location.fragment.address + d.location.offset);
    const asSection: Value = {
      constant: address * t.coefficient,
      terms: [{ base: { kind: 'section', section }, coefficient: t.coefficient }],
    };
    const without: Value = { constant: result.constant, terms: result.terms.filter((u) => u !== t) };
    result = addValues(without, asSection, 1n);
  }
  return result;
}

/**
 * A data value resolved after the first pass must fit its field signed or unsigned, or GAS
 * stops with an error (a value known at once only gets a "truncated" warning).
 */
function checkDataField(value: bigint, fixup: PendingFixup): void {
  const mask = BigInt.asUintN(64, ~((1n << BigInt(fixup.size * 8)) - 1n));
  const high = BigInt.asUintN(64, value) & mask;
  if (high !== 0n && high !== mask) {
    const bytes = fixup.size === 1 ? 'byte' : 'bytes';
    throw new AsmError(`value of ${value} too large for field of ${fixup.size} ${bytes}`, fixup.position);
  }
}

function relocationType(size: 1 | 2 | 4, pcRelative: boolean): RelocationType {
  if (size === 4) return pcRelative ? 'R_386_PC32' : 'R_386_32';
  if (size === 2) return pcRelative ? 'R_386_PC16' : 'R_386_16';
  return pcRelative ? 'R_386_PC8' : 'R_386_8';
}

function checkRange(value: bigint, fixup: PendingFixup, sink: DiagnosticSink): void {
  const bits = BigInt(fixup.size * 8);
  const signedMin = -(1n << (bits - 1n));
  const signedMax = (1n << (bits - 1n)) - 1n;
  const unsignedMax = (1n << bits) - 1n;
  const ok =
    fixup.range === 'signed'
      ? value >= signedMin && value <= signedMax
      : fixup.range === 'unsigned'
        ? value >= 0n && value <= unsignedMax
        : value >= signedMin && value <= unsignedMax;
  if (!ok) sink.error(`value ${value} is out of range for a ${fixup.size}-byte field`, fixup.position);
}

function writeLittleEndian(bytes: Uint8Array, at: number, size: number, value: bigint): void {
  for (let i = 0; i < size; i++) bytes[at + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

function alignmentPadding(
  size: number,
  nops: 16 | 32 | undefined,
  fill: number | undefined,
  fillSize: number,
): number[] {
  if (size === 0) return [];
  if (nops) return nopPadding(size, nops);
  if (fill === undefined) return new Array(size).fill(0);
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push((fill >>> (8 * (i % fillSize))) & 0xff);
  return out;
}
