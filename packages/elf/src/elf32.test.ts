import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { ET_REL, SHT_REL } from './constants.js';
import { ElfFormatError } from './elf-format-error.js';
import { findSection, readElf32, readElf32Header } from './elf32.js';

const as = externalTool('as', 'binutils');
const readelf = externalTool('readelf', 'binutils');

const SOURCE = `
  .text
  .globl _start
_start:
  movl $message, %eax
  call helper
  ret
helper:
  ret
  .data
  .align 16
message: .asciz "hello"
  .long _start
  .bss
buffer: .skip 64
`;

/** An i386 object assembled by GNU as, and what readelf says of it. */
function gnuObject(): { bytes: Uint8Array; readelf: (flag: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-elf-'));
  writeFileSync(join(dir, 'a.s'), SOURCE);
  execFileSync(as.path as string, ['--32', '-o', join(dir, 'a.o'), join(dir, 'a.s')]);
  const file = join(dir, 'a.o');
  return {
    bytes: new Uint8Array(readFileSync(file)),
    readelf: (flag) => execFileSync(readelf.path as string, [flag, '-W', file], { encoding: 'utf8' }),
  };
}

describe.skipIf(!as.path || !readelf.path)('readElf32 against readelf (an object from GNU as)', () => {
  const object = gnuObject();
  const elf = readElf32(object.bytes);

  it('reads every section header as readelf -S does', () => {
    const expected = [
      ...object
        .readelf('-S')
        .matchAll(
          /^\s*\[\s*(\d+)\]\s+(\S*)\s+\S+\s+[0-9a-f]{8}\s+([0-9a-f]{6})\s+([0-9a-f]{6})\s+\S+\s+\S*\s+\d+\s+\d+\s+(\d+)$/gm,
        ),
    ]
      .filter(([, index]) => index !== '0')
      .map(([, index, name, offset, size, align]) => ({
        index: Number(index),
        name,
        offset: Number.parseInt(offset as string, 16),
        size: Number.parseInt(size as string, 16),
        addralign: Number(align),
      }));
    expect(expected.length).toBeGreaterThan(5);
    const ours = elf.sections
      .filter((s) => s.index > 0)
      .map(({ index, name, offset, size, addralign }) => ({ index, name, offset, size, addralign }));
    expect(ours).toEqual(expected);
    expect(elf.type).toBe(ET_REL);
  });

  it('reads the symbol table as readelf -s does, a section symbol named after its section', () => {
    const expected = [
      ...object.readelf('-s').matchAll(/^\s*\d+:\s+([0-9a-f]{8})\s+(\d+)\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)$/gm),
    ].map(([, value, size, name]) => ({
      name,
      value: Number.parseInt(value as string, 16),
      size: Number(size),
    }));
    const named = elf.symbols.slice(1); // readelf's line for the null symbol has no name column
    expect(named.map(({ name, value, size }) => ({ name, value, size }))).toEqual(expected);
    expect(elf.symbols.find((s) => s.name === 'message')?.section).toBe('.data');
  });

  it('reads the relocations as readelf -r does', () => {
    const expected = [
      ...object.readelf('-r').matchAll(/^([0-9a-f]{8})\s+[0-9a-f]{8}\s+(R_386_\S+)\s+[0-9a-f]{8}\s+(\S+)$/gm),
    ].map(([, offset, , symbol]) => ({ offset: Number.parseInt(offset as string, 16), symbol }));
    expect(expected.length).toBeGreaterThan(1);
    expect(elf.relocations.map(({ offset, symbol }) => ({ offset, symbol }))).toEqual(expected);
    expect(findSection(elf, '.rel.text')?.type).toBe(SHT_REL);
  });
});

describe('readElf32Header and readElf32 on bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof ElfFormatError ? e.code : `not an ElfFormatError: ${e}`;
    }
    return 'no error';
  };
  const header = () => {
    const bytes = new Uint8Array(52);
    bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
    return bytes;
  };

  it('names what is wrong', () => {
    expect(code(() => readElf32Header(new TextEncoder().encode('MZ'.padEnd(64))))).toBe('not-elf');
    const elf64 = header();
    elf64[4] = 2;
    expect(code(() => readElf32Header(elf64))).toBe('elf64');
    const bigEndian = header();
    bigEndian[5] = 2;
    expect(code(() => readElf32Header(bigEndian))).toBe('big-endian');
    expect(code(() => readElf32Header(header().subarray(0, 40)))).toBe('truncated');
  });

  it('refuses tables that run past the end of the file', () => {
    const programs = header();
    new DataView(programs.buffer).setUint32(28, 52, true);
    new DataView(programs.buffer).setUint16(42, 32, true);
    new DataView(programs.buffer).setUint16(44, 1, true);
    expect(code(() => readElf32Header(programs))).toBe('truncated');
    const sections = header();
    new DataView(sections.buffer).setUint32(32, 52, true);
    new DataView(sections.buffer).setUint16(46, 40, true);
    new DataView(sections.buffer).setUint16(48, 2, true);
    expect(code(() => readElf32Header(sections))).toBe('no error'); // a boot loader ignores sections
    expect(code(() => readElf32(sections))).toBe('truncated');
  });

  it('says what to pass when given something other than bytes', () => {
    expect(() => readElf32({ image: new Uint8Array(4) } as never)).toThrow(
      "readElf32: expected the file's bytes as a Uint8Array, got an object with image; pass the bytes: readElf32(guest.image)",
    );
  });
});
