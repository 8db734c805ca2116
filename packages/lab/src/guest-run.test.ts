import { EXPECTED_TRANSCRIPT, kernelSources } from '@vmi386/guest-entry';
import { describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { DEFAULT_MAX_INSTRUCTIONS, GuestSession, runGuest } from './guest-run.js';
import { LabError } from './lab-error.js';

describe('GuestSession', () => {
  it('gives the same report run in slices as in one go (what the web lab relies on)', () => {
    const whole = runGuest(backends.vmi, 'hypervisor', { maxInstructions: DEFAULT_MAX_INSTRUCTIONS });
    const session = new GuestSession({ backend: backends.vmi, platform: 'hypervisor' });
    let slices = 0;
    while (!session.advance(1_000_000).ended) slices++;
    expect(slices).toBeGreaterThan(10);
    expect(session.report()).toEqual(whole);
    expect(whole.exitCode).toBe(0);
    expect(whole.console).toBe(EXPECTED_TRANSCRIPT);
    expect(whole.hypervisor?.sitesPatched).toBeGreaterThan(0);
  });

  it('stops at a breakpoint and resumes to the same end', () => {
    const session = new GuestSession({ backend: backends.native, platform: 'bare' });
    const entry = session.build?.symbols.system_call;
    expect(entry).toBeTypeOf('number');
    session.cpu.breakpoints.add(entry as number);
    const step = session.advance(DEFAULT_MAX_INSTRUCTIONS);
    expect(step.result.reason).toBe('breakpoint');
    expect(step.ended).toBe(false);
    expect(session.cpu.eip >>> 0).toBe(entry);
    session.cpu.breakpoints.clear();
    session.advance(DEFAULT_MAX_INSTRUCTIONS);
    expect(session.report()).toEqual(
      runGuest(backends.native, 'bare', { maxInstructions: DEFAULT_MAX_INSTRUCTIONS }),
    );
  });

  it('builds the guest from edited sources, and reports a broken one as a guest-build error at its line', () => {
    const main = Object.keys(kernelSources).find((name) => name.endsWith('entry.S')) as string;
    const broken = { ...kernelSources, [main]: `${kernelSources[main]}\n\tmovl %eax,\n` };
    const lines = broken[main].split('\n').length - 1;
    try {
      new GuestSession({ backend: backends.vmi, platform: 'bare', sources: broken });
      expect.unreachable('the broken kernel built');
    } catch (e) {
      expect(e).toBeInstanceOf(LabError);
      expect((e as LabError).kind).toBe('guest-build');
      expect((e as LabError).message).toContain(`${main}:${lines}`);
    }
  });

  it('refuses an image that is not a Multiboot ELF with an unbootable-image error', () => {
    const image = new TextEncoder().encode('not an ELF at all');
    for (const platform of ['bare', 'hypervisor'] as const) {
      expect(() => new GuestSession({ backend: backends.native, platform, image })).toThrow(
        expect.objectContaining({ kind: 'unbootable-image' }),
      );
    }
  });
});
