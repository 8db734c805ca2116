// The block compiler changes nothing a run reports: in all four configurations the guest kernel
// gives the same console, the same counters (instructions, modelled cycles, transitions, vectors),
// the same monitor exits, ROM calls and events with the compiler on as with every instruction
// interpreted. The compiled runs really run compiled code, on bare hardware and under the monitor
// (the lab's ROM profiler and sensitive-instruction census watch their instructions through
// instruction watches, which compiled code keeps).
import { describe, expect, it } from 'vitest';
import { backends, platforms } from './backends.js';
import { DEFAULT_MAX_INSTRUCTIONS, GuestSession } from './guest-run.js';

describe('guest kernel with and without the block compiler', () => {
  for (const backend of [backends.native, backends.vmi]) {
    for (const platform of platforms) {
      it(`${backend.name} on ${platform}: identical reports`, { timeout: 300_000 }, () => {
        const run = (compile: boolean) => {
          // Every branch target compiled at its first visit: as much of the kernel as possible runs compiled.
          const session = new GuestSession({ backend, platform, compile: compile && { hotThreshold: 1 } });
          session.advance(DEFAULT_MAX_INSTRUCTIONS);
          return { report: session.report(), compiled: session.cpu.compiledBlocks?.compiledCount ?? 0 };
        };
        const interpreted = run(false);
        const compiled = run(true);
        expect(compiled.report).toEqual(interpreted.report);
        expect(interpreted.compiled).toBe(0);
        expect(compiled.compiled).toBeGreaterThan(100);
      });
    }
  }
});
