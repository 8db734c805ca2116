import { describe, expect, it } from 'vitest';
import type { BackendName, Platform } from './backends.js';
import { type EventCosts, measureEventCosts as measure } from './event-costs.js';

/** The measurement is a pure function of (backend, platform): each one runs once for the whole file. */
const measured = new Map<string, EventCosts>();
const measureEventCosts = (backend: BackendName, platform: Platform): EventCosts => {
  const key = `${backend}/${platform}`;
  let costs = measured.get(key);
  if (!costs) {
    costs = measure(backend, platform);
    measured.set(key, costs);
  }
  return costs;
};

describe('measureEventCosts', () => {
  it('CLI and STI: one instruction on the bare PC, a ROM call without an exit under the monitor, a trap with the native image', () => {
    const bare = measureEventCosts('native', 'bare');
    expect([bare.cli.path, bare.cli.instructions, bare.sti.instructions]).toEqual(['0', 1, 1]);
    const paravirtual = measureEventCosts('vmi', 'hypervisor');
    expect(paravirtual.cli.path).toBe('1'); // the ROM's DisableInterrupts runs in ring 1: no exit
    expect(paravirtual.cli.instructions).toBeGreaterThan(1);
    const trapped = measureEventCosts('native', 'hypervisor');
    expect(trapped.cli.path).toBe('1→0→1'); // #GP to the monitor, emulated, resumed after the cli
    expect(trapped.cli.cycles).toBeGreaterThan(paravirtual.cli.cycles * 10);
  });

  it('a timer tick from user mode enters the monitor first under the hypervisor, the kernel directly on bare hardware', () => {
    expect(measureEventCosts('vmi', 'bare').timerFromUser.path).toBe('3→0→3');
    const hypervised = measureEventCosts('vmi', 'hypervisor').timerFromUser;
    expect(hypervised.path.startsWith('3→0→1')).toBe(true);
    expect(hypervised.path.endsWith('→3')).toBe(true);
  });

  it('a context switch: a sched_yield from user mode that resumes another task, on both platforms', () => {
    const bare = measureEventCosts('native', 'bare').contextSwitch;
    expect(bare.path).toBe('3→0→3');
    expect(bare.instructions).toBeGreaterThan(20);
    expect(bare.samples).toBeGreaterThan(10);
    const hypervised = measureEventCosts('vmi', 'hypervisor').contextSwitch;
    expect(hypervised.path.startsWith('3→1')).toBe(true); // int $0x80 through a direct gate
    expect(hypervised.cycles).toBeGreaterThan(bare.cycles);
  });

  it('a page fault the kernel resolves: on bare hardware one trip through ring 0; under the monitor the reflection, the guest kernel, and the shadow fill', () => {
    const bare = measureEventCosts('native', 'bare').pageFault;
    expect(bare.path).toBe('3→0→3');
    expect(bare.instructions).toBeGreaterThan(20);
    const hypervised = measureEventCosts('vmi', 'hypervisor').pageFault;
    expect(hypervised.path.startsWith('3→0→1')).toBe(true); // reflected by the monitor
    expect(hypervised.path.endsWith('3→0→3')).toBe(true); // the read again: a hidden shadow fill
    expect(hypervised.cycles).toBeGreaterThan(bare.cycles);
  });
});
