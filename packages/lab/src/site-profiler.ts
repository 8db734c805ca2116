import type { Cpu } from '@vmi386/cpu';

/**
 * A lab instrument: counts how often execution reaches each of a set of linear addresses (the hook
 * points of a VMI build), through the CPU's trace hook. It slows the run; the counts are exact, and
 * the guest cannot tell (no state of the machine changes).
 */
export class SiteProfiler {
  private readonly counts = new Map<number, number>();

  constructor(cpu: Cpu, addresses: Iterable<number>) {
    for (const address of addresses) this.counts.set(address >>> 0, 0);
    const previous = cpu.hooks.trace;
    cpu.hooks.trace = (c) => {
      previous?.(c);
      const linear = (c.csBase + c.ip) >>> 0;
      const count = this.counts.get(linear);
      if (count !== undefined) this.counts.set(linear, count + 1);
    };
    cpu.updateAttention();
  }

  /** Executions per address, in the order the addresses were given. */
  get visits(): ReadonlyMap<number, number> {
    return this.counts;
  }
}
