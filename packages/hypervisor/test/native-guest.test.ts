import { nativeBackend } from '@vmi386/mach-native';
import { describe, expect, it } from 'vitest';
import { SensitiveInstructionCensus } from '../src/index.js';
import { runUnderMonitor } from './run-guest.js';

describe('the native image under the hypervisor (trap-and-emulate only)', () => {
  const run = runUnderMonitor(nativeBackend);

  it('patches nothing and emulates the trapping instructions', () => {
    expect(run.patched).toBe(0);
    const exits = run.machine.monitor.exitsByCause();
    expect(exits.get('trap: cli')).toBeGreaterThan(1000);
    expect(exits.get('trap: sti')).toBeGreaterThan(1000);
    expect(exits.get('trap: lgdt')).toBe(1);
    expect(exits.get('trap: out')).toBeGreaterThan(100);
  });

  it('gets through the first checks, then stalls with a named reason instead of hanging', () => {
    expect(run.console).toContain('PASS system_call: int $0x80 loop');
    expect(run.console).not.toContain('summary:');
    expect(run.result.monitorStop).toMatch(
      /^stalled: an interrupt waited \d+ instructions for the guest's virtual IF/,
    );
    expect(run.machine.monitor.statistics.lost).toBe(0);
  });

  it('makes a null int $0x80 call leave for the monitor (its CLI traps)', () => {
    const common = [...run.benchPaths].sort((a, b) => b[1] - a[1])[0];
    expect(common?.[0]).toBe('3→1→0→1→3');
  });
});

describe('the sensitive-instruction census', () => {
  it('finds the IRETs whose IF the CPU ignored in ring 1 in the native image', async () => {
    const { buildGuest } = await import('@vmi386/guest-entry');
    const { HypervisorMachine } = await import('../src/index.js');
    const machine = new HypervisorMachine();
    machine.boot(buildGuest({ backend: nativeBackend }).image);
    const census = new SensitiveInstructionCensus(machine.pc.cpu, () => machine.monitor.virtualInterruptFlag);
    machine.run({ maxInstructions: 5_000_000 }); // enough for the first tasks
    expect(census.counts.get('iret ignored IF')).toBeGreaterThan(10);
  });
});
