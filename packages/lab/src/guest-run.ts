import { type CplTransitionKey, type CpuOptions, cplTransitionKey } from '@vmi386/cpu';
import type { GuestBuild } from '@vmi386/guest-entry';
import { HypervisorMachine, RomProfiler, SensitiveInstructionCensus } from '@vmi386/hypervisor';
import type { MachBackend } from '@vmi386/mach-asm';
import { PcMachine, type PcRunResult } from '@vmi386/pc';
import type { Platform } from './backends.js';
import { buildGuestOrFail } from './guest-build.js';
import { LabError } from './lab-error.js';
import { SiteProfiler } from './site-profiler.js';
import { type SyscallCost, SyscallProfiler } from './syscall-profile.js';

// The guest's null system call (`bench`): its benchmark loops make it a thousand times each way.
const NR_BENCH = 203;

/** Enough for every configuration of the shipped guest to reach its end (it needs ≈ 25 M). */
export const DEFAULT_MAX_INSTRUCTIONS = 200_000_000;

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
    /** Transitions that happened, keyed "3->0" (from->to). */
    privilegeTransitions: Partial<Record<CplTransitionKey, number>>;
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

export interface GuestSessionOptions {
  backend: MachBackend;
  platform: Platform;
  /** Receives the guest's serial console output as it is produced. */
  console?: (text: string) => void;
  /** A Multiboot image to run instead of the guest built with `backend` (e.g. from `vmi386 image`). */
  image?: Uint8Array;
  /** Kernel sources to build the guest from instead of the shipped ones (the web lab's editor). */
  sources?: Readonly<Record<string, string>>;
  /** Count the executions of every hook point (`siteVisits`); slows the run, changes no count. */
  profileSites?: boolean;
  /** The CPU's block compiler (default on); off, every instruction is interpreted. Same counts either way. */
  compile?: CpuOptions['compile'];
}

/** Why `advance` returned: still running (a slice ended, a breakpoint or a stop request), or ended. */
export interface SessionStep {
  readonly result: PcRunResult;
  /** True once the guest has exited, halted for good, triple-faulted or been stopped by the monitor. */
  readonly ended: boolean;
}

const RESUMABLE: ReadonlySet<PcRunResult['reason']> = new Set([
  'limit',
  'breakpoint',
  'stop-requested',
  'instruction-reached',
]);

/**
 * One guest booted in one configuration, run in as many slices as the caller likes (the web lab
 * runs it in slices to stay responsive; the CLI in one). The counters are the same however the run
 * is sliced: time is the instruction counter.
 */
export class GuestSession {
  readonly backend: string;
  readonly platform: Platform;
  /** The guest as built (absent when an image was given). */
  readonly build: GuestBuild | undefined;
  readonly cpu: PcMachine['cpu'];
  private transcript = '';
  private last: PcRunResult | undefined;
  private readonly syscalls: SyscallProfiler;
  private readonly platformRun: BareRun | MonitorRun;
  private readonly sites: SiteProfiler | undefined;

  constructor(options: GuestSessionOptions) {
    this.backend = options.backend.name;
    this.platform = options.platform;
    this.build = options.image ? undefined : buildGuestOrFail(options.backend, options.sources);
    const image = options.image ?? (this.build as GuestBuild).image;
    const console = (text: string) => {
      this.transcript += text;
      options.console?.(text);
    };
    this.platformRun =
      options.platform === 'hypervisor'
        ? bootUnderMonitor(image, console, options.compile)
        : bootOnPc(image, console, options.compile);
    this.cpu = this.platformRun.cpu;
    this.syscalls = new SyscallProfiler(this.cpu, NR_BENCH);
    if (options.profileSites && this.build) {
      this.sites = new SiteProfiler(
        this.cpu,
        this.build.sites.map((site) => site.address),
      );
    }
  }

  /** Executions of each hook point so far, by linked address (with `profileSites`). */
  siteVisits(): ReadonlyMap<number, number> {
    return this.sites?.visits ?? new Map();
  }

  /** The console output so far. */
  get console(): string {
    return this.transcript;
  }

  /** True once the guest can run no further. */
  get ended(): boolean {
    return this.last !== undefined && !RESUMABLE.has(this.last.reason);
  }

  /** Runs up to `virtualInstructions` more of virtual time (halted time counts). */
  advance(virtualInstructions: number): SessionStep {
    const result = this.platformRun.run(virtualInstructions);
    this.last = result;
    return { result, ended: this.ended };
  }

  /** The counters and reports as they stand now. */
  report(): GuestRunReport {
    const counters = this.cpu.counters;
    const vectors: Record<string, number> = {};
    counters.vectors.forEach((count, vector) => {
      if (count > 0) vectors[String(vector)] = count;
    });
    const hypervisor = this.platformRun.kind === 'hypervisor' ? this.platformRun.report() : undefined;
    const result = this.last;
    return {
      backend: this.backend,
      platform: this.platform,
      console: this.transcript,
      exitCode: result?.reason === 'exit' ? result.exitCode >>> 1 : null,
      stop: result ? stopText(result, hypervisor) : 'not started',
      counters: {
        instructions: counters.instructions,
        cycles: counters.cycles,
        virtualTime: result?.time ?? 0,
        privilegeTransitions: Object.fromEntries(
          counters.cplTransitions.map((t) => [cplTransitionKey(t), t.count]),
        ) as Partial<Record<CplTransitionKey, number>>,
        vectors,
        halts: counters.halts,
      },
      syscalls: this.syscalls.summary().map(({ via, ...cost }) => ({ entry: entryName(via), ...cost })),
      ...(hypervisor ? { hypervisor } : {}),
    };
  }
}

/** Builds the guest with `backend`, boots it on `platform` and runs it to its end (or the limit). */
export function runGuest(
  backend: MachBackend,
  platform: Platform,
  options: Omit<GuestSessionOptions, 'backend' | 'platform'> & { maxInstructions: number },
): GuestRunReport {
  const session = new GuestSession({ ...options, backend, platform });
  session.advance(options.maxInstructions);
  return session.report();
}

interface BareRun {
  readonly kind: 'bare';
  readonly cpu: PcMachine['cpu'];
  run(maxInstructions: number): PcRunResult;
}

interface MonitorRun {
  readonly kind: 'hypervisor';
  readonly cpu: PcMachine['cpu'];
  run(maxInstructions: number): PcRunResult;
  report(): HypervisorReport;
}

function bootOnPc(
  image: Uint8Array,
  console: (text: string) => void,
  compile: CpuOptions['compile'],
): BareRun {
  const machine = new PcMachine({ console, compile });
  bootOrRefuse(() => machine.loadMultiboot(image));
  return { kind: 'bare', cpu: machine.cpu, run: (maxInstructions) => machine.run({ maxInstructions }) };
}

function bootUnderMonitor(
  image: Uint8Array,
  console: (text: string) => void,
  compile: CpuOptions['compile'],
): MonitorRun {
  const machine = new HypervisorMachine({ console, compile });
  const boot = bootOrRefuse(() => machine.boot(image));
  const cpu = machine.pc.cpu;
  const rom = new RomProfiler(machine);
  const census = new SensitiveInstructionCensus(cpu, () => machine.monitor.virtualInterruptFlag);
  let monitorStop: string | null = null;
  return {
    kind: 'hypervisor',
    cpu,
    run(maxInstructions) {
      const result = machine.run({ maxInstructions });
      monitorStop = result.monitorStop ?? null;
      return result;
    },
    report() {
      const stats = machine.monitor.statistics;
      const exits = machine.monitor.exitsByCause();
      return {
        sitesPatched: boot.patched.length,
        exits: Object.fromEntries(exits),
        totalExits: [...exits.values()].reduce((a, b) => a + b, 0),
        events: { injected: stats.injected, delayed: stats.delayed, lost: stats.lost },
        romCalls: Object.fromEntries([...rom.calls].sort((a, b) => b[1] - a[1])),
        instructions: { guest: cpu.instructionCount - rom.romInstructions, rom: rom.romInstructions },
        failures: Object.fromEntries([...stats.failures, ...census.counts].sort((a, b) => b[1] - a[1])),
        monitorStop,
      };
    },
  };
}

function entryName(via: string): string {
  return via === 'software' ? 'int $0x80' : via;
}

function stopText(result: PcRunResult, hypervisor: HypervisorReport | undefined): string {
  if (hypervisor?.monitorStop) return `stopped by the monitor: ${hypervisor.monitorStop}`;
  return result.reason === 'triple-fault' ? `triple fault: ${result.detail}` : result.reason;
}

/** A file that is not a bootable image is the user's input, not a bug: a `LabError`. */
function bootOrRefuse<T>(boot: () => T): T {
  try {
    return boot();
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (['MultibootError', 'ElfFormatError', 'VmiAnnotationError', 'InvalidArgumentError'].includes(name)) {
      throw new LabError('unbootable-image', `the image cannot be booted: ${(e as Error).message}`);
    }
    throw e;
  }
}
