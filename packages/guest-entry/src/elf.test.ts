import { describe, expect, it } from 'vitest';
import { ElfFormatError, readElf32 } from './elf.js';

describe('readElf32', () => {
  it('rejects what is not an ELF32 little-endian file with a typed error', () => {
    expect(() => readElf32(new Uint8Array(10))).toThrow(ElfFormatError);
    expect(() => readElf32(new Uint8Array(64))).toThrow('not an ELF file');
    const elf64 = new Uint8Array(64);
    elf64.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    expect(() => readElf32(elf64)).toThrow('not ELF32 little-endian');
  });

  it('reports section headers that point past the end of the file', () => {
    const header = new Uint8Array(52);
    header.set([0x7f, 0x45, 0x4c, 0x46, 1, 1]);
    const view = new DataView(header.buffer);
    view.setUint32(32, 1000, true); // e_shoff
    view.setUint16(48, 3, true); // e_shnum
    expect(() => readElf32(header)).toThrow(/truncated ELF: the section headers/);
  });
});
