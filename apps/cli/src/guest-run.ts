import type { MachBackend } from '@vmi386/mach-asm';
import { PcMachine } from '@vmi386/pc';
import { buildGuestOrFail } from './guest.js';
import { type SyscallCost, SyscallProfiler } from './syscall-profile.js';

// The guest's null system call (`bench`): its benchmark loops make it a thousand times each way.
const NR_BENCH = 203;

export const platforms = ['bare'] as const;
export type Platform = (typeof platforms)[number];

export interface GuestRunReport {
  backend: string;
  platform: Platform;
  console: string;
  /** The value the guest wrote to the isa-debug-exit port (QEMU exits with (status << 1) | 1). */
  exitCode: number | null;
  stop: string;
  counters: {
    instructions: number;
    cycles: number;
    /** Instructions plus the time spent halted, as the PIT sees it. */
    virtualTime: number;
    privilegeTransitions: Record<string, number>;
    vectors: Record<string, number>;
    halts: number;
  };
  /** Cost of one null system call per entry method (`int $0x80`, `sysenter`). */
  syscalls: (Omit<SyscallCost, 'via'> & { entry: string })[];
}

/** Builds the guest with `backend`, boots it on `platform` and runs it to its exit (or the limit). */
export function runGuest(
  backend: MachBackend,
  platform: Platform,
  options: { maxInstructions: number; console?: (text: string) => void },
): GuestRunReport {
  const build = buildGuestOrFail(backend);
  let transcript = '';
  const machine = new PcMachine({
    console: (text) => {
      transcript += text;
      options.console?.(text);
    },
  });
  machine.loadMultiboot(build.image);
  const profiler = new SyscallProfiler(machine.cpu, NR_BENCH);
  const result = machine.run({ maxInstructions: options.maxInstructions });

  const counters = machine.cpu.counters;
  const vectors: Record<string, number> = {};
  counters.vectors.forEach((count, vector) => {
    if (count > 0) vectors[String(vector)] = count;
  });
  return {
    backend: backend.name,
    platform,
    console: transcript,
    exitCode: result.exitCode === undefined ? null : result.exitCode >>> 1,
    stop: result.reason === 'triple-fault' ? `triple fault: ${result.detail}` : result.reason,
    counters: {
      instructions: counters.instructions,
      cycles: counters.cycles,
      virtualTime: result.time,
      privilegeTransitions: Object.fromEntries(counters.cplTransitions),
      vectors,
      halts: counters.halts,
    },
    syscalls: profiler.summary().map(({ via, ...cost }) => ({ entry: entryName(via), ...cost })),
  };
}

function entryName(via: string): string {
  return via === 'software' ? 'int $0x80' : via;
}
