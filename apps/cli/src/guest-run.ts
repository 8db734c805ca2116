import { HypervisorMachine, RomProfiler, SensitiveInstructionCensus } from '@vmi386/hypervisor';
import type { MachBackend } from '@vmi386/mach-asm';
import { PcMachine, type PcRunResult } from '@vmi386/pc';
import { UsageError } from './errors.js';
import { buildGuestOrFail } from './guest.js';
import { type SyscallCost, SyscallProfiler } from './syscall-profile.js';

// The guest's null system call (`bench`): its benchmark loops make it a thousand times each way.
const NR_BENCH = 203;

export const platforms = ['bare', 'hypervisor'] as const;
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
  /** Only under the hypervisor. */
  hypervisor?: HypervisorReport;
}

export interface HypervisorReport {
  /** Hook points patched into ROM calls (0 for a native image: trap-and-emulate only). */
  sitesPatched: number;
  /** Monitor exits by cause. */
  exits: Record<string, number>;
  totalExits: number;
  events: { injected: number; delayed: number; lost: number };
  /** ROM calls by VMI call name. */
  romCalls: Record<string, number>;
  instructions: { guest: number; rom: number };
  /** What the guest did that the monitor refused or could not make right. */
  failures: Record<string, number>;
  /** Why the monitor stopped the guest, if it did. */
  monitorStop: string | null;
}

/** Builds the guest with `backend`, boots it on `platform` and runs it to its exit (or the limit). */
export function runGuest(
  backend: MachBackend,
  platform: Platform,
  options: {
    maxInstructions: number;
    console?: (text: string) => void;
    /** A Multiboot image to run instead of the guest built with `backend` (e.g. from `vmi386 image`). */
    image?: Uint8Array;
  },
): GuestRunReport {
  const image = options.image ?? buildGuestOrFail(backend).image;
  let transcript = '';
  const console = (text: string) => {
    transcript += text;
    options.console?.(text);
  };
  const run =
    platform === 'hypervisor'
      ? runUnderMonitor(image, console, options.maxInstructions)
      : runOnPc(image, console, options.maxInstructions);
  const { cpu, result, hypervisor } = run;
  const counters = cpu.counters;
  const vectors: Record<string, number> = {};
  counters.vectors.forEach((count, vector) => {
    if (count > 0) vectors[String(vector)] = count;
  });
  return {
    backend: backend.name,
    platform,
    console: transcript,
    exitCode: result.exitCode === undefined ? null : result.exitCode >>> 1,
    stop: stopText(result, hypervisor),
    counters: {
      instructions: counters.instructions,
      cycles: counters.cycles,
      virtualTime: result.time,
      privilegeTransitions: Object.fromEntries(counters.cplTransitions),
      vectors,
      halts: counters.halts,
    },
    syscalls: run.syscalls.summary().map(({ via, ...cost }) => ({ entry: entryName(via), ...cost })),
    ...(hypervisor ? { hypervisor } : {}),
  };
}

/** What one platform's run leaves for the report. */
interface PlatformRun {
  cpu: PcMachine['cpu'];
  result: PcRunResult;
  syscalls: SyscallProfiler;
  hypervisor?: HypervisorReport;
}

function runOnPc(image: Uint8Array, console: (text: string) => void, maxInstructions: number): PlatformRun {
  const machine = new PcMachine({ console });
  bootOrRefuse(() => machine.loadMultiboot(image));
  const syscalls = new SyscallProfiler(machine.cpu, NR_BENCH);
  return { cpu: machine.cpu, result: machine.run({ maxInstructions }), syscalls };
}

function runUnderMonitor(
  image: Uint8Array,
  console: (text: string) => void,
  maxInstructions: number,
): PlatformRun {
  const machine = new HypervisorMachine({ console });
  const boot = bootOrRefuse(() => machine.boot(image));
  const cpu = machine.pc.cpu;
  const syscalls = new SyscallProfiler(cpu, NR_BENCH);
  const rom = new RomProfiler(cpu);
  const census = new SensitiveInstructionCensus(cpu, () => machine.monitor.virtualInterruptFlag);
  const result = machine.run({ maxInstructions });
  const stats = machine.monitor.statistics;
  const exits = machine.monitor.exitsByCause();
  const hypervisor: HypervisorReport = {
    sitesPatched: boot.patched.length,
    exits: Object.fromEntries(exits),
    totalExits: [...exits.values()].reduce((a, b) => a + b, 0),
    events: { injected: stats.injected, delayed: stats.delayed, lost: stats.lost },
    romCalls: Object.fromEntries([...rom.calls].sort((a, b) => b[1] - a[1])),
    instructions: { guest: cpu.instructionCount - rom.romInstructions, rom: rom.romInstructions },
    failures: Object.fromEntries([...stats.failures, ...census.counts].sort((a, b) => b[1] - a[1])),
    monitorStop: result.monitorStop ?? null,
  };
  return { cpu, result, syscalls, hypervisor };
}

function entryName(via: string): string {
  return via === 'software' ? 'int $0x80' : via;
}

function stopText(result: PcRunResult, hypervisor: HypervisorReport | undefined): string {
  if (hypervisor?.monitorStop) return `stopped by the monitor: ${hypervisor.monitorStop}`;
  return result.reason === 'triple-fault' ? `triple fault: ${result.detail}` : result.reason;
}

/** A file that is not a bootable image is the user's input, not a bug: one line, status 2. */
function bootOrRefuse<T>(boot: () => T): T {
  try {
    return boot();
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (['MultibootError', 'ElfFormatError', 'VmiAnnotationError', 'InvalidArgumentError'].includes(name)) {
      throw new UsageError(`the image cannot be booted: ${(e as Error).message}`);
    }
    throw e;
  }
}
