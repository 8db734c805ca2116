import { buildGuest } from '@vmi386/guest-entry';
import { vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { DEFAULT_MAX_INSTRUCTIONS, GuestSession } from './guest-run.js';
import { describeHookPoints } from './hook-points.js';

describe('describeHookPoints', () => {
  const build = buildGuest({ backend: vmiBackend });
  const points = describeHookPoints(build);

  it('describes every annotated site, at its source line, as native bytes plus NOP padding', () => {
    expect(points.length).toBe(build.sites.length);
    const iret = points.find((p) => p.call === 'IRET');
    expect(iret?.file).toMatch(/\.S$/);
    expect(iret?.imageBytes[0]).toBe(0xcf); // iret
    expect(iret?.imageDisassembly[0]?.text).toMatch(/^iret/);
    // The padding after the native instruction decodes as NOPs only.
    expect(iret?.imageDisassembly.slice(1).map((l) => l.text)).toEqual(['nop']);
    expect(iret?.imageDisassembly.slice(1)[0]?.offset).toBe(iret?.nativeLength);
  });

  it('patches each site into a call to its ROM entry, padded to the site length', () => {
    for (const point of points) {
      expect(point.patchedBytes.length).toBe(point.imageBytes.length);
      const call = point.patchedDisassembly[0];
      expect(call?.text).toBe(`call 0x${point.romEntry.toString(16)}`);
    }
  });

  it('counts how often a run goes through each site, without changing the run', () => {
    const profiled = new GuestSession({ backend: backends.vmi, platform: 'hypervisor', profileSites: true });
    profiled.advance(DEFAULT_MAX_INSTRUCTIONS);
    const plain = new GuestSession({ backend: backends.vmi, platform: 'hypervisor' });
    plain.advance(DEFAULT_MAX_INSTRUCTIONS);
    expect(profiled.report()).toEqual(plain.report());
    const visits = profiled.siteVisits();
    const iretVisits = points.filter((p) => p.call === 'IRET').map((p) => visits.get(p.address) ?? 0);
    // Every IRET the guest executes goes through a patched site and so through the ROM.
    expect(iretVisits.reduce((a, b) => a + b, 0)).toBe(profiled.report().hypervisor?.romCalls.IRET);
  });
});
