import type { Cpu } from '@vmi386/cpu';
import { VROM_CALL_LEN, vmiCalls } from '@vmi386/mach-vmi';
import { PAGE_SIZE, ROM_BASE } from './layout.js';

/**
 * A lab instrument, not part of the monitor (a real monitor could not count this without exits):
 * watches every instruction through the CPU's trace hook and counts ROM calls by name and the
 * instructions executed inside the ROM. It slows the run down; the counts are exact.
 */
export class RomProfiler {
  /** Calls by VMI call name. */
  readonly calls = new Map<string, number>();
  /** Instructions executed in the ROM page. */
  romInstructions = 0;
  private readonly entryNames = new Map<number, string>();

  constructor(cpu: Cpu) {
    for (const call of vmiCalls) this.entryNames.set(ROM_BASE + VROM_CALL_LEN * call.number, call.name);
    const previous = cpu.hooks.trace;
    cpu.hooks.trace = (c) => {
      previous?.(c);
      const linear = (c.csBase + c.ip) >>> 0;
      if (linear < ROM_BASE || linear >= ROM_BASE + PAGE_SIZE) return;
      this.romInstructions++;
      const name = this.entryNames.get(linear);
      if (name !== undefined) this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    };
    cpu.updateAttention();
  }
}
