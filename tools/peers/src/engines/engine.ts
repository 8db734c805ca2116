import type { Workload } from '../workloads.js';

/** One timed run of a workload on an engine. */
export interface EngineRun {
  /** Wall time from start (process spawn, emulator construction, machine creation) to the end marker. */
  readonly seconds: number;
  /**
   * Wall time of the workload's own run, when the engine can tell it: from its start text to its end
   * marker on COM1 (v86, QEMU), or from the kernel's entry to its exit (vmi386).
   */
  readonly loopSeconds?: number;
  /** Instructions the engine reports itself retiring, when it can (vmi386 only). */
  readonly instructions?: number;
}

/** An emulator the bench can run a workload on; `unavailable` says why it cannot run here, if so. */
export interface Engine {
  readonly name: string;
  readonly unavailable?: string;
  run(workload: Workload): Promise<EngineRun>;
  /** Makes the next run start in a fresh process (engines that keep one up between runs). */
  restart?(): void;
}
