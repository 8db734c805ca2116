// The differential suite: every file under test/corpus is assembled by GNU as 2.40 (`as --32`,
// or `gcc -m32 -c` for `.S` files so that cpp runs first) and by vmi386; section bytes, symbols
// and relocations must be identical.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { differences } from './gas.js';

const corpus = join(import.meta.dirname, 'corpus');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.[sS]$/.test(name) ? [path] : [];
    });
}

const files = sourceFiles(corpus);
const as = externalTool('as', 'binutils');
const gcc = externalTool('gcc', 'gcc');

describe.skipIf(!as.path)('differential: vmi386 vs GNU as 2.40', () => {
  for (const file of files) {
    const name = relative(corpus, file);
    it.skipIf(file.endsWith('.S') && !gcc.path)(name, () => {
      expect(differences(file)).toEqual([]);
    });
  }
});

describe('the corpus', () => {
  it('has at least 1,500 source lines', () => {
    const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0);
    expect(lines).toBeGreaterThanOrEqual(1500);
  });
});
