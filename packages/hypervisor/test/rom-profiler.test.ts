// The ROM profiler counts through an instruction watch on the ROM's frame: its counts must be what
// the trace hook, which sees every instruction, finds by linear address in the same run.
import { buildGuest } from '@vmi386/guest-entry';
import { VROM_CALL_LEN, vmiBackend, vmiCalls } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { HypervisorMachine, ROM_BASE, RomProfiler } from '../src/index.js';

const PAGE_SIZE = 0x1000;

describe('the ROM profiler', () => {
  it('counts the instructions in the ROM and the calls by name as the trace hook sees them', () => {
    const machine = new HypervisorMachine();
    machine.boot(buildGuest({ backend: vmiBackend }).image);
    const profiler = new RomProfiler(machine);
    const names = new Map(vmiCalls.map((call) => [ROM_BASE + VROM_CALL_LEN * call.number, call.name]));
    let inRom = 0;
    const calls = new Map<string, number>();
    const cpu = machine.pc.cpu;
    cpu.hooks.trace = (c) => {
      const linear = (c.csBase + c.eip) >>> 0;
      if (linear < ROM_BASE || linear >= ROM_BASE + PAGE_SIZE) return;
      inRom++;
      const name = names.get(linear);
      if (name !== undefined) calls.set(name, (calls.get(name) ?? 0) + 1);
    };
    cpu.updateAttention();
    machine.run({ maxInstructions: 50_000_000 }); // to the guest's exit
    expect(inRom).toBeGreaterThan(50_000);
    expect(profiler.romInstructions).toBe(inRom);
    expect(profiler.calls).toEqual(calls);
  });
});
