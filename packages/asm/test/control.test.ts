// Generated programs of nested conditionals, repetitions, `.irp`/`.irpc`, macros with default and
// keyword arguments, local labels and symbol reassignment, assembled by GNU as and vmi386.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool, seededRandom } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { differences } from './gas.js';

function program(seed: number): string {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const out: string[] = [
    `# generated control flow, seed ${seed}`,
    '\tv = 0',
    '\tw = 3',
    '\t.macro put a, b=7, c:vararg',
    '\t.byte \\a, \\b',
    '\t.ifnb \\c',
    '\t.byte \\c',
    '\t.endif',
    '\t.endm',
    '\t.macro count n',
    '\t.if \\n',
    '\t.byte \\n',
    '\tcount (\\n-1)',
    '\t.endif',
    '\t.endm',
    '\t.data',
  ];
  const condition = () => {
    const atoms = ['v', 'w', 'v & 1', 'w > v', 'v == 2', '(v + w) % 3', 'v - w'];
    return `${atoms[int(atoms.length)]}${next() < 0.3 ? ` && ${atoms[int(atoms.length)]}` : ''}`;
  };
  const block = (depth: number): void => {
    const n = 1 + int(4);
    for (let i = 0; i < n; i++) {
      const r = next();
      if (r < 0.25 && depth > 0) {
        out.push(`\t.if ${condition()}`);
        block(depth - 1);
        if (next() < 0.4) {
          out.push(`\t.elseif ${condition()}`);
          block(depth - 1);
        }
        if (next() < 0.5) {
          out.push('\t.else');
          block(depth - 1);
        }
        out.push('\t.endif');
      } else if (r < 0.4 && depth > 0) {
        out.push(`\t.rept ${int(4)}`);
        out.push('\tv = v + 1');
        block(depth - 1);
        out.push('\t.endr');
      } else if (r < 0.5) {
        out.push(`\t.irp x, ${int(9)}, ${int(9)}, v`, '\t.byte \\x', '\t.endr');
      } else if (r < 0.55) {
        out.push('\t.irpc d, 1234', '\t.byte \\d * v', '\t.endr');
      } else if (r < 0.7) {
        const forms = [
          `put ${int(9)}`,
          `put ${int(9)}, ${int(9)}`,
          `put b=${int(9)}, a=v`,
          `put 1, 2, 3, 4`,
          `count ${int(4)}`,
        ];
        out.push(`\t${forms[int(forms.length)]}`);
      } else if (r < 0.8) {
        out.push(`\tw = w ${next() < 0.5 ? '+' : '-'} ${int(3)}`);
      } else if (r < 0.9) {
        out.push('1:\t.byte v', '\t.long 1b');
      } else {
        out.push('\t.byte v, w');
      }
    }
  };
  block(3);
  return `${out.join('\n')}\n`;
}

const as = externalTool('as', 'binutils');
const scratch = mkdtempSync(join(tmpdir(), 'vmi386-control-'));

describe.skipIf(!as.path)('control flow: generated programs vs GNU as', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, () => {
      const file = join(scratch, `control-${seed}.s`);
      writeFileSync(file, program(seed));
      expect(differences(file)).toEqual([]);
    });
  }
});
