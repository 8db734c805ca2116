/**
 * The bench's measurement loop with stand-in engines (no emulator): every pass after the first starts
 * the engines in fresh processes, and the best round of all passes counts.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, EngineRun } from './engines/engine.js';
import { keepWarmingUp, measure } from './measure.js';
import { benchOptions } from './options.js';
import type { Workload } from './workloads.js';

const workload = (name: string) => ({ name }) as Workload;

/** An engine whose process is slow or fast for its whole life, as a V8 process on a shared machine. */
function stubEngine(secondsByProcess: number[]) {
  let process = 0;
  const engine: Engine & { restarts: number } = {
    name: 'stub',
    restarts: 0,
    run: async (): Promise<EngineRun> => ({
      seconds: secondsByProcess[process % secondsByProcess.length],
      loopSeconds: secondsByProcess[process % secondsByProcess.length],
    }),
    restart() {
      process++;
      engine.restarts++;
    },
  };
  return engine;
}

describe('measure', () => {
  it('takes the best round over fresh processes', async () => {
    const engine = stubEngine([2, 1, 3]);
    const m = await measure([engine], workload('empty'), [workload('alu')], 2, 0, () => {}, 3);
    // Two workloads (the empty one too), each restarted before its 2nd and 3rd pass.
    expect(engine.restarts).toBe(4);
    expect(m.results[0].cells.stub.netSeconds).toBe(1);
  });

  it('warms up for the set time, at least 5 runs unless that takes 2.5 times as long, at most 25', () => {
    // Short runs: the time decides, up to 25 runs.
    expect(keepWarmingUp(3, 1.9, 2)).toBe(true);
    expect(keepWarmingUp(20, 1.9, 2)).toBe(true);
    expect(keepWarmingUp(25, 1.0, 2)).toBe(false);
    // A slow first run: 5 runs if they fit in 5 s.
    expect(keepWarmingUp(2, 2.2, 2)).toBe(true);
    expect(keepWarmingUp(4, 4.9, 2)).toBe(true);
    expect(keepWarmingUp(5, 2.5, 2)).toBe(false);
    expect(keepWarmingUp(3, 5.0, 2)).toBe(false);
    // PEERS_WARMUP=0: none.
    expect(keepWarmingUp(0, 0, 0)).toBe(false);
  });

  it('reads PEERS_PROCESSES (default 2) and refuses a fraction', () => {
    expect(benchOptions([], {}).processes).toBe(2);
    expect(benchOptions([], { PEERS_PROCESSES: '4' }).processes).toBe(4);
    expect(() => benchOptions([], { PEERS_PROCESSES: '1.5' })).toThrow(/PEERS_PROCESSES/);
  });
});
