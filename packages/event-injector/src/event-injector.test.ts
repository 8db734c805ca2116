import { buildGuest } from '@vmi386/guest-entry';
import { nativeBackend } from '@vmi386/mach-native';
import { PcMachine } from '@vmi386/pc';
import { describe, expect, it } from 'vitest';
import {
  pcTarget,
  raiseEvent,
  runToInstruction,
  runWithSchedule,
  scheduleInstants,
  summarizeSweep,
  sweep,
} from './index.js';

function bootedPc() {
  const pc = new PcMachine();
  pc.loadMultiboot(buildGuest({ backend: nativeBackend }).image);
  return { pc, machine: pcTarget(pc) };
}

const stateOf = (pc: PcMachine) => [
  pc.cpu.instructionCount,
  pc.cpu.eip,
  pc.cpu.esp,
  pc.cpu.eax,
  pc.cpu.eflags,
  pc.cpu.cycles,
];

describe('schedules', () => {
  it('a seeded schedule gives the same instants for the same seed, others for another', () => {
    const schedule = {
      kind: 'seeded-random',
      from: 1000,
      to: 2000,
      count: 20,
      seed: 42,
      event: { kind: 'nmi' },
    } as const;
    const a = scheduleInstants(schedule, 5000);
    expect(a).toEqual(scheduleInstants(schedule, 5000));
    expect(a).not.toEqual(scheduleInstants({ ...schedule, seed: 43 }, 5000));
    expect(a.every((t) => t >= 1000 && t < 2000)).toBe(true);
    expect(a).toEqual([...a].sort((x, y) => x - y));
  });

  it('a random storm draws its gaps from the seed: the same seed, the same instants; the mean gap as asked', () => {
    const storm = { kind: 'random-storm', from: 100, meanGap: 50, seed: 7, event: { kind: 'nmi' } } as const;
    const a = scheduleInstants(storm, 1_000_000);
    expect(a).toEqual(scheduleInstants(storm, 1_000_000));
    expect(a).not.toEqual(scheduleInstants({ ...storm, seed: 8 }, 1_000_000));
    expect(a[0]).toBeGreaterThan(100);
    const gaps = a.slice(1).map((t, i) => t - (a[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(99);
    expect(Math.abs(1_000_000 / a.length - 50)).toBeLessThan(1); // ~20,000 gaps averaging 50
    expect(() => scheduleInstants({ ...storm, meanGap: 0 }, 10)).toThrow(RangeError);
  });

  it('a periodic storm raises an event every n instructions', () => {
    expect(scheduleInstants({ kind: 'periodic', from: 10, every: 5, event: { kind: 'nmi' } }, 30)).toEqual([
      10, 15, 20, 25,
    ]);
    expect(() =>
      scheduleInstants({ kind: 'periodic', from: 0, every: 0, event: { kind: 'nmi' } }, 10),
    ).toThrow(RangeError);
  });
});

describe('injection into the bare PC', () => {
  it('stops before an exact instruction, and a snapshot replays to the same state', () => {
    const { pc, machine } = bootedPc();
    runToInstruction(machine, 200_000);
    expect(pc.cpu.instructionCount).toBe(200_000);
    const start = machine.snapshot();
    runToInstruction(machine, 250_000);
    const after = stateOf(pc);
    machine.restore(start);
    expect(pc.cpu.instructionCount).toBe(200_000);
    runToInstruction(machine, 250_000);
    expect(stateOf(pc)).toEqual(after);
  });

  it('an NMI raised at a boundary is delivered there: the same boundary gives the same outcome', () => {
    const { pc, machine } = bootedPc();
    runToInstruction(machine, 300_000);
    const start = machine.snapshot();
    const outcome = () => {
      machine.restore(start);
      const nmiBefore = pc.cpu.counters.vectors[2] ?? 0;
      raiseEvent(machine, { kind: 'nmi' });
      runToInstruction(machine, 300_100);
      return [(pc.cpu.counters.vectors[2] ?? 0) - nmiBefore, ...stateOf(pc)];
    };
    const first = outcome();
    expect(first[0]).toBe(1);
    expect(outcome()).toEqual(first);
    expect(() => raiseEvent(machine, { kind: 'irq', line: 16 })).toThrow(RangeError);
  });

  it('runWithSchedule raises a storm at its instants', () => {
    const { pc, machine } = bootedPc();
    runToInstruction(machine, 400_000);
    const before = pc.cpu.counters.vectors[2] ?? 0;
    const { raised } = runWithSchedule(
      machine,
      { kind: 'periodic', from: 400_000, every: 10_000, event: { kind: 'nmi' } },
      450_000,
    );
    expect(raised).toBe(5);
    expect(pc.cpu.instructionCount).toBe(450_000);
    expect((pc.cpu.counters.vectors[2] ?? 0) - before).toBe(5);
  });

  it('sweep tries every boundary from the same start and reports the probe’s verdicts', () => {
    const { pc, machine } = bootedPc();
    runToInstruction(machine, 500_000);
    const start = machine.snapshot();
    const seen: number[] = [];
    const outcomes = sweep<unknown, 'odd'>({
      machine,
      start,
      startInstruction: 500_000,
      count: 6,
      event: { kind: 'nmi' },
      maxTrialInstructions: 50,
      probe: (boundary) => {
        seen.push(pc.cpu.instructionCount);
        return {
          finished: false,
          verdict: () => ({ broken: boundary % 2 ? ['odd'] : [], maxStackDepth: 0 }),
          dispose: () => {},
        };
      },
    });
    expect(seen).toEqual([500_000, 500_001, 500_002, 500_003, 500_004, 500_005]);
    expect(summarizeSweep(outcomes)).toEqual({ tried: 6, passed: 3, failed: { odd: 3 } });
  });
});
