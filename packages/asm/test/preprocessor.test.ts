// The preprocessor against gcc's own (`cpp -x assembler-with-cpp -P`): the same text comes out,
// up to blank lines and runs of blanks.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../src/diagnostics.js';
import { preprocess } from '../src/preprocessor/preprocess.js';

const CASES: Record<string, string> = {
  'object-like, self-reference':
    '#define foo foo bar\nfoo\n#define obj (1 + obj)\nobj\n#define AA BB\n#define BB AA\nAA BB\n',
  'function-like, self-reference': '#define f(x) f(x) + x\nf(1) f (2) f\n',
  'paste with empty arguments': '#define g(x, y) x ## y\ng(a, b) g(, b) g(a, ) g(1,2) g(0x, 10)\n',
  stringify: '#define str(x) #x\nstr( a  "b\\n" \'c\' ) str() str(  spaced   out  )\n',
  'stringify after expansion':
    '#define CS 0x60\n#define str(x) #x\n#define xstr(x) str(x)\nxstr(CS) str(CS)\n',
  'empty parameter list': '#define h() H\nh() h\n',
  variadic:
    '#define va(...) [__VA_ARGS__]\n#define vb(a, ...) a: __VA_ARGS__\nva() va(1) va(1, 2, 3) vb(x) vb(x, y, z)\n',
  'dollar and percent are not identifier characters':
    '#define CS 0x60\n$CS %CS CS$ CS:CS 1CS CS1 _CS $(CS) "CS" (CS)\n',
  'apostrophes in assembler mode':
    "#define CS 0x60\nCS 'x' CS\nmovb $'a, %al ; movl $CS, %eax\n# don't CS here\nCS\n",
  comments: '#define CS 0x60\nCS /* CS */ CS // CS\n/* multi\nline CS */ CS\n# CS in a hash comment\n',
  'continuation lines': '#define LONG 1 + \\\n  2 + \\\n  3\nLONG\n.byte 1, \\\n 2\n',
  'arguments over several lines': '#define ADD(a, b) ((a) + (b))\nADD(1,\n  2) after\n',
  'nested arguments and parentheses': '#define F(a, b) <a|b>\nF((1, 2), 3) F(f(x, y), [z])\n',
  conditionals:
    '#define A 2\n#if A == 2 && defined A && !defined(B)\nyes1\n#elif 1\nno\n#endif\n#if (A << 2) == 8 ? 1 : 0\nyes2\n#endif\n#ifdef B\nno\n#else\nyes3\n#endif\n#if 0\n#if 1\nno\n#endif\n#else\nyes4\n#endif\n',
  'if arithmetic':
    "#if -1 < 0 && 0x10 == 16 && 010 == 8 && (7 / 2) == 3 && (-7 % 2) == -1 && (1 << 4) == 16 && ~0 == -1\nyes\n#endif\n#if 1U\nyes2\n#endif\n#if 'a' == 97\nyes3\n#endif\n",
  'undef and redefine': '#define X 1\nX\n#undef X\nX\n#define X 2\nX\n',
  'macro producing a function-like call': '#define f(x) (x)\n#define g f\ng(1) g\n',
  'non-directive hash lines': '# 12 "file.S"\n#\n# not a directive\n #indented comment\n',
  'semicolons and hashes are plain text':
    '#define TWO .byte 1 ; .byte 2 # comment\nTWO\n#define H(x) x # x\nH(3)\n',
  'predefined __ASSEMBLER__': '#ifdef __ASSEMBLER__\nasm\n#endif\n',
};

function normalize(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
}

const cpp = externalTool('cpp', 'cpp');
const scratch = mkdtempSync(join(tmpdir(), 'vmi386-cpp-'));

describe.skipIf(!cpp.path)('preprocessor vs cpp -x assembler-with-cpp', () => {
  for (const [name, source] of Object.entries(CASES)) {
    it(name, () => {
      const file = join(scratch, `${name.replace(/\W+/g, '-')}.S`);
      writeFileSync(file, source);
      const expected = execFileSync('cpp', ['-x', 'assembler-with-cpp', '-P', file], { encoding: 'utf8' });
      const sink = new DiagnosticSink();
      const lines = preprocess(source, 'case.S', {
        resolveInclude: () => undefined,
        defines: {},
        diagnostics: sink,
      });
      expect(sink.list).toEqual([]);
      expect(normalize(lines.map((l) => l.text).join('\n'))).toEqual(normalize(expected));
    });
  }
});

describe('preprocessor positions and errors', () => {
  it('keeps the original line of every output line, through includes', () => {
    const sink = new DiagnosticSink();
    const lines = preprocess('#include "a.h"\n\nA\n', 'main.S', {
      resolveInclude: (name) =>
        name === 'a.h' ? { file: 'inc/a.h', text: '#define A x\n\nin_header\n' } : undefined,
      defines: {},
      diagnostics: sink,
    });
    expect(lines.filter((l) => l.text.trim() !== '').map((l) => `${l.file}:${l.line} ${l.text}`)).toEqual([
      'inc/a.h:3 in_header',
      'main.S:3 x',
    ]);
  });

  it('reports bad input as diagnostics', () => {
    const sink = new DiagnosticSink();
    preprocess('#define F(x) x\nF(1, 2)\n#if\n#endif\n#else\n#include <none.h>\n#if 1\n', 'e.S', {
      resolveInclude: () => undefined,
      defines: {},
      diagnostics: sink,
    });
    expect(sink.list.map((d) => `${d.line}: ${d.message}`)).toEqual([
      "2: macro 'F' passed 2 arguments, but takes 1",
      '3: #if expression ends too early',
      '5: #else without #if',
      "6: include file 'none.h' not found",
      '7: unterminated #if (missing #endif)',
    ]);
  });
});
