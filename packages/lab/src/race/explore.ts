import { type BoundaryOutcome, summarizeSweep, sweep } from '@vmi386/event-injector';
import { sourceLocation } from '../source-location.js';
import { bootConfiguration, type RaceConfiguration } from './configuration.js';
import { type RaceInvariant, timerProbe } from './probe.js';
import { type EntryRoute, findWindow, routeSpecs } from './window.js';

const PAGE_OFFSET = 0xc0000000;
/** The benchmark loops' null call to explore: well into the loop, where every call is alike. */
export const DEFAULT_OCCURRENCE = 100;
/** Which entry by `route` a sweep explores unless told (`--occurrence`). */
export const defaultOccurrence = (route: EntryRoute): number => routeSpecs[route].defaultOccurrence;
/** A trial that has not handled its interrupt and returned to user mode by then has failed. */
const MAX_TRIAL_INSTRUCTIONS = 50_000;

export interface FailingBoundary {
  boundary: number;
  eip: number;
  /** `file:line` of the instruction the event arrived before (or `ROM+0x…`). */
  where: string;
  broken: RaceInvariant[];
  detail?: string;
}

export interface ExplorationResult {
  configuration: string;
  route: EntryRoute;
  /** Instructions in the window (boundaries tried = length + 1). */
  windowLength: number;
  tried: number;
  passed: number;
  failed: Record<string, number>;
  failures: FailingBoundary[];
  /** Per boundary: passed or not, and the deepest kernel stack (for the chart). */
  boundaries: { boundary: number; ok: boolean; depth: number; cpl: number }[];
}

/**
 * Injects a timer interrupt before every instruction boundary of one entry from user mode by
 * `route` (a null system call, a timer tick, a #NM), from its first kernel instruction to the first
 * instruction back in user mode.
 */
export function explore(
  configuration: RaceConfiguration,
  route: EntryRoute,
  options: { occurrence?: number; onTrial?: (done: number, total: number) => void } = {},
): ExplorationResult {
  const occurrence = options.occurrence ?? defaultOccurrence(route);
  // One boot: the run that finds the window also leaves its start snapshot behind.
  const booted = bootConfiguration(configuration);
  const { target, build } = booted;
  // ESP0 of the guest's TSS (init_tss + 4), read from guest-physical memory.
  const esp0At = (build.symbols.init_tss ?? Number.NaN) - PAGE_OFFSET + 4;
  const stackTop = () => target.cpu.memory.readU32(esp0At);
  const jiffiesPhysical = (build.symbols.jiffies ?? Number.NaN) - PAGE_OFFSET;
  const memory = target.cpu.memory;
  let start: unknown;
  let jiffiesAtStart = 0;
  const window = findWindow(target, {
    stackTop,
    route,
    occurrence,
    symbols: build.symbols,
    atStart: () => {
      start = target.snapshot();
      jiffiesAtStart = memory.readU32(jiffiesPhysical);
    },
  });
  if (start === undefined) throw new Error('the window start was not captured');
  // Ticks the window counts by itself (1 for the timer route: its own interrupt); a trial adds one.
  const ticksInWindow = memory.readU32(jiffiesPhysical) - jiffiesAtStart;
  const symbol = (name: string) => {
    const value = build.symbols[name];
    if (value === undefined) throw new Error(`the guest has no symbol ${name}`);
    return value;
  };
  const handler = symbol('irq_entries_start'); // IRQ 0's stub: the first 8-byte slot

  const outcomes = sweep<unknown, RaceInvariant>({
    machine: target,
    start,
    startInstruction: window.startInstruction,
    count: window.length + 1,
    event: { kind: 'irq', line: 0 },
    maxTrialInstructions: MAX_TRIAL_INSTRUCTIONS,
    probe: () =>
      timerProbe({
        machine: target,
        window,
        handler,
        jiffiesPhysical,
        expectedTicks: { from: jiffiesAtStart, count: ticksInWindow + 1 },
        readPhysical32: (address) => memory.readU32(address),
        returnPath: booted.returnPath,
        stackTop,
      }),
    onTrial: options.onTrial,
  });
  const summary = summarizeSweep(outcomes);
  return {
    configuration: configuration.name,
    route,
    windowLength: window.length,
    ...summary,
    failures: outcomes.filter((o) => o.broken.length > 0).map((o) => failing(o, build.listing)),
    boundaries: outcomes.map((o) => ({
      boundary: o.boundary,
      ok: o.broken.length === 0,
      depth: o.maxStackDepth,
      cpl: o.cpl,
    })),
  };
}

function failing(
  outcome: BoundaryOutcome<RaceInvariant>,
  listing: readonly { address: number; size: number; file: string; line: number }[],
): FailingBoundary {
  const where = sourceLocation(listing, outcome.eip);
  return {
    boundary: outcome.boundary,
    eip: outcome.eip,
    where,
    broken: [...outcome.broken],
    ...(outcome.detail ? { detail: outcome.detail } : {}),
  };
}
