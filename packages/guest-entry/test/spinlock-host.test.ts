import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { PcMachine } from '@vmi386/pc';
import { describe, expect, it } from 'vitest';
import { buildGuest, EXPECTED_TRANSCRIPT, PAGE_OFFSET } from '../src/index.js';

const LATCH = 11932; // the guest's PIT divisor (defs.h)

/**
 * The seed's spinlock contended from outside: as the checker enters its first write system call,
 * the host takes the console lock (its byte goes to 0) as another CPU would. The write must spin
 * in the loop with interrupts enabled, so timer interrupts land inside it; when the host lets go,
 * the run finishes with nothing lost.
 */
describe('the console spinlock held by the host (on @vmi386/pc)', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name}: the guest spins with interrupts on, then carries on`, { timeout: 180_000 }, () => {
      const build = buildGuest({ backend });
      let transcript = '';
      // A fast PIT (a tick every 16 × LATCH instructions) keeps the hold short.
      const machine = new PcMachine({ console: (text) => (transcript += text), instructionsPerPitTick: 16 });
      machine.loadMultiboot(build.image);
      const lock = build.symbols.console_lock! - PAGE_OFFSET;
      const hits = build.symbols.spin_irq_hits! - PAGE_OFFSET;

      // Stop at the first write system call: the checker's first line, after every other task
      // has exited. The lock is free; the host takes it before the checker does.
      machine.cpu.breakpoints.add(build.symbols.sys_write!);
      const atWrite = machine.run({ maxInstructions: 100_000_000 });
      machine.cpu.breakpoints.clear();
      expect(atWrite.reason).toBe('breakpoint');
      expect(transcript).not.toContain('PASS');

      machine.memory.writeU8(lock, 0);
      const hitsBefore = machine.memory.readU32(hits);
      const printed = transcript;
      const tick = machine.instructionsPerPitTick * LATCH;
      expect(machine.run({ maxInstructions: 4 * tick }).reason).toBe('limit');
      expect(transcript).toBe(printed);
      expect(machine.memory.readU32(hits)).toBeGreaterThan(hitsBefore);
      const eip = machine.cpu.eip;
      expect(eip >= build.symbols.spin_wait_begin! && eip < build.symbols.spin_wait_end! + 2).toBe(true);

      machine.memory.writeU8(lock, 1);
      const end = machine.run({ maxInstructions: 500_000_000 });
      expect(end.reason).toBe('exit');
      expect(end).toMatchObject({ exitCode: 1 }); // (status 0 << 1) | 1
      expect(transcript).toBe(EXPECTED_TRANSCRIPT);
    });
  }
});
