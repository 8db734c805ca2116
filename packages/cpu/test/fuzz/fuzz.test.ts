// Random bytes at CPL 3 and CPL 0: the core only ever stops with an architectural exception (vectors
// 0–31 with the right error codes, or INT n), HLT or the budget; it never throws a host error and
// never hangs. Each batch runs in a child process with a timeout, so a hang fails instead of freezing.

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FuzzSummary } from './fuzz-run.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Trials per batch: each costs a fresh runFlat machine (a few ms), so the fresh seed gets fewer. */
const TRIALS = { fixed: 5_000, fresh: 2_000 } as const;
const TIMEOUT_MS = 240_000;
const freshSeed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : (Date.now() ^ (process.pid << 8)) >>> 0;

function runBatch(ring: 0 | 3, seed: number, trials: number): FuzzSummary {
  const output = execFileSync(
    'npx',
    [
      'tsx',
      '--conditions=@vmi386/source',
      join(HERE, 'fuzz-run.ts'),
      String(ring),
      String(seed),
      String(trials),
    ],
    { encoding: 'utf8', timeout: TIMEOUT_MS, cwd: join(HERE, '../..') },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as FuzzSummary;
}

describe('fuzz: random bytes on the core', () => {
  for (const ring of [3, 0] as const) {
    for (const [label, seed] of [
      ['fixed', 0xf022_0000 + ring],
      ['fresh', freshSeed ^ ring],
    ] as const) {
      it(
        `CPL ${ring}, ${label} seed 0x${(seed >>> 0).toString(16)}: only architectural exceptions`,
        () => {
          const summary = runBatch(ring, seed >>> 0, TRIALS[label]);
          console.log(
            `fuzz CPL ${ring} seed 0x${(seed >>> 0).toString(16)} (replay the fresh batches with FUZZ_SEED=${freshSeed}): ${summary.trials} trials, slowest ${summary.slowestMs.toFixed(1)} ms ${summary.slowest}, stops ${JSON.stringify(summary.stops)}`,
          );
          expect(summary.trials).toBe(TRIALS[label]);
          expect(
            Object.values(summary.stops).reduce((a, b) => a + b, 0) + summary.problems.length,
          ).toBeGreaterThanOrEqual(TRIALS[label]);
          if (summary.problems.length > 0) {
            expect.fail(
              `${summary.problems.length} violations:\n${summary.problems.slice(0, 25).join('\n')}`,
            );
          }
        },
        TIMEOUT_MS + 10_000,
      );
    }
  }
});
