import { type BoundaryOutcome, summarizeSweep, sweep } from '@vmi386/event-injector';
import { LabError } from '../lab-error.js';
import { sourceLocation } from '../source-location.js';
import { bootConfiguration, type RaceConfiguration } from './configuration.js';
import { type RaceInvariant, timerProbe } from './probe.js';
import { type EntryRoute, findWindows, routeSpecs } from './window.js';

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
  /**
   * Set when this configuration's run never reached the window (with `allowUnreached`): how the
   * guest stopped first (the native kernel under the monitor stalls before the kernel-mode routes).
   */
  unreached?: string;
}

export interface ExploreOptions {
  /** Which entry by each route to explore (default: the route's `defaultOccurrence`). */
  occurrence?: number;
  /** Progress: trials done and the total of the route being explored (`route` is its index). */
  onTrial?: (done: number, total: number, route: number) => void;
  /** A window this configuration never reaches gives a result with `unreached` instead of a `LabError`. */
  allowUnreached?: boolean;
}

/**
 * Injects a timer interrupt before every instruction boundary of one entry by `route` (a null
 * system call, a timer tick, a #NM, …), from its first kernel instruction to its return.
 */
export function explore(
  configuration: RaceConfiguration,
  route: EntryRoute,
  options: {
    occurrence?: number;
    onTrial?: (done: number, total: number) => void;
    allowUnreached?: boolean;
  } = {},
): ExplorationResult {
  const { onTrial, ...rest } = options;
  const [result] = exploreRoutes(configuration, [route], {
    ...rest,
    ...(onTrial ? { onTrial: (done: number, total: number) => onTrial(done, total) } : {}),
  });
  return result as ExplorationResult;
}

/**
 * `explore` for several routes of one configuration, with one boot: a single run of the guest finds
 * every route's window and leaves a snapshot at each one's start. Results come in `routes`' order
 * and are the same as `explore`'s one route at a time.
 */
export function exploreRoutes(
  configuration: RaceConfiguration,
  routes: readonly EntryRoute[],
  options: ExploreOptions = {},
): ExplorationResult[] {
  const booted = bootConfiguration(configuration);
  const { target, build } = booted;
  // ESP0 of the guest's TSS (init_tss + 4), read from guest-physical memory.
  const esp0At = (build.symbols.init_tss ?? Number.NaN) - PAGE_OFFSET + 4;
  const stackTop = () => target.cpu.memory.readU32(esp0At);
  const jiffiesPhysical = (build.symbols.jiffies ?? Number.NaN) - PAGE_OFFSET;
  const memory = target.cpu.memory;
  const starts: unknown[] = [];
  const jiffiesAtStart: number[] = [];
  const jiffiesAtEnd: number[] = [];
  const handler = build.symbols.irq_entries_start; // IRQ 0's stub: the first 8-byte slot
  if (handler === undefined) throw new Error('the guest has no symbol irq_entries_start');
  const results: ExplorationResult[] = [];
  findWindows(target, {
    stackTop,
    windows: routes.map((route) => ({ route, occurrence: options.occurrence ?? defaultOccurrence(route) })),
    symbols: build.symbols,
    iretStatements: booted.iretStatements,
    atStart: (index) => {
      starts[index] = target.snapshot();
      jiffiesAtStart[index] = memory.readU32(jiffiesPhysical);
    },
    atEnd: (index) => {
      jiffiesAtEnd[index] = memory.readU32(jiffiesPhysical);
    },
    // The trials of each window as soon as it is found; then back to its start for the next one.
    afterWindow: (index, window) => {
      const start = starts[index];
      if (start === undefined) throw new Error('the window start was not captured');
      const from = jiffiesAtStart[index] as number;
      // Ticks the window counts by itself (1 for the timer routes: its own interrupt); a trial adds one.
      const ticksInWindow = (jiffiesAtEnd[index] as number) - from;
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
            expectedTicks: { from, count: ticksInWindow + 1 },
            readPhysical32: (address) => memory.readU32(address),
            returnPath: booted.returnPath,
            stackTop,
          }),
        ...(options.onTrial
          ? { onTrial: (done: number, total: number) => options.onTrial?.(done, total, index) }
          : {}),
      });
      target.restore(start);
      const summary = summarizeSweep(outcomes);
      results[index] = {
        configuration: configuration.name,
        route: window.route,
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
    },
    onUnreached: (index, stoppedBy) => {
      const route = routes[index] as EntryRoute;
      if (!options.allowUnreached)
        throw new LabError(
          'window-not-reached',
          `the window never executes: the guest stopped (${stoppedBy}) before its ${route} entry #${options.occurrence ?? defaultOccurrence(route)}`,
        );
      results[index] = {
        configuration: configuration.name,
        route,
        windowLength: 0,
        tried: 0,
        passed: 0,
        failed: {},
        failures: [],
        boundaries: [],
        unreached: stoppedBy,
      };
    },
  });
  return results;
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
