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
});
