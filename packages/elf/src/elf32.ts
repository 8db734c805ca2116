/**
 * ELF32 little-endian, read as the System V ABI names it (the field names are the spec's, without
 * their `e_`/`p_`/`sh_`/`st_`/`r_` prefixes, as readelf prints them).
 */

import { InvalidArgumentError, isRecord } from '@vmi386/invalid-argument';
import {
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_REL,
  SHT_SYMTAB,
  STT_FILE,
  STT_SECTION,
} from './constants.js';
import { ElfFormatError } from './elf-format-error.js';

export interface ElfProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

/** What a boot loader needs: the ELF header and the program headers. */
export interface ElfHeader {
  /** e_type: ET_EXEC, ET_REL, … */
  type: number;
  /** e_machine: EM_386, … */
  machine: number;
  entry: number;
  programHeaders: ElfProgramHeader[];
}

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** The contents in the file (a view, not a copy); empty for SHT_NOBITS. */
  bytes: Uint8Array;
}

export interface ElfSymbol {
  /** A section symbol (STT_SECTION) is named after its section, as readelf shows it. */
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  shndx: number;
  /** The section's name, `*ABS*`, `*COM*`, or undefined for an undefined symbol. */
  section: string | undefined;
}

export interface ElfRelocation {
  /** The section the relocation applies to. */
  section: string;
  offset: number;
  type: number;
  symbol: string;
}

export interface ElfFile extends ElfHeader {
  sections: ElfSection[];
  symbols: ElfSymbol[];
  relocations: ElfRelocation[];
}

function view(file: Uint8Array): { u16: (at: number) => number; u32: (at: number) => number } {
  const data = new DataView(file.buffer, file.byteOffset, file.byteLength);
  return { u16: (at) => data.getUint16(at, true), u32: (at) => data.getUint32(at, true) };
}

/**
 * The ELF header and program headers of `file`. Throws `ElfFormatError` for a file that is not
 * ELF32 little-endian or whose program header table is cut short. Sections are not looked at (a
 * boot loader does not need them, and QEMU boots images whose section table is damaged).
 */
export function readElf32Header(file: Uint8Array): ElfHeader {
  const given: unknown = file;
  if (!(given instanceof Uint8Array)) {
    const hint =
      isRecord(given) && given.image instanceof Uint8Array ? 'pass the bytes: readElf32(guest.image)' : '';
    throw new InvalidArgumentError('readElf32', "the file's bytes as a Uint8Array", given, hint);
  }
  if (file.length < 16 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46) {
    throw new ElfFormatError('not-elf', 'not an ELF file (no \\x7fELF magic)');
  }
  if (file[4] === 2) throw new ElfFormatError('elf64', 'a 64-bit ELF file; an i386 machine needs ELF32');
  if (file[4] !== 1) throw new ElfFormatError('not-elf', `unknown ELF class ${file[4]}`);
  if (file[5] !== 1) throw new ElfFormatError('big-endian', 'a big-endian ELF file; i386 is little-endian');
  if (file.length < 52) throw new ElfFormatError('truncated', 'the ELF header is cut short');
  const { u16, u32 } = view(file);
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum > 0 && phentsize < 32) {
    throw new ElfFormatError('truncated', `program header entries of ${phentsize} bytes`);
  }
  if (phoff + phnum * phentsize > file.length) {
    throw new ElfFormatError('truncated', 'the program header table runs past the end of the file');
  }
  const programHeaders: ElfProgramHeader[] = [];
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
      align: u32(at + 28),
    });
  }
  return { type: u16(16), machine: u16(18), entry: u32(24), programHeaders };
}

/**
 * The whole file: header, program headers, sections with their names and contents, the symbol
 * table and the REL relocations. Throws `ElfFormatError` when any table or section's contents run
 * past the end of the file.
 */
export function readElf32(file: Uint8Array): ElfFile {
  const header = readElf32Header(file);
  const { u16, u32 } = view(file);
  const shoff = u32(32);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);
  if (shnum > 0 && (shentsize < 40 || shoff + shnum * shentsize > file.length || shstrndx >= shnum)) {
    throw new ElfFormatError(
      'truncated',
      'the section header table is malformed or runs past the end of the file',
    );
  }
  const sections: ElfSection[] = [];
  for (let index = 0; index < shnum; index++) {
    const at = shoff + index * shentsize;
    const type = u32(at + 4);
    const offset = u32(at + 16);
    const size = u32(at + 20);
    if (type !== SHT_NOBITS && offset + size > file.length) {
      throw new ElfFormatError('truncated', `section ${index}'s contents run past the end of the file`);
    }
    sections.push({
      index,
      name: '',
      type,
      flags: u32(at + 8),
      addr: u32(at + 12),
      offset,
      size,
      link: u32(at + 24),
      info: u32(at + 28),
      addralign: u32(at + 32),
      entsize: u32(at + 36),
      bytes: type === SHT_NOBITS ? new Uint8Array(0) : file.subarray(offset, offset + size),
    });
  }
  const sectionNames = sections[shstrndx]?.bytes ?? new Uint8Array(0);
  sections.forEach((section, index) => {
    section.name = cString(sectionNames, u32(shoff + index * shentsize));
  });

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    const strings = sections[symtab.link]?.bytes ?? new Uint8Array(0);
    for (let at = symtab.offset; at + 16 <= symtab.offset + symtab.size; at += 16) {
      const info = file[at + 12] as number;
      const shndx = u16(at + 14);
      const type = info & 15;
      symbols.push({
        name: type === STT_SECTION ? (sections[shndx]?.name ?? '') : cString(strings, u32(at)),
        value: u32(at + 4),
        size: u32(at + 8),
        bind: info >> 4,
        type,
        shndx,
        section:
          shndx === SHN_UNDEF
            ? undefined
            : shndx === SHN_ABS
              ? '*ABS*'
              : shndx === SHN_COMMON
                ? '*COM*'
                : sections[shndx]?.name,
      });
    }
  }

  const relocations: ElfRelocation[] = [];
  for (const rel of sections.filter((s) => s.type === SHT_REL)) {
    for (let at = rel.offset; at + 8 <= rel.offset + rel.size; at += 8) {
      const info = u32(at + 4);
      relocations.push({
        section: sections[rel.info]?.name ?? '',
        offset: u32(at),
        type: info & 0xff,
        symbol: symbols[info >>> 8]?.name ?? '',
      });
    }
  }
  return { ...header, sections, symbols, relocations };
}

/** The section called `name`, or undefined. */
export function findSection(file: Pick<ElfFile, 'sections'>, name: string): ElfSection | undefined {
  return file.sections.find((s) => s.name === name);
}

/** Named symbols (no section or file symbols) as name → value. */
export function symbolValues(file: Pick<ElfFile, 'symbols'>): Record<string, number> {
  const values: Record<string, number> = {};
  for (const symbol of file.symbols) {
    if (symbol.name && symbol.type !== STT_SECTION && symbol.type !== STT_FILE)
      values[symbol.name] = symbol.value;
  }
  return values;
}

function cString(table: Uint8Array, at: number): string {
  let end = at;
  while (end < table.length && table[end] !== 0) end++;
  return new TextDecoder().decode(table.subarray(at, end));
}
