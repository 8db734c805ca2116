export {
  ElfFormatError,
  type ElfImage,
  type ElfSection,
  type ElfSegment,
  findSection,
  readElf32,
} from './elf.js';
export { gnuLinkerScript, KERNEL_MAIN, kernelSources } from './kernel/sources.js';
export { EXPECTED_TRANSCRIPT, PASSING_EXIT_STATUS } from './transcript.js';
