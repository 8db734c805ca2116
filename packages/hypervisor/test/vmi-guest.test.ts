import { vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { runUnderMonitor } from './run-guest.js';

describe('the VMI image under the hypervisor (kernel in ring 1, hook points patched)', () => {
  const run = runUnderMonitor(vmiBackend);
  const exits = run.machine.monitor.exitsByCause();

  it('prints the same 17-PASS transcript as on bare hardware and exits 0', () => {
    expect(run.result.reason).toBe('exit');
    expect(run.result).toMatchObject({ exitCode: 1 }); // isa-debug-exit: (0 << 1) | 1
    expect(run.console).toContain('summary: 17 passed, 0 failed');
    expect(run.console.split('\n').filter((line) => line.startsWith('PASS '))).toHaveLength(17);
    expect(run.console).not.toContain('FAIL');
  });

  it('patched every hook point and lost no event', () => {
    expect(run.sites).toBe(50);
    expect(run.patched).toBe(run.sites);
    expect(run.machine.monitor.statistics.lost).toBe(0);
    expect(run.machine.monitor.statistics.injected).toBeGreaterThan(0);
  });

  it('runs the kernel in ring 1: no guest code ever ran in ring 0', () => {
    const transitions = new Map(
      run.machine.pc.cpu.counters.cplTransitions.map((t) => [`${t.from}->${t.to}`, t.count]),
    );
    // Ring 0 is entered only by monitor exits (1→0, 3→0) and left to the guest (0→1, 0→3).
    expect(transitions.get('1->3')).toBeGreaterThan(0);
    expect(transitions.get('3->1')).toBeGreaterThan(0);
    expect(transitions.get('0->0')).toBeUndefined();
  });

  it('makes a null int $0x80 call without any monitor exit, a sysenter call with exactly two', () => {
    // The benchmark loops' steady state: 1000 calls each, all but a few (stretched by a timer
    // interrupt) take the same path.
    const paths = [...run.benchPaths].sort((a, b) => b[1] - a[1]);
    expect(paths.find(([path]) => path === '3→1→3')?.[1]).toBeGreaterThanOrEqual(990);
    expect(paths.find(([path]) => path === '3→0→1→0→3')?.[1]).toBeGreaterThanOrEqual(990);
    // Each sysenter call: one bounce through the monitor's ring-0 code and one trapped sysexit.
    expect(exits.get('sysenter bounce')).toBeGreaterThanOrEqual(2000);
    expect(exits.get('trap: sysexit')).toBeGreaterThanOrEqual(2000);
  });

  it('needs no trap for CLI, STI or SAVE_FL: the ROM keeps the virtual IF', () => {
    expect(exits.get('trap: cli')).toBeUndefined();
    expect(exits.get('trap: sti')).toBeUndefined();
  });

  it('is deterministic: a second run gives the same console and counters', () => {
    const again = runUnderMonitor(vmiBackend);
    expect(again.console).toBe(run.console);
    expect(again.result.instructions).toBe(run.result.instructions);
    expect(again.machine.pc.cpu.cycles).toBe(run.machine.pc.cpu.cycles);
    expect([...again.machine.monitor.exitsByCause()]).toEqual([...exits]);
  });
});
