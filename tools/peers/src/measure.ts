/**
 * Runs every workload on every engine, interleaved: for each workload, round after round, each
 * engine in turn, so all engines see the same machine load. The best round counts. Before a
 * workload's rounds, each engine runs it untimed for `warmupSeconds` (at least MIN_WARMUP_RUNS and at
 * most WARMUP_RUNS times; see keepWarmingUp), so the rounds time code its JIT has settled on, not its
 * warm-up. All of that is done `processes` times, each time in fresh processes. An engine that
 * reports its loop's time (v86 and QEMU from the workload's start text on COM1, after their firmware;
 * vmi386 from the kernel's entry, after building the machine) is timed by it; one that does not, from
 * start-up, minus the empty workload's best time.
 */
import type { Engine } from './engines/engine.js';
import type { Workload } from './workloads.js';

export interface Cell {
  /** Best wall time of the rounds, start-up included. */
  readonly bestSeconds?: number;
  /** Best time from the start text to the end marker, or else best time minus the engine's start-up time. */
  readonly netSeconds?: number;
  readonly mips?: number;
  /** Copy bandwidth for workloads that copy, in bytes per second. */
  readonly bytesPerSecond?: number;
  /** Why there is no number: the engine is unavailable, failed, or the run was within start-up noise. */
  readonly note?: string;
}

export interface WorkloadResult {
  readonly workload: string;
  /** vmi386's exact count for the image, which every engine executes. */
  readonly instructions: number;
  readonly cells: Record<string, Cell>;
}

export interface Measurement {
  readonly startupSeconds: Record<string, number | string>;
  readonly results: WorkloadResult[];
}

/**
 * The most untimed runs of one workload on one engine before its rounds. Enough for vmi386's compiled
 * guest kernel, whose rounds settle after 12–20 runs of 50–450 ms (V8 re-optimising its blocks); a
 * cap of 10 timed it before that.
 */
const WARMUP_RUNS = 25;
/**
 * The fewest, unless the warm-up has taken WARMUP_STRETCH times its time: code that V8 compiles in
 * stages (vmi386's compiled blocks, re-optimised over several runs) had not settled after the two
 * runs that fit in 2 s when its first, cold run took most of that.
 */
const MIN_WARMUP_RUNS = 5;
const WARMUP_STRETCH = 2.5;

/** Whether the warm-up goes on after `runs` untimed runs that took `elapsed` seconds. */
export function keepWarmingUp(runs: number, elapsed: number, warmupSeconds: number): boolean {
  if (warmupSeconds <= 0 || runs >= WARMUP_RUNS) return false;
  if (elapsed < warmupSeconds) return true;
  return runs < MIN_WARMUP_RUNS && elapsed < warmupSeconds * WARMUP_STRETCH;
}

export async function measure(
  engines: readonly Engine[],
  empty: Workload,
  workloads: readonly Workload[],
  rounds: number,
  warmupSeconds: number,
  log: (line: string) => void,
  processes = 1,
): Promise<Measurement> {
  const available = engines.filter((engine) => engine.unavailable === undefined);
  const failures = new Map<string, string>();
  const best = new Map<string, number>();
  const bestLoop = new Map<string, number>(); // start byte to end marker
  const counts = new Map<string, number>();
  const key = (engine: Engine, workload: Workload) => `${engine.name}\u0000${workload.name}`;
  /** Records that `engine` failed `workload` (it is not run on it again) and says so. */
  const fail = (engine: Engine, workload: Workload, error: unknown, when: string) => {
    failures.set(key(engine, workload), error instanceof Error ? error.message : String(error));
    log(`  ${workload.name} on ${engine.name}: failed${when}: ${failures.get(key(engine, workload))}`);
  };
  for (const workload of [empty, ...workloads]) {
    for (let pass = 0; pass < processes; pass++) {
      // Each pass in fresh processes (engines that keep one up): see BenchOptions.processes.
      if (pass > 0) for (const engine of available) engine.restart?.();
      // Warm-up (untimed): the first runs pay for compiling v86's wasm, V8's JIT and the like.
      for (const engine of available) {
        if (failures.has(key(engine, workload))) continue;
        const start = performance.now();
        let runs = 0;
        while (keepWarmingUp(runs, (performance.now() - start) / 1000, warmupSeconds)) {
          runs++;
          try {
            await engine.run(workload);
          } catch (error) {
            fail(engine, workload, error, ' while warming up');
            break;
          }
        }
        if (runs > 0) log(`  ${workload.name} on ${engine.name}: ${runs} untimed warm-up runs`);
      }
      for (let round = 0; round < rounds; round++) {
        for (const engine of available) {
          const k = key(engine, workload);
          if (failures.has(k)) continue;
          try {
            const run = await engine.run(workload);
            log(
              `  ${workload.name} on ${engine.name}, process ${pass + 1}, round ${round + 1}: ${run.seconds.toFixed(3)} s`,
            );
            best.set(k, Math.min(best.get(k) ?? Number.POSITIVE_INFINITY, run.seconds));
            if (run.loopSeconds !== undefined)
              bestLoop.set(k, Math.min(bestLoop.get(k) ?? Number.POSITIVE_INFINITY, run.loopSeconds));
            if (run.instructions !== undefined) counts.set(workload.name, run.instructions);
          } catch (error) {
            fail(engine, workload, error, '');
          }
        }
      }
    }
  }

  const startupSeconds: Record<string, number | string> = {};
  for (const engine of engines) {
    startupSeconds[engine.name] = engine.unavailable ?? best.get(key(engine, empty)) ?? 'failed';
  }
  const results = workloads.map((workload): WorkloadResult => {
    const instructions = counts.get(workload.name) ?? 0;
    const cells: Record<string, Cell> = {};
    for (const engine of engines) {
      const k = key(engine, workload);
      const startup = startupSeconds[engine.name];
      const bestSeconds = best.get(k);
      if (engine.unavailable !== undefined) cells[engine.name] = { note: engine.unavailable };
      else if (failures.has(k)) cells[engine.name] = { note: `failed: ${failures.get(k)}` };
      else if (bestSeconds === undefined || typeof startup !== 'number')
        cells[engine.name] = { note: 'no time' };
      else {
        // Between the workload's own start and end bytes when it prints them; else minus start-up.
        const netSeconds = bestLoop.get(k) ?? bestSeconds - startup;
        if (netSeconds <= 0) cells[engine.name] = { bestSeconds, note: 'within start-up time' };
        else
          cells[engine.name] = {
            bestSeconds,
            netSeconds,
            mips: instructions / netSeconds / 1e6,
            bytesPerSecond:
              workload.bytesCopied === undefined ? undefined : workload.bytesCopied / netSeconds,
          };
      }
    }
    return { workload: workload.name, instructions, cells };
  });
  return { startupSeconds, results };
}
