import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { writeTempFiles } from '@vmi386/testkit/gnu-as';
import { describe, expect, it } from 'vitest';
import { buildGuest, entryPaths, runtimeAddress, unreachedPaths } from '../src/index.js';
import { qemu, runQemu } from './gnu-kernel.js';

/** Addresses of every instruction QEMU translated (and so reached) during a run. */
function reachedAddresses(image: Uint8Array): Set<number> {
  const dir = writeTempFiles({});
  const log = join(dir, 'in_asm.log');
  const run = runQemu(image, 60_000, ['-d', 'in_asm', '-D', log]);
  expect(run.guestStatus).toBe(0);
  const reached = new Set<number>();
  for (const match of readFileSync(log, 'utf8').matchAll(/^0x([0-9a-f]{8}):/gm))
    reached.add(Number.parseInt(match[1]!, 16));
  return reached;
}

describe.skipIf(!qemu.path)('every entry path of the seed is executed', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name}: under QEMU`, () => {
      const build = buildGuest({ backend });
      const reached = reachedAddresses(build.image);
      const missing = entryPaths.filter((p) => !reached.has(build.symbols[p.label]!)).map((p) => p.label);
      expect(missing).toEqual([]);
      // user code runs where runtimeAddress says (USER_CODE_BASE, VSYSCALL_BASE match defs.h)
      for (const label of ['int80_bench_loop', 'sysenter_bench_loop', '__kernel_vsyscall', 'checker']) {
        expect(reached.has(runtimeAddress(build, label)!), label).toBe(true);
      }
      // and the paths documented as unreachable are indeed not executed
      expect(unreachedPaths.filter((p) => reached.has(build.symbols[p.label]!))).toEqual([]);
    });
  }
});
