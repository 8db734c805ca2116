import {
  enterMultibootState,
  loadMultiboot,
  type MultibootBoot,
  type MultibootOptions,
  PcMachine,
  type PcMachineOptions,
  type PcRunResult,
  type PcSnapshot,
} from '@vmi386/pc';
import type { MonitorCostModel } from './cost-model.js';
import { PAGE_SIZE, ROM_BASE } from './layout.js';
import { type AtomicRegions, Monitor, type MonitorState } from './monitor.js';
import { planSitePatches, type SitePatch } from './vmi-patching.js';

export const DEFAULT_GUEST_MEMORY_SIZE = 64 * 1024 * 1024;
/** The monitor's own RAM above the guest's: shadow page tables and the hole's backing pages. */
export const DEFAULT_MONITOR_MEMORY_SIZE = 1024 * 1024;
const RESUMABLE: ReadonlySet<PcRunResult['reason']> = new Set([
  'limit',
  'instruction-reached',
  'breakpoint',
  'stop-requested',
]);

/** A waiting interrupt older than this (virtual instructions, ≈ 3 timer ticks at 100 Hz) is a stall. */
export const DEFAULT_STALL_LIMIT = 10_000_000;
const WATCH_SLICE = 1_000_000;

export interface HypervisorMachineOptions extends Omit<PcMachineOptions, 'memorySize'> {
  /** Guest-physical RAM in bytes (a multiple of 4 KiB); default 64 MiB. */
  guestMemorySize?: number;
  /** The monitor's RAM in bytes, above the guest's; default 1 MiB. */
  monitorMemorySize?: number;
  monitorCostModel?: MonitorCostModel;
  /** Ablations for the race explorer (see `MonitorOptions.atomicRegions`). */
  atomicRegions?: Partial<AtomicRegions>;
}

export interface HypervisorBoot extends MultibootBoot {
  /** The hook points patched into ROM calls (empty for a native image: trap-and-emulate only). */
  patched: readonly SitePatch[];
}

export interface HypervisorSnapshot {
  readonly pc: PcSnapshot;
  readonly monitor: MonitorState;
}

export type HypervisorRunResult = PcRunResult & {
  /** Why the monitor stopped the guest, when it did. */
  monitorStop?: string;
};

/**
 * A PC whose CPU runs a guest kernel deprivileged to ring 1 under the monitor: the same `PcMachine`
 * (RAM, PIC, PIT, UART, debug exit) with a larger RAM, of which the guest sees the first
 * `guestMemorySize` bytes and the monitor keeps the rest.
 */
export class HypervisorMachine {
  readonly pc: PcMachine;
  readonly monitor: Monitor;
  readonly guestMemorySize: number;

  constructor(options: HypervisorMachineOptions = {}) {
    const guestMemorySize = options.guestMemorySize ?? DEFAULT_GUEST_MEMORY_SIZE;
    const monitorMemorySize = options.monitorMemorySize ?? DEFAULT_MONITOR_MEMORY_SIZE;
    for (const [name, value] of [
      ['guestMemorySize', guestMemorySize],
      ['monitorMemorySize', monitorMemorySize],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0 || value % PAGE_SIZE !== 0) {
        throw new RangeError(`${name} must be a positive multiple of 4096 bytes, got ${value}`);
      }
    }
    if (guestMemorySize + monitorMemorySize > ROM_BASE) {
      throw new RangeError('guest and monitor memory must end below the hypervisor hole (0xFC000000)');
    }
    this.guestMemorySize = guestMemorySize;
    this.pc = new PcMachine({ ...options, memorySize: guestMemorySize + monitorMemorySize });
    this.monitor = new Monitor(this.pc.cpu, this.pc.memory, {
      clock: () => this.pc.time,
      guestMemorySize,
      monitorMemoryEnd: guestMemorySize + monitorMemorySize,
      costModel: options.monitorCostModel,
      atomicRegions: options.atomicRegions,
    });
  }

  /**
   * Loads a Multiboot image into guest memory (the boot information describes the guest's RAM
   * only), patches its VMI hook points, if it has any, into calls to the ROM, and starts it in ring
   * 1. A malformed annotation section is refused before anything is patched.
   */
  boot(image: Uint8Array, options: MultibootOptions = {}): HypervisorBoot {
    const memory = this.pc.memory;
    const patches = planSitePatches(image, ROM_BASE);
    const guestView = {
      size: this.guestMemorySize,
      write: (at: number, data: Uint8Array) => memory.write(at, data),
    };
    const boot = loadMultiboot(guestView, image, options);
    for (const patch of patches) memory.write(patch.physical, patch.bytes);
    enterMultibootState(this.pc.cpu, memory, boot);
    this.monitor.start();
    return { ...boot, patched: patches };
  }

  /** Snapshots the whole machine: the PC (CPU, RAM copy-on-write, devices) and the monitor. */
  snapshot(): HypervisorSnapshot {
    return { pc: this.pc.snapshot(), monitor: this.monitor.saveState() };
  }

  /** Returns to `snapshot` (the latest one taken). */
  restore(snapshot: HypervisorSnapshot): void {
    this.pc.restore(snapshot.pc);
    this.monitor.loadState(snapshot.monitor);
  }

  /**
   * Runs like `PcMachine.run`, and also stops a guest that can no longer take interrupts: when an
   * interrupt has waited `stallLimit` of virtual time for the guest's virtual IF (the kernel believes
   * interrupts are on, but the instruction that should have set IF was ignored at CPL 1), the run
   * ends with a named reason instead of spinning to the limit.
   */
  run(options: { maxInstructions: number; stallLimit?: number }): HypervisorRunResult {
    const stallLimit = options.stallLimit ?? DEFAULT_STALL_LIMIT;
    const pc = this.pc;
    const start = pc.time;
    const deadline = start + Math.max(0, options.maxInstructions);
    const startInstructions = pc.cpu.instructionCount;
    let result: PcRunResult;
    for (;;) {
      result = pc.run({ maxInstructions: Math.min(WATCH_SLICE, deadline - pc.time) });
      const waited = this.monitor.waitingFor(pc.time);
      // Checked at every stop the caller may resume from, so that a run cut into short pieces (by
      // the event injector, a debugger) is watched like one long run.
      if (RESUMABLE.has(result.reason) && waited > stallLimit) {
        this.monitor.stopReason = `stalled: an interrupt waited ${waited} instructions for the guest's virtual IF (the guest believes interrupts are enabled; an IRET or POPF at CPL 1 could not set IF)`;
        break;
      }
      if (result.reason !== 'limit' || pc.time >= deadline) break;
    }
    const total = {
      ...result,
      instructions: pc.cpu.instructionCount - startInstructions,
      elapsed: pc.time - start,
    };
    const monitorStop = this.monitor.stopReason;
    return monitorStop === undefined ? total : { ...total, monitorStop };
  }
}
