export { InvalidArgumentError } from '@vmi386/asm';
export {
  type ElfFile,
  ElfFormatError,
  type ElfSection,
  findSection,
  readElf32,
  symbolValues,
} from '@vmi386/elf';
export { runtimeAddress, USER_CODE_BASE, USER_DATA_BASE, VSYSCALL_BASE } from './address-space.js';
export {
  type BuildGuestOptions,
  buildGuest,
  type GuestBuild,
  type GuestListingEntry,
  KERNEL_LINK_ADDRESS,
  KERNEL_LOAD_ADDRESS,
  KERNEL_SECTION_ORDER,
  PAGE_OFFSET,
} from './build.js';
export { type EntryPath, entryPaths, unreachedPaths } from './entry-paths.js';
export { gnuLinkerScript, KERNEL_MAIN, kernelSources } from './kernel/sources.js';
export { EXPECTED_TRANSCRIPT, PASSING_EXIT_STATUS } from './transcript.js';
