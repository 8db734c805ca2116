/**
 * The bench's kernels are right on vmi386: each one exits through isa-debug-exit with its status,
 * prints its end marker on COM1, and retires the same number of instructions every time (the count
 * every engine's MIPS is computed from). Small loop sizes: this checks the workloads, it times nothing.
 */
import { describe, expect, it } from 'vitest';
import { runOnVmi386 } from './engines/vmi386.js';
import { scaledSizes } from './options.js';
import {
  END_BYTE,
  emptyWorkload,
  guestKernelWorkload,
  START_BYTE,
  syntheticWorkloads,
  type Workload,
} from './workloads.js';

const small = scaledSizes(0.0001);

function checkRun(workload: Workload) {
  const first = runOnVmi386(workload);
  expect(first.reason).toBe('exit');
  expect(first.exitCode).toBe((workload.exitStatus << 1) | 1);
  const end = workload.end;
  if (end.kind === 'byte') expect(first.console).toBe(String.fromCharCode(START_BYTE, end.byte));
  else expect(first.console.split('\n').find((line) => line.startsWith(end.prefix))).toBe(end.expected);
  const second = runOnVmi386(workload);
  expect(second.instructions).toBe(first.instructions);
  expect(second.console).toBe(first.console);
  return first;
}

describe('bench workloads on vmi386', () => {
  it('the empty kernel only prints the start and end bytes and exits', () => {
    const run = checkRun(emptyWorkload());
    expect(run.console).toBe(String.fromCharCode(START_BYTE, END_BYTE));
    expect(run.instructions).toBeLessThan(20);
  });

  for (const workload of syntheticWorkloads(small)) {
    it(`${workload.name}: exits with its status, prints its byte, same count twice`, () => {
      checkRun(workload);
    });
  }

  it('the loop sizes set the instruction counts (ALU loop: 6 instructions an iteration)', () => {
    const [alu] = syntheticWorkloads(small);
    const [aluTwice] = syntheticWorkloads({ ...small, alu: small.alu * 2 });
    expect(runOnVmi386(aluTwice).instructions - runOnVmi386(alu).instructions).toBe(6 * small.alu);
  });

  it('the guest kernel runs to its summary and exits with the passing status', () => {
    checkRun(guestKernelWorkload());
  }, 300_000); // two runs of 15 M instructions: slow on a loaded machine
});
