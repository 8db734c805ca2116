/** Command-line and environment options of the bench. */
import { BENCH_SIZES, type WorkloadSizes } from './workloads.js';

export interface BenchOptions {
  /** Rounds per engine and workload; the best (shortest) counts. PEERS_ROUNDS, default 3. */
  readonly rounds: number;
  /** Multiplies every loop size. PEERS_SCALE, default 1 (about 1–3 s a workload on vmi386). */
  readonly scale: number;
  /**
   * Untimed runs of each workload on each engine before its rounds, until this many seconds have
   * passed and at least 5 runs are done (unless that takes 2.5 times as long), at most 25 runs
   * (measure.ts, keepWarmingUp): PEERS_WARMUP, default 2.
   */
  readonly warmupSeconds: number;
  /**
   * Fresh processes per in-process engine and workload, each with its own warm-up and rounds; the
   * best round of all counts. PEERS_PROCESSES, default 2: how fast one V8 process runs varies from
   * process to process on a shared machine (by up to 1.6× in one measured case), and stays so for
   * that process's life, so rounds within one process cannot average it out.
   */
  readonly processes: number;
  /** `--json` or PEERS_JSON=1: print the results as JSON instead of a table. */
  readonly json: boolean;
}

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got "${text}"`);
  return value;
}

export function benchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const rounds = positiveNumber('PEERS_ROUNDS', env.PEERS_ROUNDS, 3);
  if (!Number.isInteger(rounds))
    throw new RangeError(`PEERS_ROUNDS must be an integer, got "${env.PEERS_ROUNDS}"`);
  const processes = positiveNumber('PEERS_PROCESSES', env.PEERS_PROCESSES, 2);
  if (!Number.isInteger(processes))
    throw new RangeError(`PEERS_PROCESSES must be an integer, got "${env.PEERS_PROCESSES}"`);
  return {
    rounds,
    processes,
    scale: positiveNumber('PEERS_SCALE', env.PEERS_SCALE, 1),
    warmupSeconds: env.PEERS_WARMUP === '0' ? 0 : positiveNumber('PEERS_WARMUP', env.PEERS_WARMUP, 2),
    json: argv.includes('--json') || env.PEERS_JSON === '1',
  };
}

export function scaledSizes(scale: number): WorkloadSizes {
  const scaled = {} as WorkloadSizes;
  for (const key of Object.keys(BENCH_SIZES) as (keyof WorkloadSizes)[]) {
    scaled[key] = Math.max(1, Math.round(BENCH_SIZES[key] * scale));
  }
  return scaled;
}
