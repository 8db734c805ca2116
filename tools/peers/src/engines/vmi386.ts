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
  readonly seconds: number;
}

/** Boots `workload` on a new PcMachine and runs it to its exit, with or without the block compiler. */
export function runOnVmi386(workload: Workload, compile = true): Vmi386Result {
  const start = performance.now();
  let console = '';
  const machine = new PcMachine({ console: (text) => (console += text), compile });
  machine.loadMultiboot(workload.image);
  const result = machine.run({ maxInstructions: INSTRUCTION_LIMIT });
  const seconds = (performance.now() - start) / 1000;
  return {
    reason: result.reason,
    exitCode: result.exitCode,
    instructions: result.instructions,
    console,
    seconds,
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
      // No loopSeconds: the UART may hand bytes over in batches, so the start byte's arrival is no clock.
      // vmi386 boots in a handful of instructions; its start-up (machine construction) is subtracted.
      return { seconds: result.seconds, instructions: result.instructions };
    },
  };
}

/** vmi386 with `compile: false`: every instruction through the interpreter. */
export const vmi386Interpreter = vmi386Engine('vmi386', false);
/** vmi386 as it runs by default: hot code through the block compiler. */
export const vmi386Compiler = vmi386Engine('vmi386 compiler', true);
