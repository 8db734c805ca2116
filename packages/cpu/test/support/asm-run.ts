/** Test helper: assemble AT&T source with @vmi386/asm and run it flat with runFlat. */
import { assemble, linkFlat } from '@vmi386/asm';
import { type RunFlatOptions, type RunFlatResult, runFlat } from '../../src/index.js';
import { EAGER_COMPILE } from './eager-compile.js';

export const ORIGIN = 0x1000;

export function assembleFlat(
  source: string,
  origin = ORIGIN,
): { bytes: Uint8Array; symbols: Map<string, number> } {
  const result = assemble(`.code32\n${source}\n`);
  const image = linkFlat(result, { origin });
  if (!image.ok) {
    throw new Error(image.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  }
  return { bytes: image.bytes, symbols: new Map(image.symbols.map((s) => [s.name, s.value])) };
}

export function runAsm(source: string, options: Omit<RunFlatOptions, 'code'> = {}): RunFlatResult {
  const { bytes } = assembleFlat(source, options.origin ?? ORIGIN);
  return runFlat({ compile: EAGER_COMPILE, ...options, code: bytes });
}
