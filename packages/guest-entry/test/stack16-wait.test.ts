import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { PcMachine } from '@vmi386/pc';
import { describe, expect, it } from 'vitest';
import { buildGuest, PAGE_OFFSET, runtimeAddress, USER_DATA_BASE } from '../src/index.js';

/**
 * stack16 (pid 4) waits in ring 3 for a timer tick by watching jiffies on the user data page. An
 * engine that looks at its timers only at some instructions (v86's interpreter between batches, QEMU
 * between translated blocks) took the ticks of a wait that polled with `int $0x80` right after the
 * `int`, in the kernel; a wait without system calls leaves it nowhere else to take them but ring 3.
 */
describe('stack16 waits for a tick without system calls', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name}: the first kernel entry after the wait starts is IRQ 0 from ring 3`, () => {
      const build = buildGuest({ backend });
      const machine = new PcMachine();
      machine.loadMultiboot(build.image);
      const wait = runtimeAddress(build, 'stack16_wait')!;
      machine.cpu.breakpoints.add(wait);
      expect(machine.run({ maxInstructions: 50_000_000 }).reason).toBe('breakpoint');
      expect(machine.cpu.cpl).toBe(3);
      machine.cpu.breakpoints.delete(wait);
      const irq0 = build.symbols.irq_entries_start!;
      const entries = { [irq0]: 'IRQ 0', [build.symbols.system_call!]: 'int $0x80' };
      for (const address of Object.keys(entries)) machine.cpu.breakpoints.add(Number(address));
      expect(machine.run({ maxInstructions: 50_000_000 }).reason).toBe('breakpoint');
      expect(entries[machine.cpu.eip]).toBe('IRQ 0');
    });
  }

  it('the user data page is jiffies, mapped read-only for user mode', () => {
    const build = buildGuest({ backend: nativeBackend });
    const machine = new PcMachine();
    machine.loadMultiboot(build.image);
    machine.cpu.breakpoints.add(runtimeAddress(build, 'stack16_wait')!);
    expect(machine.run({ maxInstructions: 50_000_000 }).reason).toBe('breakpoint');
    const jiffies = build.symbols.jiffies! - PAGE_OFFSET;
    expect(machine.memory.readU32(jiffies)).toBeGreaterThan(0);
    expect(machine.cpu.translate(USER_DATA_BASE, 'read', true)).toBe(jiffies);
    expect(machine.cpu.translate(USER_DATA_BASE, 'write', true)).toMatchObject({ kind: 'page-fault' });
  });
});
