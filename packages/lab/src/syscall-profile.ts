import type { Cpu } from '@vmi386/cpu';

/** What one system call cost, from the instruction that left ring 3 to the first one back in it. */
export interface SyscallSample {
  /** How the call entered the kernel: the cause of the first privilege change (`software` = INT n). */
  via: string;
  /** The privilege levels the call passed through, e.g. [3, 0, 3] bare or [3, 0, 1, 0, 3] under a hypervisor. */
  path: number[];
  instructions: number;
  cycles: number;
}

export interface SyscallCost {
  via: string;
  path: string;
  /** Calls that took this exact route and cost (the rest were stretched by interrupts). */
  calls: number;
  instructions: number;
  cycles: number;
}

/**
 * Watches the CPU's privilege changes and records every system call whose number (EAX at the
 * moment the CPU leaves ring 3) is `syscallNumber`. Nothing is added to the CPU's hot path: the
 * hook runs only on privilege changes.
 */
export class SyscallProfiler {
  readonly samples: SyscallSample[] = [];
  private open: { via: string; path: number[]; instructions: number; cycles: number } | undefined;

  constructor(
    private readonly cpu: Cpu,
    private readonly syscallNumber: number,
  ) {
    const previous = cpu.hooks.onCplChange;
    cpu.hooks.onCplChange = (from, to, cause) => {
      previous?.(from, to, cause);
      this.observe(from, to, cause);
    };
  }

  private observe(from: number, to: number, cause: string): void {
    const cpu = this.cpu;
    if (!this.open) {
      if (from === 3 && cpu.eax === this.syscallNumber && (cause === 'software' || cause === 'sysenter')) {
        this.open = { via: cause, path: [3, to], instructions: cpu.instructionCount, cycles: cpu.cycles };
      }
      return;
    }
    this.open.path.push(to);
    if (to !== 3) return;
    const { via, path, instructions, cycles } = this.open;
    this.samples.push({
      via,
      path,
      instructions: cpu.instructionCount - instructions,
      cycles: cpu.cycles - cycles,
    });
    this.open = undefined;
  }

  /**
   * The typical cost per entry method: the most frequent (route, instructions, cycles) triple.
   * Every call of a benchmark loop does the same work, so all calls that no interrupt or
   * rescheduling stretched share one cost, and it is the most frequent one.
   */
  summary(): SyscallCost[] {
    const byVia = new Map<string, Map<string, SyscallCost>>();
    for (const s of this.samples) {
      const path = s.path.join('→');
      const key = `${path}/${s.instructions}/${s.cycles}`;
      const costs = byVia.get(s.via) ?? new Map<string, SyscallCost>();
      byVia.set(s.via, costs);
      const known = costs.get(key);
      if (known) known.calls++;
      else costs.set(key, { via: s.via, path, calls: 1, instructions: s.instructions, cycles: s.cycles });
    }
    return [...byVia.values()].map((costs) => [...costs.values()].sort((a, b) => b.calls - a.calls)[0]!);
  }
}
