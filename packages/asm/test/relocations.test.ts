// Generated programs that reference labels across sections (local, global, weak, undefined,
// common) from data and code, assembled by GNU as and vmi386: relocations, their symbols and the
// addends in the bytes must be identical.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool, seededRandom } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { differences } from './gas.js';

const SECTIONS = [
  '.text',
  '.data',
  '.section .rodata',
  '.section .data.rel, "aw"',
  '.section .text.alt, "ax"',
];

function program(seed: number): string {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const labels = Array.from({ length: 10 }, (_, i) => `L${i}`);
  const targets = [...labels, 'ext1', 'ext2', 'com1'];
  const out = [`# generated references, seed ${seed}`, '\t.comm com1, 8'];
  for (const l of labels) {
    const r = next();
    if (r < 0.3) out.push(`\t.globl ${l}`);
    else if (r < 0.4) out.push(`\t.weak ${l}`);
  }
  let code = true;
  let defined = 0;
  for (let i = 0; i < 60; i++) {
    const r = next();
    const target = targets[int(targets.length)];
    if (r < 0.1) {
      const s = SECTIONS[int(SECTIONS.length)];
      out.push(`\t${s}`);
      code = s.includes('text');
    } else if (r < 0.25 && defined < labels.length) {
      out.push(`${labels[defined++]}:`);
    } else if (r < 0.4) {
      out.push(`\t.long ${target}${next() < 0.4 ? ` + ${int(100)}` : ''}`);
    } else if (r < 0.5) {
      out.push(`\t.long ${target} - .${next() < 0.3 ? ` + ${int(8)}` : ''}`);
    } else if (r < 0.55) {
      out.push(`\t.word ${target}`);
    } else if (r < 0.7 && code) {
      out.push(`\t${['call', 'jmp', 'je', 'jne'][int(4)]} ${target}`);
    } else if (r < 0.8 && code) {
      out.push(`\tmovl $${target}, %eax`, `\tmovl ${target}+4, %ebx`);
    } else if (r < 0.9) {
      out.push(`\t.fill ${int(40)}, 1, 0x90`);
    } else {
      out.push(`\t.p2align ${int(4)}`);
    }
  }
  while (defined < labels.length) out.push(`${labels[defined++]}:`, '\t.byte 0');
  return `${out.join('\n')}\n`;
}

const as = externalTool('as', 'binutils');
const scratch = mkdtempSync(join(tmpdir(), 'vmi386-reloc-'));

describe.skipIf(!as.path)('relocations: generated programs vs GNU as', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, () => {
      const file = join(scratch, `reloc-${seed}.s`);
      writeFileSync(file, program(seed));
      expect(differences(file)).toEqual([]);
    });
  }
});
