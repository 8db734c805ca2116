export { MACH_ASM_HEADER, type MachBackend } from './backend.js';
export {
  type ConformanceCase,
  conformanceCases,
  definedMacros,
  missingMacros,
  stringMacroValue,
} from './conformance.js';
export { type MacroKind, type MacroSpec, vocabulary, vocabularyEntry } from './vocabulary.js';
