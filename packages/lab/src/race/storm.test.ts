import { describe, expect, it } from 'vitest';
import { raceConfigurations } from './configuration.js';
import { storm } from './storm.js';

const byName = (name: string) => {
  const configuration = raceConfigurations.find((c) => c.name === name);
  if (!configuration) throw new Error(`no configuration ${name}`);
  return configuration;
};

const every4999 = { kind: 'periodic', every: 4999 } as const;

describe('storm', () => {
  it('the VMI guest under the monitor passes every check and exits 0 with a tick every 4999 instructions, nothing lost', () => {
    const outcome = storm(byName('vmi/hypervisor'), every4999);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.transcriptIntact).toBe(true);
    expect(outcome.raised).toBeGreaterThan(50);
    expect(outcome.events?.lost).toBe(0);
    expect(outcome.events?.delayed).toBeGreaterThan(0); // held while the guest's virtual IF was clear
    expect(storm(byName('vmi/hypervisor'), every4999)).toEqual(outcome); // deterministic
  });

  it('the native guest under trap-and-emulate does not survive a storm, and the monitor says why', () => {
    const outcome = storm(byName('native/hypervisor'), every4999);
    expect(outcome.exitCode).toBeNull();
    expect(outcome.transcriptIntact).toBe(false);
    expect(outcome.stop).toMatch(/^stopped by the monitor: /);
  });

  it('refuses a period that is not a whole number ≥ 1', () => {
    expect(() => storm(byName('vmi/bare'), { kind: 'periodic', every: 0 })).toThrow(RangeError);
    expect(() => storm(byName('vmi/bare'), { kind: 'periodic', every: 2.5 })).toThrow(/whole number/);
  });

  it('a seeded random storm: the same seed gives the same run, another seed another one', () => {
    const random = (seed: number) => storm(byName('vmi/bare'), { kind: 'random', seed, meanGap: 5000 });
    const outcome = random(42);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.transcriptIntact).toBe(true);
    expect(outcome.raised).toBeGreaterThan(50);
    expect(random(42)).toEqual(outcome);
    expect(random(43).instructions).not.toBe(outcome.instructions);
    expect(() => storm(byName('vmi/bare'), { kind: 'random', seed: 1, meanGap: 0 })).toThrow(/mean gap/);
  });
});
