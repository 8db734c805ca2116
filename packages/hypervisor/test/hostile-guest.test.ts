import { describe, expect, it } from 'vitest';
import { buildRom, HypervisorMachine, MONITOR_GDT, ROM_BASE } from '../src/index.js';
import { buildHostileKernel, hostileAttempts, stoppingAttempts } from './hostile-guest.js';

const GP = 13;
const PF = 14;

/** The monitor's own state a guest must not change: the ROM, its descriptors and its code. */
function monitorState(machine: HypervisorMachine): string {
  const shadow = machine.monitor.shadow;
  const memory = machine.pc.memory;
  const bytes = (linear: number, length: number) => [...memory.read(shadow.holePhysical(linear), length)];
  return JSON.stringify({
    rom: bytes(ROM_BASE, 4096),
    monitorDescriptors: bytes(MONITOR_GDT + 256 * 8, 3 * 8),
    monitorCode: bytes(0xfc005000, 64),
    holeDirectory: memory.readU32(shadow.directory + (0xfc000000 >>> 22) * 4),
  });
}

describe('a hostile guest', () => {
  it('is contained: every escape attempt faults as it would under a real monitor, the monitor unchanged', () => {
    const attempts = hostileAttempts(buildRom().doorbells.iret);
    const kernel = buildHostileKernel(attempts);
    const machine = new HypervisorMachine();
    machine.boot(kernel.image);
    const before = monitorState(machine);
    const result = machine.run({ maxInstructions: 1_000_000 });
    expect(result.monitorStop).toBeUndefined();
    expect(result.reason).toBe('exit');
    const read = (symbol: string, i: number) =>
      machine.pc.memory.readU32((kernel.symbols[symbol] as number) + 4 * i) | 0;
    const outcome = attempts.map((_, i) => [read('results', i), read('errors', i)]);
    expect(outcome).toEqual([
      [PF, 0b011], // a supervisor write to a present read-only page
      [GP, 0],
      [GP, 0],
      [GP, 0x808],
      [GP, 0x800],
      [GP, 0],
      [GP, 0],
      [GP, 0],
    ]);
    expect(monitorState(machine)).toBe(before);
  });

  it('that maps the monitor’s RAM through its own page tables is stopped with the reason', () => {
    const kernel = buildHostileKernel([stoppingAttempts.mapMonitorRam]);
    const machine = new HypervisorMachine();
    machine.boot(kernel.image);
    const before = monitorState(machine);
    const result = machine.run({ maxInstructions: 1_000_000 });
    expect(result.reason).toBe('triple-fault');
    expect(result.monitorStop).toMatch(/linear 0x0 maps to physical 0x4000000, beyond the guest's 64 MiB/);
    expect(monitorState(machine)).toBe(before);
  });

  it('that loads a GDT inside the hole gets no descriptor from it', () => {
    const kernel = buildHostileKernel([stoppingAttempts.gdtInHole]);
    const machine = new HypervisorMachine();
    machine.boot(kernel.image);
    const before = monitorState(machine);
    const result = machine.run({ maxInstructions: 1_000_000 });
    // Its GDT reads as empty, so the segment load faults, and the fault cannot be delivered
    // through a code segment the guest no longer has: the monitor stops it and says why.
    expect(result.monitorStop).toMatch(/selector 0x9 for cs is not a usable segment|not a code segment/);
    expect(monitorState(machine)).toBe(before);
  });
});
