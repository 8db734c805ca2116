// The assembler's in-memory model: sections made of fragments, and symbols that point into them.
// A data fragment has a fixed size; every other fragment kind has a size that is only known once
// addresses are (alignment, relaxable jumps, `.org`, `.skip` with a forward count). Layout gives
// every fragment an address; until then a label is "fragment + offset".

import type { EncodedInstruction, Expr, Fixup, SourcePosition } from '../encoder/interface.js';

export type SectionType = 'progbits' | 'nobits' | 'note' | 'init_array' | 'fini_array' | 'preinit_array';

export interface SectionFlags {
  alloc: boolean;
  write: boolean;
  exec: boolean;
  merge: boolean;
  strings: boolean;
  tls: boolean;
  group: boolean;
}

/** Where an expression's `.` points: a place in a fragment. */
export interface Location {
  fragment: Fragment;
  offset: number;
}

/** A field to fill once values are known; `pcBase` is where pc-relative values count from. */
export interface PendingFixup extends Fixup {
  /** Offset of the field inside its fragment. */
  fieldOffset: number;
  /** Offset (inside the fragment) of the end of the instruction, for pc-relative fields. */
  pcBase: number;
  dot: Location;
  position: SourcePosition;
  /** From a data directive (`.byte`, `.long`…), checked as GAS checks those when resolved late. */
  data: boolean;
}

/** Bytes emitted by one statement, for the listing. */
export interface ListingSpan {
  offset: number;
  size: number;
  expansion?: { file: string; line: number };
  position: SourcePosition;
  text: string;
}

interface FragmentBase {
  id: number;
  section: Section;
  /** Filled by layout. */
  address: number;
  listing: ListingSpan[];
}

export interface DataFragment extends FragmentBase {
  kind: 'data';
  bytes: number[];
  fixups: PendingFixup[];
}

export interface AlignFragment extends FragmentBase {
  kind: 'align';
  alignment: number;
  fill: number | undefined;
  fillSize: 1 | 2 | 4;
  maxSkip: number | undefined;
  /** Pad with NOP instructions of this code size (code sections without an explicit fill). */
  nops: 16 | 32 | undefined;
  position: SourcePosition;
  size: number;
}

export interface RelaxFragment extends FragmentBase {
  kind: 'relax';
  target: Expr;
  short: EncodedInstruction;
  long: EncodedInstruction;
  isLong: boolean;
  dot: Location;
  position: SourcePosition;
  text: string;
  expansion?: { file: string; line: number };
}

/** `.org` (target is an offset in this section) or `.skip`/`.fill` whose count is not yet known. */
export interface SpaceFragment extends FragmentBase {
  kind: 'org' | 'space';
  expr: Expr;
  fill: number;
  dot: Location;
  position: SourcePosition;
  size: number;
}

export type Fragment = DataFragment | AlignFragment | RelaxFragment | SpaceFragment;

export interface Section {
  name: string;
  index: number;
  type: SectionType;
  flags: SectionFlags;
  entrySize: number;
  /** Largest alignment requested in this section (bytes). */
  alignment: number;
  fragments: Fragment[];
  /** The fragment new bytes go to (always the last one, and always a data fragment). */
  current: DataFragment;
  /** Size after layout. */
  size: number;
}

export type SymbolBinding = 'local' | 'global' | 'weak';
export type SymbolType = 'notype' | 'object' | 'function' | 'section' | 'file' | 'tls' | 'common';

export interface AsmSymbol {
  name: string;
  binding: SymbolBinding;
  /** True once `.globl`/`.global` named it (a global stays global even if only referenced). */
  explicitBinding: boolean;
  type: SymbolType;
  size: Expr | undefined;
  sizePosition: SourcePosition | undefined;
  /** Where `.size` was written (its expression's `.`). */
  sizeDot: Location | undefined;
  /** How the symbol got its value. */
  definition:
    | { kind: 'undefined' }
    | { kind: 'label'; location: Location }
    | { kind: 'equated'; expr: Expr; dot: Location; position: SourcePosition }
    | { kind: 'absolute'; value: bigint }
    | { kind: 'common'; size: number; alignment: number };
  /** Defined by `=`/`.set`/`.equ`: may be defined again (as a new version, see FirstPass). */
  redefinable?: boolean;
  /** For `x = sym + constant`: the symbol whose type and size `x` takes when it has none. */
  attributesFrom?: string;
  /** Referenced by an expression (undefined symbols only appear in the output when used). */
  used: boolean;
  /** The position of its definition, for "already defined" diagnostics. */
  definedAt: SourcePosition | undefined;
}
