import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { EXPECTED_TRANSCRIPT, PASSING_EXIT_STATUS } from '../src/index.js';
import { buildGnuKernel, gcc, ld, qemu, runQemu } from './gnu-kernel.js';

const tools = gcc.path && ld.path && qemu.path;

describe.skipIf(!tools)('the GNU-built fixture under QEMU', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name}: prints every PASS line and exits with status 0`, () => {
      const kernel = buildGnuKernel(backend);
      const run = runQemu(kernel.elf);
      expect(run.transcript).toBe(EXPECTED_TRANSCRIPT);
      expect(run.guestStatus).toBe(PASSING_EXIT_STATUS);
    });
  }
});
