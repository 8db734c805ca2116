/** The parts of an ELF32 file a boot loader needs (System V ABI, "ELF Header" and "Program Header"). */
export interface Elf32ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

export interface Elf32Image {
  type: number;
  machine: number;
  entry: number;
  programHeaders: Elf32ProgramHeader[];
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const EM_386 = 3;
export const EM_X86_64 = 62;
export const ET_EXEC = 2;

export type ElfErrorCode = 'not-elf' | 'elf64' | 'big-endian' | 'truncated' | 'bad-segment';

/** Why an ELF image cannot be read. */
export class ElfFormatError extends Error {
  constructor(
    readonly code: ElfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ElfFormatError';
  }
}

/** Parses the ELF header and program headers of `file`; throws `ElfFormatError` for a malformed file. */
export function parseElf32(file: Uint8Array): Elf32Image {
  if (file.length < 16 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46) {
    throw new ElfFormatError('not-elf', 'not an ELF file (no \\x7fELF magic)');
  }
  if (file[4] === 2) throw new ElfFormatError('elf64', 'a 64-bit ELF image; an i386 machine needs ELF32');
  if (file[4] !== 1) throw new ElfFormatError('not-elf', `unknown ELF class ${file[4]}`);
  if (file[5] !== 1) throw new ElfFormatError('big-endian', 'a big-endian ELF image; i386 is little-endian');
  if (file.length < 52) throw new ElfFormatError('truncated', 'the ELF header is cut short');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum > 0 && phentsize < 32)
    throw new ElfFormatError('truncated', `program header entries of ${phentsize} bytes`);
  if (phoff + phnum * phentsize > file.length) {
    throw new ElfFormatError('truncated', 'the program header table runs past the end of the file');
  }
  const programHeaders: Elf32ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    programHeaders.push({
      type: u32(at),
      offset: u32(at + 4),
      vaddr: u32(at + 8),
      paddr: u32(at + 12),
      filesz: u32(at + 16),
      memsz: u32(at + 20),
      flags: u32(at + 24),
    });
  }
  return { type: u16(16), machine: u16(18), entry: u32(24), programHeaders };
}

/** One section header of an ELF32 file (System V ABI, "Sections"), with its name resolved. */
export interface Elf32Section {
  name: string;
  /** sh_type (1 = PROGBITS, 8 = NOBITS, …). */
  type: number;
  /** Linked address. */
  addr: number;
  /** Where its contents are in the file. */
  offset: number;
  size: number;
}

/**
 * The section headers of `file` (a boot loader does not need them; a hypervisor reading a guest's
 * annotation section does). Throws `ElfFormatError` for a table that is cut short or malformed.
 */
export function readElf32Sections(file: Uint8Array): Elf32Section[] {
  parseElf32(file); // the ELF header itself must be sound
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const shoff = view.getUint32(32, true);
  const shentsize = view.getUint16(46, true);
  const shnum = view.getUint16(48, true);
  const shstrndx = view.getUint16(50, true);
  if (shnum === 0) return [];
  if (shentsize < 40 || shoff + shnum * shentsize > file.length || shstrndx >= shnum) {
    throw new ElfFormatError(
      'truncated',
      'the section header table is malformed or runs past the end of the file',
    );
  }
  const header = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      name: view.getUint32(at, true),
      type: view.getUint32(at + 4, true),
      addr: view.getUint32(at + 12, true),
      offset: view.getUint32(at + 16, true),
      size: view.getUint32(at + 20, true),
    };
  };
  const strings = header(shstrndx).offset;
  const decoder = new TextDecoder();
  const nameAt = (offset: number) => {
    let end = strings + offset;
    while (end < file.length && file[end] !== 0) end++;
    return decoder.decode(file.subarray(strings + offset, end));
  };
  return Array.from({ length: shnum }, (_, i) => {
    const h = header(i);
    return { ...h, name: nameAt(h.name) };
  });
}
