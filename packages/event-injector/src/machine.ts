import type { Cpu } from '@vmi386/cpu';
import type { PcMachine, PcSnapshot } from '@vmi386/pc';

/** Why a run of an injectable machine stopped (the reasons `PcMachine.run` gives). */
export interface InjectableRunResult {
  readonly reason: string;
  /** Set when a monitor stopped the guest (a hypervised machine): why. */
  readonly monitorStop?: string;
}

/**
 * What the injector needs from a machine: its CPU, its interrupt inputs, a deterministic run, and
 * whole-machine snapshots (CPU, memory, devices and, for a hypervised machine, the monitor).
 * `PcMachine` is one (`pcTarget`); `@vmi386/hypervisor`'s machine is adapted the same way.
 */
export interface InjectableMachine<Snapshot> {
  readonly cpu: Cpu;
  /** Pulses interrupt line `line` (0–15) of the PIC pair: one edge, as a device raises it. */
  pulseIrq(line: number): void;
  /** Raises NMI (LINT1 on a Pentium II). */
  raiseNmi(): void;
  run(options: { maxInstructions: number }): InjectableRunResult;
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): void;
}

/** The bare PC as an injectable machine. */
export function pcTarget(pc: PcMachine): InjectableMachine<PcSnapshot> {
  return {
    cpu: pc.cpu,
    pulseIrq: (line) => pc.pic.pulseIrq(line),
    raiseNmi: () => pc.cpu.raiseNmi(),
    run: (options) => pc.run(options),
    snapshot: () => pc.snapshot(),
    restore: (snapshot) => pc.restore(snapshot),
  };
}
