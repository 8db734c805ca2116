export * from './constants.js';
export { type ElfErrorCode, ElfFormatError } from './elf-format-error.js';
export {
  type ElfFile,
  type ElfHeader,
  type ElfProgramHeader,
  type ElfRelocation,
  type ElfSection,
  type ElfSymbol,
  findSection,
  readElf32,
  readElf32Header,
  symbolValues,
} from './elf32.js';
