export { type HookSite, MACH_ASM_HEADER, type MachBackend } from './backend.js';
export {
  type ConformanceAssembler,
  type ConformanceCase,
  checkConformance,
  conformanceCases,
  definedMacros,
  missingMacros,
  stringMacroValue,
} from './conformance.js';
export { asmConformanceAssembler } from './conformance-assembler.js';
export { type MacroKind, type MacroSpec, vocabulary, vocabularyEntry } from './vocabulary.js';
