import type { SectionFlags, SectionType, SymbolBinding, SymbolType } from '../assembler/model.js';
import type { RelocationType } from '../result.js';

export const ELF_HEADER_SIZE = 52;
export const SECTION_HEADER_SIZE = 40;
export const PROGRAM_HEADER_SIZE = 32;
export const SYMBOL_SIZE = 16;
export const REL_SIZE = 8;

export const SHT = {
  NULL: 0,
  PROGBITS: 1,
  SYMTAB: 2,
  STRTAB: 3,
  NOTE: 7,
  NOBITS: 8,
  REL: 9,
  INIT_ARRAY: 14,
  FINI_ARRAY: 15,
  PREINIT_ARRAY: 16,
};
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHF_INFO_LINK = 0x40;

export const RELOCATION_NUMBERS: Record<RelocationType, number> = {
  R_386_32: 1,
  R_386_PC32: 2,
  R_386_16: 20,
  R_386_PC16: 21,
  R_386_8: 22,
  R_386_PC8: 23,
};

export function sectionTypeNumber(type: SectionType): number {
  return {
    progbits: SHT.PROGBITS,
    nobits: SHT.NOBITS,
    note: SHT.NOTE,
    init_array: SHT.INIT_ARRAY,
    fini_array: SHT.FINI_ARRAY,
    preinit_array: SHT.PREINIT_ARRAY,
  }[type];
}

export function sectionFlagBits(f: SectionFlags): number {
  return (
    (f.write ? 1 : 0) |
    (f.alloc ? 2 : 0) |
    (f.exec ? 4 : 0) |
    (f.merge ? 0x10 : 0) |
    (f.strings ? 0x20 : 0) |
    (f.group ? 0x200 : 0) |
    (f.tls ? 0x400 : 0)
  );
}

export function symbolInfo(binding: SymbolBinding, type: SymbolType | 'section'): number {
  const b = binding === 'local' ? 0 : binding === 'global' ? 1 : 2;
  const t = { notype: 0, object: 1, function: 2, section: 3, file: 4, common: 5, tls: 6 }[type];
  return (b << 4) | t;
}

/** Writes the 52-byte ELF32 i386 little-endian header. */
export function elfHeader(
  w: { u8(v: number): void; u16(v: number): void; u32(v: number): void },
  fields: {
    type: 1 | 2;
    entry: number;
    phoff: number;
    shoff: number;
    phnum: number;
    shnum: number;
    shstrndx: number;
  },
): void {
  for (const b of [0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]) w.u8(b);
  for (let i = 0; i < 8; i++) w.u8(0);
  w.u16(fields.type);
  w.u16(3); // EM_386
  w.u32(1);
  w.u32(fields.entry);
  w.u32(fields.phoff);
  w.u32(fields.shoff);
  w.u32(0);
  w.u16(ELF_HEADER_SIZE);
  w.u16(fields.phnum ? PROGRAM_HEADER_SIZE : 0);
  w.u16(fields.phnum);
  w.u16(SECTION_HEADER_SIZE);
  w.u16(fields.shnum);
  w.u16(fields.shstrndx);
}
