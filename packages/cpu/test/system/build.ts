// Assembles a test program into a flat image at a fixed origin. @vmi386/asm has no flat linker yet
// (`linkFlat`), so the programs go through GNU as + ld + objcopy for now (found with externalTool).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalTool } from '@vmi386/testkit';

export const gnuAs = externalTool('as', 'binutils');
const ld = externalTool('ld', 'binutils');
const objcopy = externalTool('objcopy', 'binutils');
const nm = externalTool('nm', 'binutils');

/** Which assembler built the system-test programs (reported by the tests). */
export const ASSEMBLER = 'GNU as 2.40 + ld (until @vmi386/asm has linkFlat)';

export const toolsMissing = gnuAs.skipReason || ld.skipReason || objcopy.skipReason || nm.skipReason;

export interface FlatImage {
  image: Uint8Array;
  symbols: Map<string, number>;
}

export function buildFlat(source: string, origin: number): FlatImage {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-sys-'));
  const src = join(dir, 'prog.s');
  writeFileSync(src, source);
  const run = (tool: string | undefined, args: string[]) => {
    try {
      return execFileSync(tool!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: string };
      throw new Error(`${tool} failed:\n${err.stderr ?? e}`);
    }
  };
  run(gnuAs.path, ['--32', '-o', join(dir, 'prog.o'), src]);
  run(ld.path, [
    '-m',
    'elf_i386',
    '-N',
    '--build-id=none',
    '-Ttext',
    `0x${origin.toString(16)}`,
    '-e',
    '_start',
    '-o',
    join(dir, 'prog.elf'),
    join(dir, 'prog.o'),
  ]);
  run(objcopy.path, ['-O', 'binary', '-j', '.text', join(dir, 'prog.elf'), join(dir, 'prog.bin')]);
  const symbols = new Map<string, number>();
  for (const line of run(nm.path, [join(dir, 'prog.elf')]).split('\n')) {
    const m = /^([0-9a-f]+) \w (\S+)$/.exec(line.trim());
    if (m) symbols.set(m[2], Number.parseInt(m[1], 16));
  }
  return { image: new Uint8Array(readFileSync(join(dir, 'prog.bin'))), symbols };
}
