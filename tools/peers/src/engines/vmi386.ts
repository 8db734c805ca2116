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

/** Boots `workload` on a new PcMachine and runs it to its exit. */
export function runOnVmi386(workload: Workload): Vmi386Result {
  const start = performance.now();
  let console = '';
  const machine = new PcMachine({ console: (text) => (console += text) });
  machine.loadMultiboot(workload.image);
  const result = machine.run({ maxInstructions: INSTRUCTION_LIMIT });
  const seconds = (performance.now() - start) / 1000;
  return {
    reason: result.reason,
    exitCode: result.reason === 'exit' ? result.exitCode : undefined,
    instructions: result.instructions,
    console,
    seconds,
  };
}

export const vmi386Interpreter: Engine = {
  name: 'vmi386',
  async run(workload: Workload): Promise<EngineRun> {
    const result = runOnVmi386(workload);
    if (result.reason !== 'exit' || result.exitCode !== ((workload.exitStatus << 1) | 1)) {
      throw new Error(
        `vmi386: ${workload.name} stopped with ${result.reason} (exit code ${result.exitCode})`,
      );
    }
    // No loopSeconds: the UART may hand bytes over in batches, so the start byte's arrival is no clock.
    // vmi386 boots in a handful of instructions; its start-up (machine construction) is subtracted.
    return { seconds: result.seconds, instructions: result.instructions };
  },
};

/**
 * The column for vmi386's block compiler (issue 11, item 3). `Cpu` has no `compile` option yet;
 * once it does, this engine runs the same PcMachine with it on.
 */
export const vmi386Compiler: Engine = {
  name: 'vmi386 compiler',
  unavailable: 'not built yet',
  async run(): Promise<EngineRun> {
    throw new Error('vmi386 compiler: not built yet');
  },
};
