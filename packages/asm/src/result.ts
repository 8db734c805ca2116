import type { SectionFlags, SectionType, SymbolBinding, SymbolType } from './assembler/model.js';
import type { Diagnostic } from './diagnostics.js';

export type { SectionFlags, SectionType, SymbolBinding, SymbolType };

/** A section after layout: its bytes are final except for the fields named by relocations. */
export interface AssembledSection {
  name: string;
  type: SectionType;
  flags: SectionFlags;
  /** Largest alignment requested inside the section, in bytes. */
  alignment: number;
  /** Entry size for mergeable sections (`.section name,"aMS",@progbits,1`), else 0. */
  entrySize: number;
  size: number;
  /** The contents (all zero for `nobits` sections such as `.bss`). */
  bytes: Uint8Array;
}

export interface AssembledSymbol {
  name: string;
  /** Section name, or undefined for undefined symbols, `'*ABS*'` for absolute, `'*COM*'` for common. */
  section: string | undefined;
  /** Offset in the section (absolute value for `*ABS*`, alignment for `*COM*`). */
  value: number;
  binding: SymbolBinding;
  type: SymbolType;
  size: number;
}

export type RelocationType = 'R_386_32' | 'R_386_PC32' | 'R_386_16' | 'R_386_PC16' | 'R_386_8' | 'R_386_PC8';

/**
 * A field the linker must finish. The addend is already in the section bytes (REL, as GAS does).
 * `symbol` is a symbol name, or a section name when `againstSection` is true, or undefined for an
 * absolute pc-relative target.
 */
export interface Relocation {
  section: string;
  offset: number;
  type: RelocationType;
  symbol: string | undefined;
  againstSection: boolean;
}

/** A range of emitted bytes and the statement that produced it. */
export interface ListingEntry {
  section: string;
  offset: number;
  size: number;
  file: string;
  line: number;
  /** The statement's text (after macro substitution). */
  text: string;
  /**
   * For bytes produced inside a `.macro`, `.rept`, `.irp` or `.irpc` expansion (where `file:line`
   * is the line of the macro body): the outermost invocation in the source.
   */
  expansion?: { file: string; line: number };
}

export interface AssembleResult {
  ok: boolean;
  sections: AssembledSection[];
  symbols: AssembledSymbol[];
  relocations: Relocation[];
  listing: ListingEntry[];
  diagnostics: Diagnostic[];
}
