import type { InjectableMachine } from './machine.js';

/** The run did not reach the instruction it was asked to stop before. */
export class InstructionNotReached extends Error {
  constructor(
    readonly target: number,
    readonly stoppedBy: string,
  ) {
    super(`the machine stopped (${stoppedBy}) before reaching instruction ${target}`);
    this.name = 'InstructionNotReached';
  }
}

/**
 * Runs until exactly `instruction` instructions have retired (time is the instruction counter):
 * the next instruction has not executed yet. Throws `InstructionNotReached` if the machine stops
 * first (exit, triple fault) or halts for good.
 */
export function runToInstruction<S>(machine: InjectableMachine<S>, instruction: number): void {
  const cpu = machine.cpu;
  if (cpu.instructionCount > instruction) throw new RangeError(`instruction ${instruction} is in the past`);
  if (cpu.instructionCount === instruction) return;
  cpu.stopAtInstruction = instruction;
  try {
    for (;;) {
      const result = machine.run({ maxInstructions: Number.MAX_SAFE_INTEGER / 4 });
      if (cpu.instructionCount >= instruction) return;
      if (result.reason !== 'limit') throw new InstructionNotReached(instruction, result.reason);
    }
  } finally {
    cpu.stopAtInstruction = Number.POSITIVE_INFINITY;
  }
}
