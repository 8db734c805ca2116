import { type InjectedEvent, raiseEvent } from './event.js';
import type { InjectableMachine, InjectableRunResult } from './machine.js';
import { runToInstruction } from './run-to.js';

/** When events are raised. Time is the instruction counter, so a schedule replays exactly. */
export type Schedule =
  /** One event before instruction `at` (instructions retired since power-on). */
  | { readonly kind: 'once'; readonly at: number; readonly event: InjectedEvent }
  /** A storm: an event every `every` instructions from `from` on. */
  | {
      readonly kind: 'periodic';
      readonly from: number;
      readonly every: number;
      readonly event: InjectedEvent;
    }
  /**
   * A random storm: from `from` on, events separated by gaps drawn uniformly from
   * [1, 2·meanGap − 1] (mean `meanGap`) by a generator seeded with `seed`: the same seed gives the
   * same instants, for a run of any length.
   */
  | {
      readonly kind: 'random-storm';
      readonly from: number;
      readonly meanGap: number;
      readonly seed: number;
      readonly event: InjectedEvent;
    }
  /** `count` events at instructions drawn from [from, to) by a generator seeded with `seed`. */
  | {
      readonly kind: 'seeded-random';
      readonly from: number;
      readonly to: number;
      readonly count: number;
      readonly seed: number;
      readonly event: InjectedEvent;
    };

/** A small deterministic generator (xorshift32): the same seed gives the same instants. */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/**
 * The instants of an open-ended schedule (a storm), in order, for as long as the caller asks: a run
 * that ends when the guest does needs no bound up front.
 */
export function* stormInstants(
  schedule: Extract<Schedule, { kind: 'periodic' | 'random-storm' }>,
): Generator<number, never> {
  if (schedule.kind === 'periodic') {
    if (!(schedule.every >= 1)) throw new RangeError('a periodic schedule needs every ≥ 1');
    for (let t = schedule.from; ; t += schedule.every) yield t;
  }
  const { meanGap } = schedule;
  if (!Number.isInteger(meanGap) || meanGap < 1)
    throw new RangeError(`a random storm needs a whole mean gap ≥ 1, got ${meanGap}`);
  const next = xorshift(schedule.seed);
  const spread = 2 * meanGap - 1; // gaps 1 … 2·meanGap − 1: mean meanGap
  for (let t = schedule.from; ; ) {
    t += 1 + Math.floor(next() * spread);
    yield t;
  }
}

/** The instants of a schedule up to (not including) instruction `until`, in order. */
export function scheduleInstants(schedule: Schedule, until: number): number[] {
  switch (schedule.kind) {
    case 'once':
      return schedule.at < until ? [schedule.at] : [];
    case 'periodic':
    case 'random-storm': {
      const out: number[] = [];
      for (const t of stormInstants(schedule)) {
        if (t >= until) break;
        out.push(t);
      }
      return out;
    }
    case 'seeded-random': {
      const next = xorshift(schedule.seed);
      const span = schedule.to - schedule.from;
      const out: number[] = [];
      for (let i = 0; i < schedule.count; i++) out.push(schedule.from + Math.floor(next() * span));
      return out.filter((t) => t < until).sort((a, b) => a - b);
    }
  }
}

/**
 * Runs the machine until instruction `until` (or until it stops on its own), raising the
 * schedule's events at their instants. Returns how the run ended and how many events were raised.
 */
export function runWithSchedule<S>(
  machine: InjectableMachine<S>,
  schedule: Schedule,
  until: number,
): { result: InjectableRunResult; raised: number } {
  let raised = 0;
  for (const instant of scheduleInstants(schedule, until)) {
    if (instant < machine.cpu.instructionCount) continue;
    try {
      runToInstruction(machine, instant);
    } catch (e) {
      return { result: { reason: (e as Error).message }, raised };
    }
    raiseEvent(machine, schedule.event);
    raised++;
  }
  const cpu = machine.cpu;
  if (cpu.instructionCount >= until) return { result: { reason: 'limit' }, raised };
  try {
    runToInstruction(machine, until);
    return { result: { reason: 'limit' }, raised };
  } catch (e) {
    return { result: { reason: (e as Error).message }, raised };
  }
}
