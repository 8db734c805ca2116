import { stormInstants } from '@vmi386/event-injector';
import { EXPECTED_TRANSCRIPT } from '@vmi386/guest-entry';
import { HypervisorMachine } from '@vmi386/hypervisor';
import { PcMachine, type PcRunResult } from '@vmi386/pc';
import { type RaceConfiguration, shippedBuild } from './configuration.js';

/** Enough for every configuration to reach its end, with room for a storm's handlers. */
const STORM_BUDGET = 200_000_000;

/**
 * When the storm's timer edges come: every `every` instructions, or at random with gaps drawn
 * uniformly from [1, 2·meanGap − 1] by a generator seeded with `seed` (the same seed, the same run).
 */
export type StormSchedule =
  | { readonly kind: 'periodic'; readonly every: number }
  | { readonly kind: 'random'; readonly seed: number; readonly meanGap: number };

export function describeStormSchedule(schedule: StormSchedule): string {
  return schedule.kind === 'periodic'
    ? `every ${schedule.every}`
    : `random, seed ${schedule.seed}, mean ${schedule.meanGap}`;
}

/** What became of the guest under a storm of timer interrupts. */
export interface StormOutcome {
  configuration: string;
  schedule: StormSchedule;
  /** Interrupt edges raised on IRQ 0 (on top of the PIT's own). */
  raised: number;
  /** The guest's exit status, or null if it did not exit. */
  exitCode: number | null;
  /** How the run ended: `exit`, `triple fault: …`, the monitor's stop, or `limit`. */
  stop: string;
  /** The console is byte for byte the undisturbed run's (every check passed, in order). */
  transcriptIntact: boolean;
  instructions: number;
  /** Under the hypervisor: events the monitor injected, held back, and lost. */
  events?: { injected: number; delayed: number; lost: number };
}

/**
 * Storm mode: boots the shipped guest in `configuration` and pulses IRQ 0 at the schedule's
 * instants (before every `every`-th instruction, or at seeded random instants) for the whole run, then reports whether the guest still exits 0 with its
 * undisturbed transcript. A timer edge that finds one already pending merges with it, as on a real
 * 8259A; the guest's checks do not depend on how many ticks it sees.
 */
export function storm(configuration: RaceConfiguration, schedule: StormSchedule): StormOutcome {
  if (schedule.kind === 'periodic' && (!Number.isInteger(schedule.every) || schedule.every < 1))
    throw new RangeError(`a storm period is a whole number ≥ 1, got ${schedule.every}`);
  if (schedule.kind === 'random' && (!Number.isInteger(schedule.meanGap) || schedule.meanGap < 1))
    throw new RangeError(`a storm's mean gap is a whole number ≥ 1, got ${schedule.meanGap}`);
  if (
    schedule.kind === 'random' &&
    (!Number.isInteger(schedule.seed) || schedule.seed < 0 || schedule.seed > 0xffffffff)
  )
    throw new RangeError(`a storm's seed is a whole number from 0 to 2^32 − 1, got ${schedule.seed}`);
  const event = { kind: 'irq', line: 0 } as const;
  const instants = stormInstants(
    schedule.kind === 'periodic'
      ? { kind: 'periodic', from: schedule.every, every: schedule.every, event }
      : { kind: 'random-storm', from: 0, meanGap: schedule.meanGap, seed: schedule.seed, event },
  );
  let transcript = '';
  const console = (text: string) => {
    transcript += text;
  };
  const image = shippedBuild(configuration.backend).image;
  const hypervisor =
    configuration.platform === 'hypervisor'
      ? new HypervisorMachine({ console, atomicRegions: configuration.atomicRegions })
      : undefined;
  const pc = hypervisor?.pc ?? new PcMachine({ console });
  if (hypervisor) hypervisor.boot(image);
  else pc.loadMultiboot(image);
  const run = (maxInstructions: number): PcRunResult =>
    hypervisor ? hypervisor.run({ maxInstructions }) : pc.run({ maxInstructions });

  const cpu = pc.cpu;
  let raised = 0;
  let result: PcRunResult;
  let next = instants.next().value;
  for (;;) {
    cpu.stopAtInstruction = next;
    try {
      result = run(Math.max(0, STORM_BUDGET - pc.time));
    } finally {
      cpu.stopAtInstruction = Number.POSITIVE_INFINITY;
    }
    if (hypervisor?.monitor.stopReason) break;
    if (result.reason === 'instruction-reached') {
      pc.pic.pulseIrq(0);
      raised++;
      next = instants.next().value;
      continue;
    }
    if (result.reason === 'limit' && pc.time < STORM_BUDGET) continue;
    break;
  }
  const monitorStop = hypervisor?.monitor.stopReason;
  const stats = hypervisor?.monitor.statistics;
  return {
    configuration: configuration.name,
    schedule,
    raised,
    exitCode: result.reason === 'exit' ? result.exitCode >>> 1 : null,
    stop: monitorStop
      ? `stopped by the monitor: ${monitorStop.replace(/ \(the guest believes.*$/, '')}`
      : result.reason === 'triple-fault'
        ? `triple fault: ${result.detail}`
        : result.reason,
    transcriptIntact: transcript === EXPECTED_TRANSCRIPT,
    instructions: cpu.instructionCount,
    ...(stats ? { events: { injected: stats.injected, delayed: stats.delayed, lost: stats.lost } } : {}),
  };
}
