/**
 * Assemble a `.S` with GNU tools (gcc -m32 runs cpp, then as), with `<mach_asm.h>` and other
 * files supplied in memory, and read back section bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool } from './index.js';

export const gcc = externalTool('gcc', 'gcc');
export const objcopy = externalTool('objcopy', 'binutils');

/** Writes `files` into a fresh temporary directory; returns it. */
export function writeTempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-mach-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `gcc -m32 -c -x assembler-with-cpp` on `main` (in `dir`, which is also the include path). */
export function gnuAssembleFile(dir: string, main: string, output: string): { ok: boolean; message: string } {
  try {
    execFileSync(
      gcc.path!,
      [
        '-m32',
        '-c',
        '-x',
        'assembler-with-cpp',
        '-nostdinc',
        '-I',
        dir,
        '-o',
        join(dir, output),
        join(dir, main),
      ],
      {
        stdio: 'pipe',
      },
    );
    return { ok: true, message: '' };
  } catch (e) {
    return { ok: false, message: String((e as { stderr?: Buffer }).stderr ?? e) };
  }
}

/** The bytes of one section of an object file ('' when the section is absent). */
export function gnuSectionBytes(object: string, section: string): Uint8Array {
  const out = `${object}.${section.replace(/[^A-Za-z0-9_]/g, '_')}.bin`;
  execFileSync(objcopy.path!, ['-O', 'binary', `--only-section=${section}`, object, out], { stdio: 'pipe' });
  const bytes = new Uint8Array(readFileSync(out));
  return bytes;
}

/** Assembles one `.S` source with `<mach_asm.h>` = header; returns `.text` and `.rodata`. */
export function gnuAssemble(
  source: string,
  header: string,
  sections: readonly string[] = ['.text', '.rodata'],
): { ok: boolean; message: string; sections: Record<string, Uint8Array> } {
  const dir = writeTempFiles({ 'probe.S': source, 'mach_asm.h': header });
  try {
    const result = gnuAssembleFile(dir, 'probe.S', 'probe.o');
    if (!result.ok) return { ...result, sections: {} };
    const bytes: Record<string, Uint8Array> = {};
    for (const name of sections) bytes[name] = gnuSectionBytes(join(dir, 'probe.o'), name);
    return { ok: true, message: '', sections: bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
