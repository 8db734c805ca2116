// ELF32 ET_EXEC output: one PT_LOAD program header per allocated section, virtual addresses
// from `base`, load (physical) addresses from `physicalBase` — the layout of Linux's vmlinux,
// linked at 0xC0100000 and loaded by a Multiboot loader at 0x00100000. Section headers and a
// symbol table are included so `objdump -d` shows the code with its labels.

import { checkAssembleResult } from '../argument-checks.js';
import type { Diagnostic } from '../diagnostics.js';
import type { AssembleResult } from '../result.js';
import { ByteWriter, StringTable } from './byte-writer.js';
import {
  ELF_HEADER_SIZE,
  elfHeader,
  PROGRAM_HEADER_SIZE,
  SHN_ABS,
  SHT,
  SYMBOL_SIZE,
  sectionFlagBits,
  sectionTypeNumber,
  symbolInfo,
} from './elf-constants.js';
import { defaultSectionOrder, type LinkedSymbol, place } from './link.js';

export interface ElfExecutableOptions {
  /** Virtual address of the first section. Default 0x08048000 (the i386 Linux user default). */
  base?: number;
  /** Load address of the first section (`p_paddr`). Default: same as `base`. */
  physicalBase?: number;
  /** Sections to include, in this order. Default: code, read-only data, data, then bss. */
  sectionOrder?: string[];
  /** Entry point: a symbol name or an address. Default: `_start`, `start`, else the first section. */
  entry?: string | number;
  /**
   * Whether `e_entry` holds the entry's physical (load) address, as vmlinux does for a loader
   * that runs it with paging off, or its virtual address. Default 'physical' (they are equal
   * unless `physicalBase` differs from `base`). A numeric `entry` is written as given.
   */
  entryAddress?: 'physical' | 'virtual';
}

export interface LinkedSection {
  name: string;
  vaddr: number;
  paddr: number;
  size: number;
  /** File offset of the contents in the image (0 for nobits). */
  offset: number;
  /** Final contents, relocations applied (zeros for nobits sections). */
  bytes: Uint8Array;
}

export interface ElfExecutable {
  ok: boolean;
  image: Uint8Array;
  entry: number;
  sections: LinkedSection[];
  symbols: LinkedSymbol[];
  diagnostics: Diagnostic[];
}

const PAGE = 0x1000;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;

export function linkElfExecutable(result: AssembleResult, options: ElfExecutableOptions = {}): ElfExecutable {
  checkAssembleResult('linkElfExecutable', result);
  const base = options.base ?? 0x08048000;
  const physicalBase = options.physicalBase ?? base;
  const order = options.sectionOrder ?? defaultSectionOrder(result);
  const placement = place(result, order, base, physicalBase);
  const diagnostics = [...placement.diagnostics];
  if (!result.ok) diagnostics.unshift(error('the assembly had errors'));

  // Entry point.
  let entry = 0;
  const toPhysical = (v: number) => (options.entryAddress === 'virtual' ? v : v - base + physicalBase) >>> 0;
  if (typeof options.entry === 'number') entry = options.entry >>> 0;
  else {
    const name =
      options.entry ?? ['_start', 'start'].find((n) => placement.symbols.some((s) => s.name === n));
    const symbol = name === undefined ? undefined : placement.symbols.find((s) => s.name === name);
    if (symbol) entry = toPhysical(symbol.value);
    else if (options.entry !== undefined)
      diagnostics.push(error(`entry symbol '${options.entry}' is not defined`));
    else entry = toPhysical(placement.sections[0]?.address ?? base);
  }

  const w = new ByteWriter();
  const headerSize = ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE * placement.sections.length;
  for (let i = 0; i < headerSize; i++) w.u8(0);
  const linked: LinkedSection[] = [];
  for (const p of placement.sections) {
    // File offsets congruent to the address modulo the page size, as loaders expect.
    const nobits = p.section.type === 'nobits';
    if (!nobits) {
      while (w.length % PAGE !== p.address % PAGE) w.u8(0);
    }
    linked.push({
      name: p.name,
      vaddr: p.address,
      paddr: p.loadAddress,
      size: p.size,
      offset: nobits ? 0 : w.length,
      bytes: p.bytes,
    });
    if (!nobits) w.bytes(p.bytes);
  }

  // Symbol table: locals first, with final addresses; sections named by their headers.
  const strtab = new StringTable();
  const symtab = new ByteWriter();
  const sectionIndex = new Map(placement.sections.map((p, i) => [p.name, i + 1]));
  const addSymbol = (name: string, value: number, size: number, info: number, shndx: number) => {
    symtab.u32(strtab.add(name));
    symtab.u32(value);
    symtab.u32(size);
    symtab.u8(info);
    symtab.u8(0);
    symtab.u16(shndx);
  };
  addSymbol('', 0, 0, 0, 0);
  const ordered = [
    ...placement.symbols.filter((s) => s.binding === 'local'),
    ...placement.symbols.filter((s) => s.binding !== 'local'),
  ];
  const firstGlobal = 1 + placement.symbols.filter((s) => s.binding === 'local').length;
  for (const s of ordered) {
    const shndx = s.section === '*ABS*' ? SHN_ABS : (sectionIndex.get(s.section ?? '') ?? SHN_ABS);
    addSymbol(s.name, s.value, s.size, symbolInfo(s.binding, s.type as never), shndx);
  }
  w.align(4);
  const symtabOffset = w.length;
  const symtabBytes = symtab.result();
  w.bytes(symtabBytes);
  const strtabOffset = w.length;
  const strtabBytes = strtab.bytes();
  w.bytes(strtabBytes);
  const shstrtab = new StringTable();
  const names = [
    0,
    ...placement.sections.map((p) => shstrtab.add(p.name)),
    shstrtab.add('.symtab'),
    shstrtab.add('.strtab'),
    shstrtab.add('.shstrtab'),
  ];
  const shstrtabOffset = w.length;
  const shstrtabBytes = shstrtab.bytes();
  w.bytes(shstrtabBytes);

  w.align(4);
  const shoff = w.length;
  const sectionHeader = (
    n: number,
    type: number,
    flags: number,
    addr: number,
    offset: number,
    size: number,
    link: number,
    info: number,
    align: number,
    entsize: number,
  ) => {
    for (const v of [n, type, flags, addr, offset, size, link, info, align, entsize]) w.u32(v);
  };
  sectionHeader(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  placement.sections.forEach((p, i) => {
    const s = p.section;
    sectionHeader(
      names[i + 1],
      sectionTypeNumber(s.type),
      sectionFlagBits(s.flags),
      p.address,
      linked[i].offset,
      p.size,
      0,
      0,
      Math.max(1, s.alignment),
      s.entrySize,
    );
  });
  const symtabIndex = placement.sections.length + 1;
  sectionHeader(
    names[symtabIndex],
    SHT.SYMTAB,
    0,
    0,
    symtabOffset,
    symtabBytes.length,
    symtabIndex + 1,
    firstGlobal,
    4,
    SYMBOL_SIZE,
  );
  sectionHeader(names[symtabIndex + 1], SHT.STRTAB, 0, 0, strtabOffset, strtabBytes.length, 0, 0, 1, 0);
  sectionHeader(names[symtabIndex + 2], SHT.STRTAB, 0, 0, shstrtabOffset, shstrtabBytes.length, 0, 0, 1, 0);

  const image = w.result();
  const header = new ByteWriter();
  elfHeader(header, {
    type: 2,
    entry,
    phoff: ELF_HEADER_SIZE,
    shoff,
    phnum: placement.sections.length,
    shnum: symtabIndex + 3,
    shstrndx: symtabIndex + 2,
  });
  placement.sections.forEach((p, i) => {
    const s = p.section;
    const nobits = s.type === 'nobits';
    header.u32(1); // PT_LOAD
    header.u32(linked[i].offset);
    header.u32(p.address);
    header.u32(p.loadAddress);
    header.u32(nobits ? 0 : p.size);
    header.u32(p.size);
    header.u32(PF_R | (s.flags.write ? PF_W : 0) | (s.flags.exec ? PF_X : 0));
    header.u32(PAGE);
  });
  image.set(header.result(), 0);
  return {
    ok: diagnostics.every((d) => d.severity !== 'error'),
    image,
    entry,
    sections: linked,
    symbols: placement.symbols,
    diagnostics,
  };
}

function error(message: string): Diagnostic {
  return { severity: 'error', message, file: '', line: 0, column: 0 };
}
