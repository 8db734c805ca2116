// Walks the CPU's opcode table: every executable form is disassembled, the text is assembled by
// @vmi386/asm (and by GNU as, whose bytes must be the same), and the result re-decodes to the same
// instruction text. This is what "the assembler accepts every instruction the CPU executes" means.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, linkFlat } from '@vmi386/asm';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { exclusionOf } from './exclusions.js';
import { executableForms, type Form, statement } from './forms.js';

const as = externalTool('as', 'binutils');
const objcopy = externalTool('objcopy', 'binutils');

const forms = executableForms();
const walked = forms.filter((f) => exclusionOf(f) === undefined);

/** Our bytes for one statement, linked at 0 (so jump targets print the same), or the diagnostics. */
function ours(text: string): Uint8Array | string {
  const result = assemble(`.code32\n${text}\n`);
  if (!result.ok) return result.diagnostics.map((d) => d.message).join('; ');
  const image = linkFlat(result, { origin: 0 });
  return image.ok ? image.bytes : image.diagnostics.map((d) => d.message).join('; ');
}

/** Relative branches print an absolute target, which GAS would relocate in an object file. */
function isRelativeBranch(f: Form): boolean {
  return /^(j|loop|call [^*$]|jmp [^*$])/.test(f.text) && !f.text.includes('$') && !f.text.includes('*');
}

describe('the opcode table walked through the assembler', () => {
  it('knows thousands of executable forms and excludes only the documented ones', () => {
    const excluded = new Map<string, number>();
    for (const f of forms) {
      const reason = exclusionOf(f);
      if (reason) excluded.set(reason, (excluded.get(reason) ?? 0) + 1);
    }
    console.log(`opcode walk: ${forms.length} executable forms, ${walked.length} walked`);
    for (const [reason, n] of excluded) console.log(`  excluded ${n}: ${reason}`);
    expect(forms.length).toBeGreaterThan(4000);
    expect(walked.length).toBeGreaterThan(forms.length - 400);
  });

  it('assembles every walked form from its disassembly and re-decodes it to the same instruction', () => {
    const problems: string[] = [];
    for (const f of walked) {
      const bytes = ours(f.text);
      if (typeof bytes === 'string') {
        problems.push(`${f.name}: \`${f.text}' rejected: ${bytes}`);
        continue;
      }
      const again = statement(bytes);
      if (again?.text !== f.text || again.length !== bytes.length)
        problems.push(`${f.name}: \`${f.text}' re-decodes as \`${again?.text}'`);
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(as.skipReason || objcopy.skipReason)('encodes every walked form as GNU as does', () => {
    const checked = walked.filter((f) => !isRelativeBranch(f));
    const dir = mkdtempSync(join(tmpdir(), 'vmi386-opcode-walk-'));
    try {
      writeFileSync(join(dir, 'walk.s'), `.code32\n${checked.map((f) => f.text).join('\n')}\n`);
      execFileSync(as.path!, ['--32', '-o', join(dir, 'walk.o'), join(dir, 'walk.s')], { stdio: 'pipe' });
      execFileSync(objcopy.path!, [
        '-O',
        'binary',
        '--only-section=.text',
        join(dir, 'walk.o'),
        join(dir, 'walk.bin'),
      ]);
      const gas = new Uint8Array(readFileSync(join(dir, 'walk.bin')));
      const problems: string[] = [];
      let at = 0;
      for (const f of checked) {
        const mine = ours(f.text) as Uint8Array;
        const theirs = gas.subarray(at, at + mine.length);
        if (theirs.some((b, k) => b !== mine[k])) {
          problems.push(
            `${f.name}: \`${f.text}' ours ${hex(mine)}, GNU as ${hex(gas.subarray(at, at + 15))}…`,
          );
          break; // the offsets after a length difference no longer line up
        }
        at += mine.length;
      }
      expect(problems).toEqual([]);
      expect(at).toBe(gas.length);
      console.log(`opcode walk: ${checked.length} forms byte-identical to GNU as (${at} bytes)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
