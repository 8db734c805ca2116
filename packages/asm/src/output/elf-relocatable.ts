// ELF32 ET_REL output in the shape GNU as writes it: the assembled sections, a `.rel.NAME`
// section after each section with relocations (REL: addends live in the section bytes), then
// `.symtab`, `.strtab` and `.shstrtab`. `ld -m elf_i386` links it.

import { checkAssembleResult } from '../argument-checks.js';
import type { AssembleResult } from '../result.js';
import { ByteWriter, StringTable } from './byte-writer.js';
import {
  ELF_HEADER_SIZE,
  elfHeader,
  REL_SIZE,
  RELOCATION_NUMBERS,
  SHF_INFO_LINK,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT,
  SYMBOL_SIZE,
  sectionFlagBits,
  sectionTypeNumber,
  symbolInfo,
} from './elf-constants.js';

interface SectionHeader {
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  alignment: number;
  entrySize: number;
}

export function writeElfRelocatable(result: AssembleResult): Uint8Array {
  checkAssembleResult('writeElfRelocatable', result);
  const w = new ByteWriter();
  const headers: SectionHeader[] = [
    { name: '', type: SHT.NULL, flags: 0, offset: 0, size: 0, link: 0, info: 0, alignment: 0, entrySize: 0 },
  ];
  for (let i = 0; i < ELF_HEADER_SIZE; i++) w.u8(0);

  // Section indices: each section, followed by its .rel section when it has relocations.
  const sectionIndex = new Map<string, number>();
  const relocatedSections = new Set(result.relocations.map((r) => r.section));
  let next = 1;
  for (const s of result.sections) {
    sectionIndex.set(s.name, next++);
    if (relocatedSections.has(s.name)) next++;
  }
  const symtabIndex = next;
  const strtabIndex = next + 1;
  const shstrtabIndex = next + 2;

  // Symbols: null, section symbols (for relocations against sections), locals, then globals.
  const strtab = new StringTable();
  const symtab = new ByteWriter();
  const symbolIndex = new Map<string, number>();
  const sectionSymbolIndex = new Map<string, number>();
  let count = 0;
  const addSymbol = (name: number, value: number, size: number, info: number, shndx: number) => {
    symtab.u32(name);
    symtab.u32(value);
    symtab.u32(size);
    symtab.u8(info);
    symtab.u8(0);
    symtab.u16(shndx);
    return count++;
  };
  addSymbol(0, 0, 0, 0, 0);
  for (const name of new Set(result.relocations.filter((r) => r.againstSection).map((r) => r.symbol!))) {
    sectionSymbolIndex.set(
      name,
      addSymbol(0, 0, 0, symbolInfo('local', 'section'), sectionIndex.get(name) ?? SHN_UNDEF),
    );
  }
  const shndx = (section: string | undefined) =>
    section === undefined
      ? SHN_UNDEF
      : section === '*ABS*'
        ? SHN_ABS
        : section === '*COM*'
          ? SHN_COMMON
          : (sectionIndex.get(section) ?? SHN_UNDEF);
  const locals = result.symbols.filter((s) => s.binding === 'local');
  const globals = result.symbols.filter((s) => s.binding !== 'local');
  for (const s of locals) {
    symbolIndex.set(
      s.name,
      addSymbol(strtab.add(s.name), s.value, s.size, symbolInfo(s.binding, s.type), shndx(s.section)),
    );
  }
  const firstGlobal = count;
  for (const s of globals) {
    symbolIndex.set(
      s.name,
      addSymbol(strtab.add(s.name), s.value, s.size, symbolInfo(s.binding, s.type), shndx(s.section)),
    );
  }

  for (const s of result.sections) {
    const nobits = s.type === 'nobits';
    w.align(Math.min(Math.max(s.alignment, 1), 16));
    const offset = w.length;
    if (!nobits) w.bytes(s.bytes);
    headers.push({
      name: s.name,
      type: sectionTypeNumber(s.type),
      flags: sectionFlagBits(s.flags),
      offset,
      size: s.size,
      link: 0,
      info: 0,
      alignment: Math.max(s.alignment, 1),
      entrySize: s.entrySize,
    });
    const relocations = result.relocations.filter((r) => r.section === s.name);
    if (relocations.length === 0) continue;
    w.align(4);
    const relOffset = w.length;
    for (const r of relocations) {
      const symbol =
        r.symbol === undefined
          ? 0
          : r.againstSection
            ? sectionSymbolIndex.get(r.symbol)!
            : (symbolIndex.get(r.symbol) ?? 0);
      w.u32(r.offset);
      w.u32((symbol << 8) | RELOCATION_NUMBERS[r.type]);
    }
    headers.push({
      name: `.rel${s.name}`,
      type: SHT.REL,
      flags: SHF_INFO_LINK,
      offset: relOffset,
      size: relocations.length * REL_SIZE,
      link: symtabIndex,
      info: sectionIndex.get(s.name)!,
      alignment: 4,
      entrySize: REL_SIZE,
    });
  }

  w.align(4);
  const symtabBytes = symtab.result();
  headers.push({
    name: '.symtab',
    type: SHT.SYMTAB,
    flags: 0,
    offset: w.length,
    size: symtabBytes.length,
    link: strtabIndex,
    info: firstGlobal,
    alignment: 4,
    entrySize: SYMBOL_SIZE,
  });
  w.bytes(symtabBytes);
  const strtabBytes = strtab.bytes();
  headers.push({
    name: '.strtab',
    type: SHT.STRTAB,
    flags: 0,
    offset: w.length,
    size: strtabBytes.length,
    link: 0,
    info: 0,
    alignment: 1,
    entrySize: 0,
  });
  w.bytes(strtabBytes);
  const shstrtab = new StringTable();
  const names = headers.map((h) => shstrtab.add(h.name));
  names.push(shstrtab.add('.shstrtab'));
  const shstrtabBytes = shstrtab.bytes();
  headers.push({
    name: '.shstrtab',
    type: SHT.STRTAB,
    flags: 0,
    offset: w.length,
    size: shstrtabBytes.length,
    link: 0,
    info: 0,
    alignment: 1,
    entrySize: 0,
  });
  w.bytes(shstrtabBytes);

  w.align(4);
  const shoff = w.length;
  headers.forEach((h, i) => {
    w.u32(names[i]);
    w.u32(h.type);
    w.u32(h.flags);
    w.u32(0);
    w.u32(h.offset);
    w.u32(h.size);
    w.u32(h.link);
    w.u32(h.info);
    w.u32(h.alignment);
    w.u32(h.entrySize);
  });
  if (shstrtabIndex !== headers.length - 1) throw new Error('internal: section numbering');

  const out = w.result();
  const header = new ByteWriter();
  elfHeader(header, {
    type: 1,
    entry: 0,
    phoff: 0,
    shoff,
    phnum: 0,
    shnum: headers.length,
    shstrndx: shstrtabIndex,
  });
  out.set(header.result(), 0);
  return out;
}
