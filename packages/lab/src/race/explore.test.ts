import { buildRom } from '@vmi386/hypervisor';
import { describe, expect, it } from 'vitest';
import { raceConfigurations } from './configuration.js';
import { explore } from './explore.js';

const byName = (name: string) => {
  const configuration = raceConfigurations.find((c) => c.name === name);
  if (!configuration) throw new Error(`no configuration ${name}`);
  return configuration;
};

describe('explore', () => {
  it('passes at every boundary of int $0x80 under the monitor with the IRET region recognised', () => {
    const result = explore(byName('vmi/hypervisor'), 'int $0x80');
    expect(result.tried).toBe(result.windowLength + 1);
    expect(result.passed).toBe(result.tried);
    expect(result.failures).toEqual([]);
  });

  it('finds the IRET race, by source line, when the monitor does not recognise the region', () => {
    const result = explore(byName('vmi/hypervisor, IRET region not recognised'), 'int $0x80');
    expect(result.failures.length).toBeGreaterThan(0);
    const failure = result.failures[0];
    expect(failure?.broken).toContain('no-frame-into-return');
    expect(failure?.where).toMatch(/^ROM\+0x[0-9a-f]+$|\.S:\d+$/);
  });

  // The interrupt-return and exception-return paths: the only timer tick a run takes in user mode
  // (pid 4 on its 16-bit stack, out through ldt_ss), a #NM of an x87 task, and pid 2's demand-page fault.
  for (const route of ['timer interrupt', 'device not available', 'page fault'] as const) {
    it(`passes at every boundary of the ${route} path under the monitor`, () => {
      const result = explore(byName('vmi/hypervisor'), route);
      expect(result.tried).toBeGreaterThan(50);
      expect(result.passed).toBe(result.tried);
    });

    it(`fails on the ${route} path exactly in the ROM's IRET after the virtual IF is set, when the region is not recognised`, () => {
      const rom = buildRom();
      const result = explore(byName('vmi/hypervisor, IRET region not recognised'), route);
      expect(result.failed).toEqual({ 'no-frame-into-return': 2 });
      expect(result.failures.map((f) => f.eip)).toEqual([
        rom.iretEnableInstruction - 4,
        rom.iretEnableInstruction,
      ]);
      expect(result.failures.every((f) => f.where.startsWith('ROM+0x'))).toBe(true);
    });
  }
});
