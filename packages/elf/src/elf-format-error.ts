/** Why a file cannot be read as ELF32 little-endian. */
export type ElfErrorCode = 'not-elf' | 'elf64' | 'big-endian' | 'truncated';

export class ElfFormatError extends Error {
  constructor(
    readonly code: ElfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ElfFormatError';
  }
}
