// Generated expressions (every operator, nested, with symbols and character constants) in
// `.long`/`.quad` data, assembled by GNU as and vmi386: the values must be identical.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool, seededRandom } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { differences } from './gas.js';

const BINARY = [
  '*',
  '/',
  '%',
  '<<',
  '>>',
  '|',
  '&',
  '^',
  '!',
  '+',
  '-',
  '==',
  '!=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
];
const UNARY = ['-', '~', '!', '+'];

function expression(next: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  if (depth === 0 || next() < 0.25) {
    const r = next();
    if (r < 0.3) return String(Math.floor(next() * 100));
    if (r < 0.45) return `0x${Math.floor(next() * 0xffffffff).toString(16)}`;
    if (r < 0.55) return `0${Math.floor(next() * 64).toString(8)}`;
    if (r < 0.62) return `0b${Math.floor(next() * 16).toString(2)}`;
    if (r < 0.7) return pick(["'a", "'Z", "'0", "' '", "'~"]);
    return pick(['s1', 's2', 's3', 'neg']);
  }
  if (next() < 0.2) return `${pick(UNARY)}${expression(next, depth - 1)}`;
  const op = pick(BINARY);
  let right = expression(next, depth - 1);
  // Keep divisions and shifts defined (GAS rejects division by zero; huge shifts differ by host).
  if (op === '/' || op === '%') right = `((${right}) | 1)`;
  if (op === '<<' || op === '>>') right = `((${right}) & 31)`;
  const text = `${expression(next, depth - 1)} ${op} ${right}`;
  return next() < 0.5 ? `(${text})` : text;
}

function program(seed: number): string {
  const next = seededRandom(seed);
  const lines = [
    `# generated expressions, seed ${seed}`,
    '\ts1 = 7',
    '\ts2 = 0x1234',
    '\ts3 = -3',
    '\tneg = -0x80000000',
    '\t.data',
  ];
  for (let i = 0; i < 40; i++) lines.push(`\t.long ${expression(next, 4)}`);
  for (let i = 0; i < 10; i++) lines.push(`\t.quad ${expression(next, 3)}`);
  return `${lines.join('\n')}\n`;
}

const as = externalTool('as', 'binutils');
const scratch = mkdtempSync(join(tmpdir(), 'vmi386-expr-'));

describe.skipIf(!as.path)('expressions: generated programs vs GNU as', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, () => {
      const file = join(scratch, `expr-${seed}.s`);
      writeFileSync(file, program(seed));
      expect(differences(file)).toEqual([]);
    });
  }
});
