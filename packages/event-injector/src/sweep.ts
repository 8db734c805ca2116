import { type InjectedEvent, raiseEvent } from './event.js';
import type { InjectableMachine } from './machine.js';
import { runToInstruction } from './run-to.js';

/**
 * What one trial observed and concluded. The guest-specific part (which invariants, how they are
 * checked) belongs to the caller's probe: the engine only restores, steps to the boundary, injects
 * and runs to the probe's fixed point.
 */
export interface TrialVerdict<Invariant extends string> {
  /** The invariants this trial broke (empty: it passed). */
  readonly broken: readonly Invariant[];
  /** The deepest the kernel stack got during the trial, in bytes. */
  readonly maxStackDepth: number;
  /** Free-form detail for a failing trial (what was seen). */
  readonly detail?: string;
}

/** Watches one trial; created fresh for every trial. */
export interface TrialProbe<Invariant extends string> {
  /** True once the trial has reached its fixed point (checked by the probe itself, which stops the CPU). */
  readonly finished: boolean;
  /** Called after the run: judge the trial. `ranOut` is true when the fixed point was not reached. */
  verdict(ranOut: boolean): TrialVerdict<Invariant>;
  /** Removes the probe's hooks. */
  dispose(): void;
}

export interface SweepOptions<S, Invariant extends string> {
  machine: InjectableMachine<S>;
  /** The machine at the window's first boundary (restored before every trial). */
  start: S;
  /** `cpu.instructionCount` at `start`. */
  startInstruction: number;
  /** Boundaries to try: before instruction startInstruction + 0 … + (count − 1). */
  count: number;
  event: InjectedEvent;
  /** Installs a probe for one trial (after the event was raised). */
  probe: (boundary: number) => TrialProbe<Invariant>;
  /** A trial that has not reached its fixed point after this many instructions fails. */
  maxTrialInstructions: number;
  /** Called after each trial (progress). */
  onTrial?: (done: number, total: number) => void;
}

export interface BoundaryOutcome<Invariant extends string> extends TrialVerdict<Invariant> {
  /** Boundary index in the window (0 = before its first instruction). */
  readonly boundary: number;
  /** Linear address of the instruction the event arrived before. */
  readonly eip: number;
  /** The CPL at that boundary. */
  readonly cpl: number;
}

/**
 * The race explorer's engine: for every instruction boundary of a window, restore the machine to
 * the window's start, run to the boundary, raise the event, run to the probe's fixed point, and
 * record what the probe concluded.
 */
export function sweep<S, Invariant extends string>(
  options: SweepOptions<S, Invariant>,
): BoundaryOutcome<Invariant>[] {
  const { machine, start, startInstruction, count, event, maxTrialInstructions } = options;
  const cpu = machine.cpu;
  const outcomes: BoundaryOutcome<Invariant>[] = [];
  for (let boundary = 0; boundary < count; boundary++) {
    machine.restore(start);
    runToInstruction(machine, startInstruction + boundary);
    const eip = (cpu.getSegment('cs').base + cpu.eip) >>> 0;
    const cpl = cpu.cpl;
    raiseEvent(machine, event);
    const probe = options.probe(boundary);
    const deadline = cpu.instructionCount + maxTrialInstructions;
    try {
      while (!probe.finished && cpu.instructionCount < deadline) {
        const result = machine.run({ maxInstructions: deadline - cpu.instructionCount });
        if (result.reason !== 'limit' && result.reason !== 'stop-requested' && result.reason !== 'halt')
          break;
        if (result.reason === 'halt' && !probe.finished) break;
      }
      outcomes.push({ boundary, eip, cpl, ...probe.verdict(!probe.finished) });
    } finally {
      probe.dispose();
    }
    options.onTrial?.(boundary + 1, count);
  }
  return outcomes;
}

/** Per-invariant failure counts of a sweep. */
export function summarizeSweep<Invariant extends string>(
  outcomes: readonly BoundaryOutcome<Invariant>[],
): { tried: number; passed: number; failed: Record<string, number> } {
  const failed: Record<string, number> = {};
  let passed = 0;
  for (const o of outcomes) {
    if (o.broken.length === 0) passed++;
    for (const invariant of o.broken) failed[invariant] = (failed[invariant] ?? 0) + 1;
  }
  return { tried: outcomes.length, passed, failed };
}
