import { describe, expect, it } from 'vitest';
import { raceConfigurations } from './configuration.js';
import { storm } from './storm.js';

const byName = (name: string) => {
  const configuration = raceConfigurations.find((c) => c.name === name);
  if (!configuration) throw new Error(`no configuration ${name}`);
  return configuration;
};

describe('storm', () => {
  it('the VMI guest under the monitor passes every check and exits 0 with a tick every 4999 instructions, nothing lost', () => {
    const outcome = storm(byName('vmi/hypervisor'), 4999);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.transcriptIntact).toBe(true);
    expect(outcome.raised).toBeGreaterThan(50);
    expect(outcome.events?.lost).toBe(0);
    expect(outcome.events?.delayed).toBeGreaterThan(0); // held while the guest's virtual IF was clear
    expect(storm(byName('vmi/hypervisor'), 4999)).toEqual(outcome); // deterministic
  });

  it('the native guest under trap-and-emulate does not survive a storm, and the monitor says why', () => {
    const outcome = storm(byName('native/hypervisor'), 4999);
    expect(outcome.exitCode).toBeNull();
    expect(outcome.transcriptIntact).toBe(false);
    expect(outcome.stop).toMatch(/^stopped by the monitor: /);
  });

  it('refuses a period that is not a whole number ≥ 1', () => {
    expect(() => storm(byName('vmi/bare'), 0)).toThrow(RangeError);
    expect(() => storm(byName('vmi/bare'), 2.5)).toThrow(/whole number/);
  });
});
