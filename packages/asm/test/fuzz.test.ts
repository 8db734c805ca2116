// Fuzzing: random token soup and mutated corpus files. Whatever the input, assemble() returns a
// structured result (never throws) and finishes: each input gets a generous wall-clock bound
// that only a hang or a runaway expansion would exceed.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import {
  type AssembleResult,
  assemble,
  linkElfExecutable,
  linkFlat,
  writeElfRelocatable,
} from '../src/index.js';

/** A small deterministic PRNG (mulberry32) so failures reproduce from the seed. */
const VOCABULARY = [
  '.byte',
  '.word',
  '.long',
  '.quad',
  '.ascii',
  '.asciz',
  '.fill',
  '.skip',
  '.org',
  '.align',
  '.p2align',
  '.balign',
  '.section',
  '.text',
  '.data',
  '.bss',
  '.pushsection',
  '.popsection',
  '.previous',
  '.globl',
  '.type',
  '.size',
  '.set',
  '.equ',
  '.macro',
  '.endm',
  '.exitm',
  '.purgem',
  '.rept',
  '.irp',
  '.irpc',
  '.endr',
  '.if',
  '.ifdef',
  '.else',
  '.elseif',
  '.endif',
  '.include',
  '.code16',
  '.code32',
  '.comm',
  '.lcomm',
  '.err',
  '.error',
  '.warning',
  '#define',
  '#if',
  '#ifdef',
  '#else',
  '#endif',
  '#include',
  '#undef',
  '##',
  '#',
  'movl',
  'movb',
  'jmp',
  'je',
  'call',
  'ret',
  'nop',
  'pushl',
  'lock',
  'rep',
  'int',
  'lgdt',
  'ljmp',
  'inb',
  'fld',
  '%eax',
  '%al',
  '%cr0',
  '%ds',
  '%st(1)',
  '(%eax)',
  '4(%ebp,%ecx,8)',
  '$1',
  '$-1',
  '$0x7fffffff',
  '1b',
  '1f',
  '1:',
  'label:',
  'label',
  '.',
  '=',
  ',',
  ';',
  '(',
  ')',
  '+',
  '-',
  '*',
  '/',
  '<<',
  '>>',
  '!',
  '~',
  '&&',
  '||',
  '==',
  '"str"',
  "'c",
  '\\',
  '\\@',
  '\\()',
  '0x10',
  '0',
  '255',
  '65536',
  '99999999999',
  '-',
  '@function',
  '"ax"',
  '/*',
  '*/',
  '//',
  '\n',
  '\n',
  '\n',
  '\n',
  ' ',
  '\t',
];

function tokenSoup(next: () => number): string {
  const n = Math.floor(next() * 200);
  let s = '';
  for (let i = 0; i < n; i++)
    s += `${VOCABULARY[Math.floor(next() * VOCABULARY.length)]}${next() < 0.5 ? ' ' : ''}`;
  return s;
}

function corpusFiles(): string[] {
  const dir = join(import.meta.dirname, 'corpus');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.[sS]$/.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

function mutate(text: string, next: () => number): string {
  const lines = text.split('\n');
  const edits = 1 + Math.floor(next() * 8);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(next() * lines.length);
    const kind = Math.floor(next() * 6);
    if (kind === 0) lines.splice(i, 1);
    else if (kind === 1) lines.splice(i, 0, lines[Math.floor(next() * lines.length)] ?? '');
    else if (kind === 2) lines[i] = (lines[i] ?? '').slice(0, Math.floor(next() * (lines[i]?.length ?? 0)));
    else if (kind === 3) lines[i] = `${lines[i] ?? ''}${VOCABULARY[Math.floor(next() * VOCABULARY.length)]}`;
    else if (kind === 4) {
      const chars = [...(lines[i] ?? '')];
      const at = Math.floor(next() * (chars.length + 1));
      chars.splice(at, 0, String.fromCharCode(Math.floor(next() * 128)));
      lines[i] = chars.join('');
    } else lines.splice(i, 0, tokenSoup(next));
  }
  return lines.join('\n');
}

function checkStructured(result: AssembleResult): void {
  expect(typeof result.ok).toBe('boolean');
  for (const d of result.diagnostics) {
    expect(['error', 'warning']).toContain(d.severity);
    expect(typeof d.message).toBe('string');
    expect(Number.isInteger(d.line) && Number.isInteger(d.column)).toBe(true);
  }
  if (result.ok) {
    // Outputs built from a good result must not throw either.
    writeElfRelocatable(result);
    linkFlat(result);
    linkElfExecutable(result);
  } else {
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  }
}

// A hang guard, not a performance claim (the machine may be busy): generous on purpose.
const BOUND_MS = 10_000;

describe('fuzz', () => {
  it('random token soup gives structured results in bounded time', () => {
    const next = seededRandom(0x5eed);
    for (let k = 0; k < 400; k++) {
      const source = tokenSoup(next);
      const t0 = performance.now();
      const result = assemble(source, { fileName: k % 2 ? 'fuzz.S' : 'fuzz.s' });
      expect(performance.now() - t0, `input ${k}: ${JSON.stringify(source)}`).toBeLessThan(BOUND_MS);
      checkStructured(result);
    }
  });

  it('mutated corpus files give structured results in bounded time', () => {
    const next = seededRandom(0xc0ffee);
    const files = corpusFiles();
    for (let k = 0; k < 300; k++) {
      const source = mutate(files[k % files.length], next);
      const t0 = performance.now();
      const result = assemble(source, { fileName: k % 3 === 0 ? 'mutant.S' : 'mutant.s' });
      expect(performance.now() - t0, `mutant ${k}`).toBeLessThan(BOUND_MS);
      checkStructured(result);
    }
  });

  it('resource bombs stop with a diagnostic', () => {
    const bombs = [
      '.rept 100000\n.rept 100000\nnop\n.endr\n.endr\n',
      '.macro twice n\n.if \\n\ntwice (\\n-1)\ntwice (\\n-1)\n.endif\n.endm\ntwice 60\n',
      '.fill 0x7fffffff, 8, 1\n',
      '.skip 0x7fffffff\n',
      '.org 0x7fffffff\n',
      '#define A B B\n#define B C C\n#define C D D\n#define D E E\n#define E F F\n#define F G G\n#define G A A\nA\n',
      'a = b + 1\nb = a + 1\n.long a\n',
    ];
    // Each bomb must end in a diagnostic; one that did not stop would hit the test's timeout (a wall-
    // clock bound here would only measure how loaded the machine is).
    for (const [k, source] of bombs.entries()) {
      const result = assemble(source, { fileName: k === 5 ? 'bomb.S' : 'bomb.s' });
      checkStructured(result);
      expect(result.ok, source).toBe(false);
    }
  });
});
