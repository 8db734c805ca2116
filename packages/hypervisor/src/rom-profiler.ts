import type { Cpu } from '@vmi386/cpu';
import { VROM_CALL_LEN, vmiCalls } from '@vmi386/mach-vmi';
import type { HypervisorMachine } from './hypervisor-machine.js';
import { PAGE_SIZE, ROM_BASE } from './layout.js';

/**
 * A lab instrument, not part of the monitor (a real monitor could not count this without exits):
 * counts ROM calls by name and the instructions executed inside the ROM. It watches the ROM page's
 * instructions only (`Cpu.watchInstructions`, selected by the page's physical frame), so the guest's
 * own code runs at full speed; the counts are exact.
 */
export class RomProfiler {
  /** Calls by VMI call name. */
  readonly calls = new Map<string, number>();
  /** Instructions executed in the ROM page. */
  romInstructions = 0;
  private readonly entryNames = new Map<number, string>();

  constructor(machine: HypervisorMachine) {
    for (const call of vmiCalls) this.entryNames.set(ROM_BASE + VROM_CALL_LEN * call.number, call.name);
    // The ROM's frame is the monitor's and mapped at ROM_BASE alone, so its physical page is the ROM.
    const romFrame = machine.monitor.shadow.holePhysical(ROM_BASE);
    machine.pc.cpu.watchInstructions({
      selects: (physical) => physical >= romFrame && physical < romFrame + PAGE_SIZE,
      before: (cpu) => this.count(cpu),
    });
  }

  private count(cpu: Cpu): void {
    this.romInstructions++;
    const name = this.entryNames.get((cpu.csBase + cpu.ip) >>> 0);
    if (name !== undefined) this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
}
