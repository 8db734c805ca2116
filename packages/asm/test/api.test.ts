// The public API: inputs (string, in-memory files, readFile, include paths, virtual files,
// defines, preprocessing choice) and the shape of the result.

import { describe, expect, it } from 'vitest';
import { assemble, parseExpression } from '../src/index.js';

const text = (r: ReturnType<typeof assemble>, name = '.text') => [
  ...(r.sections.find((s) => s.name === name)?.bytes ?? []),
];

describe('assemble', () => {
  it('returns sections, symbols, relocations, listing and diagnostics', () => {
    const r = assemble(
      '\t.globl f\n\t.type f, @function\nf:\tcall g\n\tret\n\t.size f, . - f\n\t.data\nv:\t.long f\n',
    );
    expect(r.ok).toBe(true);
    expect(text(r)).toEqual([0xe8, 0xfc, 0xff, 0xff, 0xff, 0xc3]);
    expect(r.sections.find((s) => s.name === '.text')).toMatchObject({
      type: 'progbits',
      size: 6,
      alignment: 1,
    });
    expect(r.sections.find((s) => s.name === '.text')!.flags).toMatchObject({
      alloc: true,
      exec: true,
      write: false,
    });
    expect(r.symbols).toEqual([
      { name: 'f', section: '.text', value: 0, binding: 'global', type: 'function', size: 6 },
      { name: 'g', section: undefined, value: 0, binding: 'global', type: 'notype', size: 0 },
      { name: 'v', section: '.data', value: 0, binding: 'local', type: 'notype', size: 0 },
    ]);
    expect(r.relocations).toEqual([
      { section: '.text', offset: 1, type: 'R_386_PC32', symbol: 'g', againstSection: false },
      { section: '.data', offset: 0, type: 'R_386_32', symbol: 'f', againstSection: false },
    ]);
    expect(r.listing.map((e) => [e.section, e.offset, e.size, e.line, e.text])).toEqual([
      ['.text', 0, 5, 3, 'call g'],
      ['.text', 5, 1, 4, 'ret'],
      ['.data', 0, 4, 7, '.long f'],
    ]);
  });

  it('reads in-memory files, virtual files, include paths and readFile', () => {
    const disk: Record<string, string> = { '/inc/disk.h': '#define FROM_DISK 3\n' };
    const r = assemble(
      {
        main: 'src/main.S',
        files: {
          'src/main.S':
            '#include "local.h"\n#include <mach_asm.h>\n#include <disk.h>\n.byte LOCAL, MACH, FROM_DISK, FROM_D\n',
          'src/local.h': '#define LOCAL 1\n',
        },
      },
      {
        virtualFiles: { 'mach_asm.h': '#define MACH 2\n' },
        includePaths: ['/inc'],
        readFile: (p) => disk[p],
        defines: { FROM_D: '4' },
      },
    );
    expect(r.diagnostics).toEqual([]);
    expect(text(r)).toEqual([1, 2, 3, 4]);
  });

  it('preprocesses by extension unless told otherwise', () => {
    expect(text(assemble('#define X 5\n.byte X\n', { fileName: 'a.S' }))).toEqual([5]);
    // In a .s file `#` starts a comment: `X` is then an undefined symbol.
    const plain = assemble('#define X 5\n.byte 7\n', { fileName: 'a.s' });
    expect(text(plain)).toEqual([7]);
    expect(text(assemble('#define X 5\n.byte X\n', { fileName: 'a.s', preprocess: true }))).toEqual([5]);
    expect(text(assemble('.byte __ASSEMBLY__\n', { fileName: 'a.S' }))).toEqual([1]);
  });

  it('never throws, even for nonsense', () => {
    for (const s of [
      '\u0000\u0001',
      ')(*&^%$#@!',
      '.section',
      '.macro',
      '"',
      "'",
      '1:',
      '.if',
      '\\@',
      '.irp',
    ]) {
      const r = assemble(s);
      expect(typeof r.ok).toBe('boolean');
    }
  });
});

describe('parseExpression', () => {
  it('is exported for the encoder', () => {
    expect(parseExpression('1+2', { file: 'x', line: 1, column: 1 })).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'number', value: 1 },
      right: { kind: 'number', value: 2 },
    });
  });
});

describe('include paths', () => {
  it('resolves ../ and ./ against the including file', () => {
    const r = assemble(
      {
        main: 'arch/kernel/entry.S',
        files: {
          'arch/kernel/entry.S': '#include "../include/seg.h"\n#include "./local.h"\n.byte CS, LOCAL\n',
          'arch/include/seg.h': '#define CS 0x60\n',
          'arch/kernel/local.h': '#define LOCAL 7\n',
        },
      },
      {},
    );
    expect(r.diagnostics).toEqual([]);
    expect([...r.sections[0].bytes]).toEqual([0x60, 7]);
  });
});
