export { describeValue, InvalidArgumentError } from '@vmi386/invalid-argument';
export { type AssembleOptions, assemble, type SourceFiles } from './assemble.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export { formatDiagnostic } from './diagnostics.js';
export { AsmError, type Expr, type SourcePosition } from './encoder/interface.js';
export { parseExpression } from './expression/parse.js';
export {
  type ElfExecutable,
  type ElfExecutableOptions,
  type LinkedSection,
  linkElfExecutable,
} from './output/elf-executable.js';
export { writeElfRelocatable } from './output/elf-relocatable.js';
export { type FlatImage, type FlatLinkOptions, linkFlat } from './output/flat.js';
export type { LinkedSymbol } from './output/link.js';
export { formatListing } from './output/listing.js';
export type {
  AssembledSection,
  AssembledSymbol,
  AssembleResult,
  ListingEntry,
  Relocation,
  RelocationType,
  SectionFlags,
  SectionType,
  SymbolBinding,
  SymbolType,
} from './result.js';
