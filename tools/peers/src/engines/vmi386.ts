/** vmi386's interpreter, in-process: a fresh PcMachine per run, stopped by isa-debug-exit. */
import { PcMachine } from '@vmi386/pc';
import type { Workload } from '../workloads.js';
import type { Engine, EngineRun } from './engine.js';

/** No workload here needs more; a run that reaches it is a broken workload, not a slow one. */
const INSTRUCTION_LIMIT = 5_000_000_000;

export interface Vmi386Result {
  readonly reason: string;
  readonly exitCode?: number;
  readonly instructions: number;
  readonly console: string;
  /** From the start of the call: the machine's construction and the image's loading included. */
  readonly seconds: number;
  /** Of `PcMachine.run` alone: from the kernel's entry to its exit. */
  readonly runSeconds: number;
}

/** Boots `workload` on a new PcMachine and runs it to its exit, with or without the block compiler. */
export function runOnVmi386(workload: Workload, compile = true): Vmi386Result {
  const start = performance.now();
  let console = '';
  const machine = new PcMachine({ console: (text) => (console += text), compile });
  machine.loadMultiboot(workload.image);
  const runStart = performance.now();
  const result = machine.run({ maxInstructions: INSTRUCTION_LIMIT });
  const end = performance.now();
  return {
    reason: result.reason,
    exitCode: result.reason === 'exit' ? result.exitCode : undefined,
    instructions: result.instructions,
    console,
    seconds: (end - start) / 1000,
    runSeconds: (end - runStart) / 1000,
  };
}

function vmi386Engine(name: string, compile: boolean): Engine {
  return {
    name,
    async run(workload: Workload): Promise<EngineRun> {
      const result = runOnVmi386(workload, compile);
      if (result.reason !== 'exit' || result.exitCode !== ((workload.exitStatus << 1) | 1)) {
        throw new Error(
          `${name}: ${workload.name} stopped with ${result.reason} (exit code ${result.exitCode})`,
        );
      }
      // Timed from the kernel's entry, as v86 and QEMU are timed from the workload's start text (their
      // firmware and loading excluded): the workload prints its start byte a handful of instructions
      // in. Building the machine is left out as their boot is; for a few runs right after a QEMU run
      // it took up to 43 ms instead of 3-7 (docs/performance.md).
      return { seconds: result.seconds, loopSeconds: result.runSeconds, instructions: result.instructions };
    },
  };
}

/** vmi386 with `compile: false`: every instruction through the interpreter. */
export const vmi386Interpreter = vmi386Engine('vmi386', false);
/** vmi386 as it runs by default: hot code through the block compiler. */
export const vmi386Compiler = vmi386Engine('vmi386 compiler', true);
