import { runToInstruction } from '@vmi386/event-injector';
import type { GuestBuild } from '@vmi386/guest-entry';
import { callByNumber } from '@vmi386/mach-vmi';
import type { BackendName, Platform } from './backends.js';
import { bootConfiguration, type RaceConfiguration } from './race/configuration.js';
import { findWindow, routeSpecs } from './race/window.js';
import { statementRanges } from './source-statements.js';

const PAGE_OFFSET = 0xc0000000;
/** Where the timer tick is raised: a few instructions before this null system call, in user mode. */
const TIMER_OCCURRENCE = 100;
/** `sched_yield`: the x87 tasks (pids 5 and 6) yield to each other 200 times each. */
const NR_SCHED_YIELD = 158;
/** How many task-switching yields the typical context switch is taken from. */
const SWITCH_SAMPLES = 100;
/** How many executions of each macro the typical cost is taken from, and the longest it may take. */
const MACRO_SAMPLES = 1000;
const SAMPLE_INSTRUCTIONS = 20_000_000;

/** What one event cost: from its first instruction (or its arrival) to where execution goes on. */
export interface EventCost {
  /** The privilege levels passed through, e.g. `3→0→1→3` for a tick under the hypervisor. */
  path: string;
  instructions: number;
  cycles: number;
  /** How many times this exact cost was seen (the typical cost is the most frequent one). */
  samples: number;
  /** For the timer tick: it made the kernel switch to another task before returning to user mode. */
  switchedTask?: boolean;
}

export interface EventCosts {
  /** A timer interrupt that arrives in user mode: delivery, the guest's handler, the return to user mode. */
  timerFromUser: EventCost;
  /**
   * A page fault the kernel resolves: pid 2's first read of its demand page, from the faulting
   * instruction (which does not retire the first time) through `do_page_fault` mapping the page
   * and the return, until the read has run again and retired (under the monitor that includes the
   * hidden fault that fills the shadow page table).
   */
  pageFault: EventCost;
  /**
   * A context switch: a `sched_yield` by `int $0x80` from user mode that resumes another task in
   * user mode (entry, `schedule`'s switch with its lazy-FPU `fnsave` and CR0.TS, the other task's
   * return), from the entry instruction to the first instruction of the other task.
   */
  contextSwitch: EventCost;
  /** The kernel's `CLI` and `STI` macros, from their first byte to the instruction after them. */
  cli: EventCost;
  sti: EventCost;
}

/**
 * Measures the cost of a timer interrupt taken in user mode and of the `CLI`/`STI` macros in one
 * configuration, from runs of the shipped guest (a lab instrument: the trace hook watches, the guest
 * cannot tell).
 */
export function measureEventCosts(backend: BackendName, platform: Platform): EventCosts {
  const configuration: RaceConfiguration = { name: `${backend}/${platform}`, backend, platform };
  return {
    timerFromUser: timerFromUser(configuration),
    contextSwitch: contextSwitch(configuration),
    pageFault: pageFault(configuration),
    ...interruptFlagMacros(configuration),
  };
}

/** The most frequent of a set of measured costs (the typical one; the rest were stretched by ticks). */
function mostFrequent(costs: Map<string, EventCost>, what: string): EventCost {
  const best = [...costs.values()].sort((a, b) => b.samples - a.samples)[0];
  if (!best) throw new Error(`no ${what} was measured`);
  return best;
}

function addSample(costs: Map<string, EventCost>, cost: Omit<EventCost, 'samples'>): void {
  const key = `${cost.path}/${cost.instructions}/${cost.cycles}`;
  const known = costs.get(key);
  if (known) known.samples++;
  else costs.set(key, { ...cost, samples: 1 });
}

function pageFault(configuration: RaceConfiguration): EventCost {
  const { target, build } = bootConfiguration(configuration);
  const esp0At = (build.symbols.init_tss ?? Number.NaN) - PAGE_OFFSET + 4;
  const window = findWindow(target, {
    stackTop: () => target.cpu.memory.readU32(esp0At),
    route: 'page fault',
    occurrence: routeSpecs['page fault'].defaultOccurrence,
    symbols: build.symbols,
  });
  // The window ends before the read runs again; under the monitor that read still takes the hidden
  // fault that fills the shadow page table. The round trip ends when the read has retired.
  const cpu = target.cpu;
  const path = [window.path];
  const cycles = cpu.counters.cycles;
  const previousCpl = cpu.hooks.onCplChange;
  cpu.hooks.onCplChange = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    path.push(String(to));
  };
  try {
    const before = cpu.instructionCount;
    target.run({ maxInstructions: 1 });
    if (cpu.instructionCount !== before + 1) throw new Error('the faulting read did not retire');
  } finally {
    cpu.hooks.onCplChange = previousCpl;
  }
  return {
    path: path.join('→'),
    instructions: window.length + 1,
    cycles: window.cycles + cpu.counters.cycles - cycles,
    samples: 1,
  };
}

function contextSwitch(configuration: RaceConfiguration): EventCost {
  const { target } = bootConfiguration(configuration);
  const cpu = target.cpu;
  const costs = new Map<string, EventCost>();
  let switches = 0;
  let open: { userEsp: number; instructions: number; cycles: number; path: number[] } | undefined;
  const previousCpl = cpu.hooks.onCplChange;
  cpu.hooks.onCplChange = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    if (open) {
      open.path.push(to);
      if (to !== 3) return;
      // Back in user mode: another task if its stack pointer is not the yielding task's.
      if (cpu.esp !== open.userEsp) {
        // The instruction that returns to user mode retires as instruction count + 1.
        addSample(costs, {
          path: open.path.join('→'),
          instructions: cpu.instructionCount + 1 - open.instructions,
          cycles: cpu.counters.cycles - open.cycles,
        });
        if (++switches >= SWITCH_SAMPLES) cpu.requestStop();
      }
      open = undefined;
      return;
    }
    if (from === 3 && cause === 'software' && cpu.eax === NR_SCHED_YIELD) {
      // The int $0x80 frame on the kernel stack: EIP, CS, EFLAGS, then the user ESP.
      const userEsp = readLinear32(cpu, (cpu.getSegment('ss').base + cpu.esp + 12) >>> 0);
      // `int $0x80` is still executing: count it from its start (one instruction, cycles so far).
      open = { userEsp, instructions: cpu.instructionCount, cycles: cpu.counters.cycles, path: [3, to] };
    }
  };
  try {
    for (let budget = 0; switches < SWITCH_SAMPLES && budget < SAMPLE_INSTRUCTIONS; ) {
      const result = target.run({ maxInstructions: SAMPLE_INSTRUCTIONS });
      budget = cpu.instructionCount;
      if (result.reason !== 'limit' && result.reason !== 'stop-requested') break;
    }
  } finally {
    cpu.hooks.onCplChange = previousCpl;
  }
  return mostFrequent(costs, 'task-switching sched_yield');
}

function readLinear32(cpu: { readLinear(address: number, size: number): unknown }, address: number): number {
  const bytes = cpu.readLinear(address, 4);
  if (!(bytes instanceof Uint8Array)) return 0;
  return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
}

function timerFromUser(configuration: RaceConfiguration): EventCost {
  // The tick is raised a few instructions before the TIMER_OCCURRENCE-th null system call, in user
  // mode. One boot: run past the call before it, snapshot there (in user mode, in the loop), find
  // where the next call starts, and come back to the snapshot to raise the tick just before it.
  const { target, build } = bootConfiguration(configuration);
  const esp0At = (build.symbols.init_tss ?? Number.NaN) - PAGE_OFFSET + 4;
  const find = (occurrence: number) =>
    findWindow(target, {
      stackTop: () => target.cpu.memory.readU32(esp0At),
      route: 'int $0x80',
      occurrence,
      symbols: build.symbols,
    });
  find(TIMER_OCCURRENCE - 1);
  const beforeCall = target.snapshot();
  const window = find(1);
  target.restore(beforeCall);
  const cpu = target.cpu;
  runToInstruction(target, window.startInstruction - 4);
  if (cpu.cpl !== 3) throw new Error('the tick was to arrive in user mode');
  const path = [3];
  const interrupted = { eip: cpu.eip, esp: cpu.esp };
  const start = { instructions: cpu.instructionCount, cycles: cpu.counters.cycles };
  let end: { instructions: number; cycles: number } | undefined;
  const previousCpl = cpu.hooks.onCplChange;
  cpu.hooks.onCplChange = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    path.push(to);
    if (to === 3 && !end) {
      end = { instructions: cpu.instructionCount, cycles: cpu.counters.cycles };
      cpu.requestStop();
    }
  };
  try {
    target.pulseIrq(0);
    while (!end) {
      const result = target.run({ maxInstructions: 1_000_000 });
      if (!end && result.reason !== 'limit')
        throw new Error(`the tick did not return to user mode (${result.reason})`);
    }
  } finally {
    cpu.hooks.onCplChange = previousCpl;
  }
  // The instruction that returned to user mode has retired when the run stops after it.
  return {
    path: path.join('→'),
    instructions: cpu.instructionCount - start.instructions,
    cycles: cpu.counters.cycles - start.cycles,
    samples: 1,
    switchedTask: cpu.eip !== interrupted.eip || cpu.esp !== interrupted.esp,
  };
}

/** The VMI calls the `CLI`/`STI` macros become. */
const VMI_CALL: Record<'CLI' | 'STI', string> = { CLI: 'DisableInterrupts', STI: 'EnableInterrupts' };

/**
 * Each `CLI`/`STI` of the kernel: its address range in the build — the whole hook point in a VMI
 * build (the native instruction and its padding, or the patched call), the instruction otherwise.
 */
function macroRanges(build: GuestBuild, macro: 'CLI' | 'STI'): { start: number; end: number }[] {
  if (build.sites.length > 0) {
    return build.sites
      .filter((site) => callByNumber(site.call)?.name === VMI_CALL[macro])
      .map((site) => ({ start: site.address, end: site.address + site.length }));
  }
  return statementRanges(build, new RegExp(`^\\s*(\\d+:)?\\s*${macro}\\b`));
}

function interruptFlagMacros(configuration: RaceConfiguration): { cli: EventCost; sti: EventCost } {
  const { target, build } = bootConfiguration(configuration);
  const cpu = target.cpu;
  const watch = (['CLI', 'STI'] as const).map((macro) => ({ macro, ranges: macroRanges(build, macro) }));
  const starts = new Map<number, { macro: 'CLI' | 'STI'; end: number }>();
  for (const { macro, ranges } of watch) for (const r of ranges) starts.set(r.start, { macro, end: r.end });
  const samples = { CLI: new Map<string, EventCost>(), STI: new Map<string, EventCost>() };
  const counted = { CLI: 0, STI: 0 };
  let open:
    | { macro: 'CLI' | 'STI'; end: number; instructions: number; cycles: number; path: number[] }
    | undefined;
  const previousTrace = cpu.hooks.trace;
  const previousCpl = cpu.hooks.onCplChange;
  cpu.hooks.onCplChange = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    open?.path.push(to);
  };
  cpu.hooks.trace = (c) => {
    previousTrace?.(c);
    const linear = (c.csBase + c.ip) >>> 0;
    if (open && linear === open.end) {
      const cost = {
        path: open.path.join('→'),
        instructions: c.instructionCount - open.instructions,
        cycles: c.counters.cycles - open.cycles,
        samples: 1,
      };
      const key = `${cost.path}/${cost.instructions}/${cost.cycles}`;
      const known = samples[open.macro].get(key);
      if (known) known.samples++;
      else samples[open.macro].set(key, cost);
      counted[open.macro]++;
      open = undefined;
      if (counted.CLI >= MACRO_SAMPLES && counted.STI >= MACRO_SAMPLES) c.requestStop();
    }
    const started = starts.get(linear);
    if (started && !open) {
      open = { ...started, instructions: c.instructionCount, cycles: c.counters.cycles, path: [c.cpl] };
    }
  };
  cpu.updateAttention();
  try {
    target.run({ maxInstructions: SAMPLE_INSTRUCTIONS });
  } finally {
    cpu.hooks.trace = previousTrace;
    cpu.hooks.onCplChange = previousCpl;
    cpu.updateAttention();
  }
  const typical = (costs: Map<string, EventCost>) => {
    const best = [...costs.values()].sort((a, b) => b.samples - a.samples)[0];
    if (!best)
      throw new Error(`no CLI or STI ran to its end in the first ${SAMPLE_INSTRUCTIONS} instructions`);
    return best;
  };
  return { cli: typical(samples.CLI), sti: typical(samples.STI) };
}
