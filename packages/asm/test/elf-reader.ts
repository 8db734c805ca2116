// A small ELF32 reader for the tests: enough to compare our objects with GNU as's.

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
  align: number;
  entsize: number;
  bytes: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  shndx: number;
  section: string | undefined;
}

export interface ElfRelocation {
  section: string;
  offset: number;
  type: number;
  symbol: string;
}

export interface ElfFile {
  type: number;
  entry: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  relocations: ElfRelocation[];
  programHeaders: {
    type: number;
    offset: number;
    vaddr: number;
    paddr: number;
    filesz: number;
    memsz: number;
    flags: number;
  }[];
}

export function readElf(data: Uint8Array): ElfFile {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  if (u32(0) !== 0x464c457f) throw new Error('not an ELF file');
  const shoff = u32(32);
  const shnum = u16(48);
  const shstrndx = u16(50);
  const raw: Omit<ElfSection, 'name' | 'bytes'>[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * 40;
    raw.push({
      index: i,
      type: u32(o + 4),
      flags: u32(o + 8),
      addr: u32(o + 12),
      offset: u32(o + 16),
      size: u32(o + 20),
      link: u32(o + 24),
      info: u32(o + 28),
      align: u32(o + 32),
      entsize: u32(o + 36),
    });
  }
  const cstring = (base: number, at: number) => {
    let end = base + at;
    while (data[end] !== 0) end++;
    return new TextDecoder().decode(data.subarray(base + at, end));
  };
  const names = raw.map((_, i) => u32(shoff + i * 40));
  const shstr = raw[shstrndx];
  const sections: ElfSection[] = raw.map((s, i) => ({
    ...s,
    name: shstr ? cstring(shstr.offset, names[i]) : '',
    bytes: s.type === 8 ? new Uint8Array(s.size) : data.slice(s.offset, s.offset + s.size),
  }));
  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === 2);
  if (symtab) {
    const strtab = sections[symtab.link];
    for (let o = symtab.offset; o < symtab.offset + symtab.size; o += 16) {
      const info = data[o + 12];
      const shndx = u16(o + 14);
      const type = info & 15;
      symbols.push({
        name: type === 3 ? sections[shndx].name : cstring(strtab.offset, u32(o)),
        value: u32(o + 4),
        size: u32(o + 8),
        bind: info >> 4,
        type,
        shndx,
        section:
          shndx === 0
            ? undefined
            : shndx === 0xfff1
              ? '*ABS*'
              : shndx === 0xfff2
                ? '*COM*'
                : sections[shndx]?.name,
      });
    }
  }
  const relocations: ElfRelocation[] = [];
  for (const rel of sections.filter((s) => s.type === 9)) {
    for (let o = rel.offset; o < rel.offset + rel.size; o += 8) {
      const info = u32(o + 4);
      relocations.push({
        section: sections[rel.info].name,
        offset: u32(o),
        type: info & 0xff,
        symbol: symbols[info >>> 8]?.name ?? '',
      });
    }
  }
  const programHeaders: ElfFile['programHeaders'] = [];
  const phoff = u32(28);
  for (let i = 0; i < u16(44); i++) {
    const o = phoff + i * 32;
    programHeaders.push({
      type: u32(o),
      offset: u32(o + 4),
      vaddr: u32(o + 8),
      paddr: u32(o + 12),
      filesz: u32(o + 16),
      memsz: u32(o + 20),
      flags: u32(o + 24),
    });
  }
  return { type: u16(16), entry: u32(24), sections, symbols, relocations, programHeaders };
}
