// Assembles a test program into a flat image at a fixed origin with @vmi386/asm (assemble + linkFlat).
// When GNU binutils are installed, the same source also goes through GNU as + ld + objcopy and the two
// images must be identical, so a system test can never pass on a mis-assembled program.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, formatDiagnostic, linkFlat } from '@vmi386/asm';
import { externalTool } from '@vmi386/testkit';

export interface FlatImage {
  image: Uint8Array;
  symbols: Map<string, number>;
}

export function buildFlat(source: string, origin: number): FlatImage {
  const result = assemble(source, { fileName: 'system-test.s' });
  const linked = linkFlat(result, { origin });
  if (!linked.ok) {
    const diagnostics = [...result.diagnostics, ...linked.diagnostics].map((d) => formatDiagnostic(d));
    throw new Error(`@vmi386/asm rejected the program:\n${diagnostics.join('\n')}`);
  }
  const symbols = new Map(linked.symbols.map((s) => [s.name, s.value >>> 0]));
  const gnu = buildWithGnu(source, origin);
  if (gnu) {
    const same = gnu.length === linked.bytes.length && gnu.every((b, i) => b === linked.bytes[i]);
    if (!same) throw new Error('@vmi386/asm and GNU as + ld built different images for this program');
  }
  return { image: linked.bytes, symbols };
}

const tools = ['as', 'ld', 'objcopy'].map((name) => externalTool(name, 'binutils'));

/** The image GNU as + ld + objcopy build, or undefined without binutils. */
function buildWithGnu(source: string, origin: number): Uint8Array | undefined {
  const [as, ld, objcopy] = tools.map((t) => t.path);
  if (!as || !ld || !objcopy) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-sys-'));
  const file = (name: string) => join(dir, name);
  writeFileSync(file('prog.s'), source);
  const run = (tool: string, args: string[]) =>
    execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run(as, ['--32', '-o', file('prog.o'), file('prog.s')]);
  run(ld, [
    '-m',
    'elf_i386',
    '-N',
    '--build-id=none',
    '-Ttext',
    `0x${origin.toString(16)}`,
    '-e',
    '_start',
    '-o',
    file('prog.elf'),
    file('prog.o'),
  ]);
  run(objcopy, ['-O', 'binary', '-j', '.text', file('prog.elf'), file('prog.bin')]);
  return new Uint8Array(readFileSync(file('prog.bin')));
}
