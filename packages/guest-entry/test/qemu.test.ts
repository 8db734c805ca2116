import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { buildGuest, EXPECTED_TRANSCRIPT, kernelSources, PASSING_EXIT_STATUS } from '../src/index.js';
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

describe.skipIf(!qemu.path)('the checks can fail', () => {
  it('bypassing the 16-bit stack fix-up (ldt_ss) loses ESP’s high word: FAIL, status 1', () => {
    const entry = kernelSources['entry.S']!;
    expect(entry).toContain('\nldt_ss:\n');
    const sources = {
      ...kernelSources,
      'entry.S': entry.replace('\nldt_ss:\n', '\nldt_ss:\n\tjmp restore_nocheck\n'),
    };
    const build = buildGuest({ backend: nativeBackend, sources });
    expect(build.ok).toBe(true);
    const run = runQemu(build.image);
    expect(run.transcript).toContain(
      'FAIL ldt_ss: 16-bit stack keeps ESP and registers (system calls, interrupts): exit status 6 (expected 0)\n',
    );
    expect(run.transcript).toContain('summary: 16 passed, 1 failed\n');
    expect(run.guestStatus).toBe(1);
  });

  // Mutants of the interrupt return alone: the system calls on the 16-bit stack still pass, so only
  // the wait for a timer interrupt in ring 3 can catch them.
  const interruptMutants = [
    {
      what: 'an interrupt returning to the 16-bit stack without the fix-up loses ESP’s high word: status 6',
      file: 'entry.S',
      from: '\nldt_ss:\n',
      to: '\nldt_ss:\n\tcmpl $0, ORIG_EAX(%esp)\n\tjl restore_nocheck\n',
      status: 6,
    },
    {
      what: 'an interrupt return that ldt_ss does not count: status 8',
      file: 'traps.S',
      from: '\tincl TI_ldt_ss_intr(%ecx)\n',
      to: '\n',
      status: 8,
    },
    {
      what: 'a tick in ring 3 on the 16-bit stack that timer_interrupt does not count: status 9',
      file: 'traps.S',
      from: '\tincl TI_ldt_stack_ticks(%ecx)\n',
      to: '\n',
      status: 9,
    },
  ] as const;
  for (const mutant of interruptMutants) {
    it(mutant.what, () => {
      const source = kernelSources[mutant.file]!;
      expect(source).toContain(mutant.from);
      const sources = { ...kernelSources, [mutant.file]: source.replace(mutant.from, mutant.to) };
      const build = buildGuest({ backend: nativeBackend, sources });
      expect(build.ok).toBe(true);
      const run = runQemu(build.image);
      expect(run.transcript).toContain(
        `FAIL ldt_ss: 16-bit stack keeps ESP and registers (system calls, interrupts): exit status ${mutant.status} (expected 0)\n`,
      );
      expect(run.transcript).toContain('summary: 16 passed, 1 failed\n');
    });
  }
});
