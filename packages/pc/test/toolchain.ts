// Builds the test kernels in test/kernels with the host's GNU toolchain (cpp via gcc for #include,
// as --32, ld -m elf_i386). Test-only: uses Node's fs and child_process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalTool } from '@vmi386/testkit';

export const KERNELS = join(dirname(fileURLToPath(import.meta.url)), 'kernels');

const as = externalTool('as', 'binutils');
const ld = externalTool('ld', 'binutils');
const cpp = externalTool('cpp', 'cpp');

/** Why kernels cannot be built here ('' when they can). */
export const toolchainSkipReason = as.skipReason || ld.skipReason || cpp.skipReason;

let workDir: string | undefined;

/**
 * Assembles test/kernels/NAME.S (or `source`, if given) and links it with test/kernels/SCRIPT.ld;
 * returns the ELF's path and bytes.
 */
export function buildKernel(
  name: string,
  script: string,
  source?: string,
): { path: string; image: Uint8Array } {
  workDir ??= mkdtempSync(join(tmpdir(), 'vmi386-pc-kernels-'));
  let input = join(KERNELS, `${name}.S`);
  if (source !== undefined) {
    input = join(workDir, `${name}.S`);
    writeFileSync(input, source);
  }
  const preprocessed = join(workDir, `${name}.s`);
  const object = join(workDir, `${name}.o`);
  const elf = join(workDir, `${name}.elf`);
  execFileSync(cpp.path!, ['-P', '-I', KERNELS, '-o', preprocessed, input]);
  execFileSync(as.path!, ['--32', '-o', object, preprocessed]);
  execFileSync(ld.path!, [
    '-m',
    'elf_i386',
    '--no-warn-rwx-segments',
    '-T',
    join(KERNELS, `${script}.ld`),
    '-o',
    elf,
    object,
  ]);
  return { path: elf, image: new Uint8Array(readFileSync(elf)) };
}
