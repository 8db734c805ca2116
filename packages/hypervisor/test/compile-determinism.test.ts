// The block compiler under the monitor: the guest kernel deprivileged to ring 1 (both images) gives
// the same console, counters, monitor exits and events with the compiler on as with every
// instruction interpreted. The monitor patches hook points and traces descriptor-table writes while
// code is compiled, so this also checks that those writes reach compiled code.
import { buildGuest } from '@vmi386/guest-entry';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { HypervisorMachine } from '../src/index.js';

function run(image: Uint8Array, compile: boolean) {
  let console = '';
  // Every branch target compiled at its first visit: as much of the guest as possible runs compiled.
  const machine = new HypervisorMachine({
    console: (text) => (console += text),
    compile: compile && { hotThreshold: 1 },
  });
  machine.boot(image);
  const result = machine.run({ maxInstructions: 200_000_000 });
  const cpu = machine.pc.cpu;
  return {
    outcome: {
      result,
      console,
      counters: cpu.counters,
      cycles: cpu.cycles,
      exits: machine.monitor.exitsByCause(),
      statistics: machine.monitor.statistics,
    },
    compiled: cpu.compiledBlocks?.compiledCount ?? 0,
  };
}

describe('hypervisor with and without the block compiler', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name} image: identical runs`, { timeout: 300_000 }, () => {
      const image = buildGuest({ backend }).image;
      const interpreted = run(image, false);
      const compiled = run(image, true);
      expect(compiled.outcome).toEqual(interpreted.outcome);
      expect(compiled.compiled).toBeGreaterThan(10);
    });
  }
});
