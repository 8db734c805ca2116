import { buildRom } from '@vmi386/hypervisor';
import { describe, expect, it } from 'vitest';
import { raceConfigurations } from './configuration.js';
import { type ExplorationResult, explore, exploreRoutes } from './explore.js';
import { type EntryRoute, entryRoutes } from './window.js';

const byName = (name: string) => {
  const configuration = raceConfigurations.find((c) => c.name === name);
  if (!configuration) throw new Error(`no configuration ${name}`);
  return configuration;
};

/**
 * Every route of a configuration, explored once with one boot (exploreRoutes) and shared by the
 * tests below: the same results as one `explore` per route (checked by the first test).
 */
const explored = new Map<string, ExplorationResult[]>();
const resultOf = (name: string, route: EntryRoute): ExplorationResult => {
  let results = explored.get(name);
  if (!results) {
    results = exploreRoutes(byName(name), entryRoutes, { allowUnreached: true });
    explored.set(name, results);
  }
  const result = results.find((r) => r.route === route);
  if (!result) throw new Error(`no result for ${route}`);
  return result;
};

const REAL = 'vmi/hypervisor';
const IRET_ABLATION = 'vmi/hypervisor, IRET region not recognised';

describe('explore', () => {
  it('gives the same result for a route alone as with every route in one boot', () => {
    expect(explore(byName(REAL), 'page fault')).toEqual(resultOf(REAL, 'page fault'));
    expect(explore(byName(IRET_ABLATION), 'int $0x80')).toEqual(resultOf(IRET_ABLATION, 'int $0x80'));
  });

  it('passes at every boundary of int $0x80 under the monitor with the IRET region recognised', () => {
    const result = resultOf(REAL, 'int $0x80');
    expect(result.tried).toBe(result.windowLength + 1);
    expect(result.passed).toBe(result.tried);
    expect(result.failures).toEqual([]);
  });

  it('finds the IRET race, by source line, when the monitor does not recognise the region', () => {
    const result = resultOf(IRET_ABLATION, 'int $0x80');
    expect(result.failures.length).toBeGreaterThan(0);
    const failure = result.failures[0];
    expect(failure?.broken).toContain('no-frame-into-return');
    expect(failure?.where).toMatch(/^ROM\+0x[0-9a-f]+$|\.S:\d+$/);
  });

  // The interrupt-return and exception-return paths: the only timer tick a run takes in user mode
  // (pid 4 on its 16-bit stack, out through ldt_ss), a #NM of an x87 task, and pid 2's demand-page fault.
  for (const route of ['timer interrupt', 'device not available', 'page fault'] as const) {
    it(`passes at every boundary of the ${route} path under the monitor`, () => {
      const result = resultOf(REAL, route);
      expect(result.tried).toBeGreaterThan(50);
      expect(result.passed).toBe(result.tried);
    });

    it(`fails on the ${route} path exactly in the ROM's IRET after the virtual IF is set, when the region is not recognised`, () => {
      const rom = buildRom();
      const result = resultOf(IRET_ABLATION, route);
      expect(result.failed).toEqual({ 'no-frame-into-return': 2 });
      expect(result.failures.map((f) => f.eip)).toEqual([
        rom.iretEnableInstruction - 4,
        rom.iretEnableInstruction,
      ]);
      expect(result.failures.every((f) => f.where.startsWith('ROM+0x'))).toBe(true);
    });
  }
});

describe('explore from kernel mode', () => {
  const kernelRoutes = ['resume_kernel', 'nmi', 'iret_exc'] as const;

  it('passes at every boundary of resume_kernel, nmi and iret_exc under the monitor', () => {
    for (const route of kernelRoutes) {
      const result = resultOf(REAL, route);
      expect(result.tried).toBe(result.windowLength + 1);
      expect(result.tried).toBeGreaterThan(40);
      expect(result.failures).toEqual([]);
    }
  });

  it('without the IRET region: a frame into the ROM IRET on both returns with IF set, and on resume_kernel an interrupt left waiting past the budget', () => {
    const rom = buildRom();
    const intoReturn = [rom.iretEnableInstruction - 4, rom.iretEnableInstruction];
    const nmi = resultOf(IRET_ABLATION, 'nmi');
    expect(nmi.failed).toEqual({ 'no-frame-into-return': 2 });
    expect(nmi.failures.map((f) => f.eip)).toEqual(intoReturn);
    // Returning to kspin: an interrupt that arrives after the ROM's pending check and before its
    // store of the virtual IF waits for the next monitor exit (kspin makes none): never handled in time.
    const resumeKernel = resultOf(IRET_ABLATION, 'resume_kernel');
    expect(resumeKernel.failed).toEqual({ 'handled-once': 2, finished: 2, 'no-frame-into-return': 2 });
    expect(resumeKernel.failures.map((f) => f.eip)).toEqual([
      rom.iretEnableInstruction - 16,
      rom.iretEnableInstruction - 14,
      ...intoReturn,
    ]);
    // The #GP's return into iret_exc has IF clear in its frame: the ROM never sets the virtual IF there.
    expect(resultOf(IRET_ABLATION, 'iret_exc').failures).toEqual([]);
  });

  it('the native kernel under the monitor never reaches them (it stalls first), reported, not thrown', () => {
    const [resumeKernel] = exploreRoutes(byName('native/hypervisor'), ['resume_kernel'], {
      allowUnreached: true,
    });
    expect(resumeKernel?.tried).toBe(0);
    expect(resumeKernel?.unreached).toMatch(/^stalled/);
    // Without allowUnreached a window that never executes is a LabError (a bad --occurrence).
    expect(() => explore(byName('vmi/bare'), 'nmi', { occurrence: 3 })).toThrow(/never executes/);
  });
});
