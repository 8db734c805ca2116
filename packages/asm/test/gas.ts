// Runs GNU as (or gcc -m32 for .S files, so cpp runs first) and our assembler on the same file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readElf32 } from '@vmi386/elf';
import { assemble, formatDiagnostic, writeElfRelocatable } from '../src/index.js';
import { compareObjects } from './compare.js';

const scratch = mkdtempSync(join(tmpdir(), 'vmi386-asm-'));
let counter = 0;

export function gasObject(path: string): Uint8Array {
  const out = join(scratch, `gas-${counter++}.o`);
  if (path.endsWith('.S'))
    execFileSync('gcc', ['-m32', '-D__ASSEMBLY__', '-c', path, '-o', out, '-I', dirname(path)], {
      stdio: 'pipe',
    });
  else execFileSync('as', ['--32', '-I', dirname(path), path, '-o', out], { stdio: 'pipe' });
  return readFileSync(out);
}

export function ourObject(path: string): { object: Uint8Array | undefined; errors: string[] } {
  const result = assemble(readFileSync(path, 'utf8'), {
    fileName: path,
    includePaths: [dirname(path)],
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  return { object: result.ok ? writeElfRelocatable(result) : undefined, errors };
}

/** Differences between GNU as's object and ours for one source file (empty when identical). */
export function differences(path: string): string[] {
  const ours = ourObject(path);
  if (!ours.object) return ours.errors;
  return compareObjects(readElf32(gasObject(path)), readElf32(ours.object));
}
