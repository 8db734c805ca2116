// Generated differential tests for jump relaxation: random programs of jumps, labels, fills and
// alignments, where jumps sit near the rel8 limits and grow in chains, assembled by GNU as and
// by vmi386. Seeded, so a failure reproduces.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool, seededRandom } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { differences } from './gas.js';

const CONDITIONS = ['je', 'jne', 'jb', 'jae', 'jl', 'jge', 'jle', 'jg', 'js', 'jns', 'jo', 'jp'];

function program(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const labels = 12;
  const lines = [`# relaxation program, seed ${seed}`, next() < 0.3 ? '\t.code16' : '\t.code32', '\t.text'];
  const defined = new Set<number>();
  for (let i = 0; i < 70; i++) {
    const r = next();
    if (r < 0.35) {
      const target = Math.floor(next() * labels);
      const offset = next() < 0.1 ? ` + ${Math.floor(next() * 4)}` : '';
      lines.push(`\t${next() < 0.5 ? 'jmp' : pick(CONDITIONS)} L${target}${offset}`);
    } else if (r < 0.55) {
      const n = Math.floor(next() * labels);
      if (!defined.has(n)) {
        defined.add(n);
        lines.push(`L${n}:`);
      }
    } else if (r < 0.8) {
      lines.push(`\t.fill ${Math.floor(next() * 90)}, 1, 0x90`);
    } else if (r < 0.88) {
      lines.push(`\t.p2align ${Math.floor(next() * 6)}${next() < 0.3 ? `,,${Math.floor(next() * 8)}` : ''}`);
    } else if (r < 0.93) {
      lines.push(`\tjmp ${next() < 0.5 ? 'external_symbol' : 'other_section'}`);
    } else if (r < 0.97) {
      lines.push(`1:\tjmp ${next() < 0.5 ? '1b' : '1f'}`);
    } else {
      lines.push('\t.code32', '\tnop', '\t.code16', '\tnop', '\t.code32');
    }
  }
  for (let n = 0; n < labels; n++) if (!defined.has(n)) lines.push(`L${n}:`, '\tnop');
  lines.push('1:\tret', '\t.section .text.other, "ax"', 'other_section:', '\tret');
  return `${lines.join('\n')}\n`;
}

const as = externalTool('as', 'binutils');
const scratch = mkdtempSync(join(tmpdir(), 'vmi386-relax-'));

describe.skipIf(!as.path)('relaxation: generated programs vs GNU as', () => {
  for (let seed = 1; seed <= 150; seed++) {
    it(`seed ${seed}`, () => {
      const file = join(scratch, `relax-${seed}.s`);
      writeFileSync(file, program(seed));
      expect(differences(file)).toEqual([]);
    });
  }
});
