import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { PcMachine } from '@vmi386/pc';
import { describe, expect, it } from 'vitest';
import { buildGuest, runtimeAddress } from '../src/index.js';

/** Instructions retired per iteration of a benchmark loop (the most frequent count over 10). */
function instructionsPerIteration(backend: typeof nativeBackend, loop: string): number {
  const build = buildGuest({ backend });
  const machine = new PcMachine();
  machine.loadMultiboot(build.image);
  machine.cpu.breakpoints.add(runtimeAddress(build, loop)!);
  const hits: number[] = [];
  for (let i = 0; i < 11; i++) {
    expect(machine.run({ maxInstructions: 50_000_000 }).reason).toBe('breakpoint');
    hits.push(machine.cpu.instructionCount);
  }
  const deltas = hits.slice(1).map((count, i) => count - hits[i]!);
  return deltas.sort(
    (a, b) => deltas.filter((d) => d === b).length - deltas.filter((d) => d === a).length,
  )[0]!;
}

const doc = readFileSync(fileURLToPath(new URL('../../../docs/entry-paths.md', import.meta.url)), 'utf8');

describe('benchmark loops on @vmi386/pc', () => {
  for (const [loop, row, sitesPerIteration] of [
    ['int80_bench_loop', '`int $0x80`', 2],
    ['sysenter_bench_loop', 'SYSENTER', 4],
  ] as const) {
    it(`${loop}: each executed VMI site costs one instruction; docs/entry-paths.md has the counts`, {
      timeout: 120_000,
    }, () => {
      const native = instructionsPerIteration(nativeBackend, loop);
      const vmi = instructionsPerIteration(vmiBackend, loop);
      expect(vmi - native).toBe(sitesPerIteration);
      expect(doc).toContain(`| ${row} | ${native} | ${vmi} | +${vmi - native}:`);
    });
  }
});
