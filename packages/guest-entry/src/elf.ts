/**
 * A reader for the ELF32 little-endian executables the fixture is built into (by `buildGuest`
 * or by GNU ld): sections, program headers and the symbol table.
 */
import { checkElfBytes } from './argument-checks.js';

export class ElfFormatError extends Error {
  override name = 'ElfFormatError';
}

export interface ElfSection {
  name: string;
  /** sh_type (1 = PROGBITS, 8 = NOBITS, 2 = SYMTAB, …). */
  type: number;
  /** sh_flags (1 = W, 2 = A, 4 = X). */
  flags: number;
  /** Linked (virtual) address. */
  address: number;
  size: number;
  /** File contents (empty for NOBITS). */
  bytes: Uint8Array;
}

export interface ElfSegment {
  type: number;
  virtualAddress: number;
  physicalAddress: number;
  fileSize: number;
  memorySize: number;
  flags: number;
}

export interface ElfImage {
  entry: number;
  sections: ElfSection[];
  segments: ElfSegment[];
  /** Symbol name → value, for named symbols of the symbol table. */
  symbols: Record<string, number>;
}

export function readElf32(image: Uint8Array): ElfImage {
  checkElfBytes(image);
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const need = (end: number, what: string) => {
    if (end > image.length)
      throw new ElfFormatError(`truncated ELF: ${what} ends at ${end}, file has ${image.length} bytes`);
  };
  need(52, 'the ELF header');
  if (view.getUint32(0, false) !== 0x7f454c46) throw new ElfFormatError('not an ELF file');
  if (image[4] !== 1 || image[5] !== 1) throw new ElfFormatError('not ELF32 little-endian');
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const entry = u32(24);
  const phoff = u32(28);
  const shoff = u32(32);
  const phnum = u16(44);
  const shnum = u16(48);
  const shstrndx = u16(50);
  need(phoff + phnum * 32, 'the program headers');
  need(shoff + shnum * 40, 'the section headers');

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 32;
    segments.push({
      type: u32(o),
      virtualAddress: u32(o + 8),
      physicalAddress: u32(o + 12),
      fileSize: u32(o + 16),
      memorySize: u32(o + 20),
      flags: u32(o + 24),
    });
  }

  interface RawSection {
    nameOffset: number;
    type: number;
    flags: number;
    address: number;
    offset: number;
    size: number;
    link: number;
  }
  const raw: RawSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * 40;
    const type = u32(o + 4);
    const offset = u32(o + 16);
    const size = u32(o + 20);
    if (type !== 8) need(offset + size, `section ${i}`);
    raw.push({
      nameOffset: u32(o),
      type,
      flags: u32(o + 8),
      address: u32(o + 12),
      offset,
      size,
      link: u32(o + 24),
    });
  }
  const bytesOf = (s: RawSection) =>
    s.type === 8 ? new Uint8Array(0) : image.subarray(s.offset, s.offset + s.size);
  const cString = (table: Uint8Array, at: number) => {
    let end = at;
    while (end < table.length && table[end] !== 0) end++;
    return new TextDecoder().decode(table.subarray(at, end));
  };
  const names = raw[shstrndx] ? bytesOf(raw[shstrndx]) : new Uint8Array(0);
  const sections = raw.map((s) => ({
    name: cString(names, s.nameOffset),
    type: s.type,
    flags: s.flags,
    address: s.address,
    size: s.size,
    bytes: bytesOf(s),
  }));

  const symbols: Record<string, number> = {};
  for (const table of raw.filter((s) => s.type === 2)) {
    const strings = raw[table.link] ? bytesOf(raw[table.link]) : new Uint8Array(0);
    for (let o = table.offset; o + 16 <= table.offset + table.size; o += 16) {
      const name = cString(strings, u32(o));
      const type = image[o + 12]! & 0xf;
      if (name && type !== 4 /* STT_FILE */) symbols[name] = u32(o + 4);
    }
  }
  return { entry, sections, segments, symbols };
}

/** The section called `name`, or undefined. */
export function findSection(image: ElfImage, name: string): ElfSection | undefined {
  return image.sections.find((s) => s.name === name);
}
