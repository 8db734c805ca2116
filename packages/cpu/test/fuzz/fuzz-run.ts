// Runs random byte strings on the core through runFlat and prints one JSON summary line.
// Started as a child process by fuzz.test.ts, so a hang is caught by a timeout instead of freezing
// the test runner. Usage: tsx --conditions=@vmi386/source fuzz-run.ts RING SEED TRIALS

import { type RunFlatResult, runFlat } from '@vmi386/cpu';
import { Random } from '../host-diff/random.js';

/** Architecturally defined exception vectors (SDM vol. 3A, table 6-1) and which push an error code. */
const EXCEPTIONS = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18, 19]);
const WITH_ERROR_CODE = new Set([8, 10, 11, 12, 13, 14, 17]);

const CODE_BYTES = 64;
const MAX_INSTRUCTIONS = 256;
const MEMORY_SIZE = 0x100000;
const ORIGIN = 0x8000;

export interface FuzzSummary {
  trials: number;
  stops: Record<string, number>;
  problems: string[];
  slowestMs: number;
  /** The code of the slowest trial, to see what a long-running instruction was. */
  slowest: string;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * INT n (any n): a software interrupt pushes no error code; its saved EIP follows the CD n bytes. They
 * are read from memory, not from the trial's code: a jump may run bytes the code stored elsewhere
 * (`push %esp; call *%esp` ran an `f3 cd 0f` left on the stack, fresh seed 0x4a4031e5 at CPL 0).
 */
function isSoftwareInterrupt(
  stop: { reason: string; vector?: number; eip: number },
  memory: RunFlatResult['memory'],
): boolean {
  if (stop.reason !== 'exception' || stop.eip < 2 || stop.eip > MEMORY_SIZE) return false;
  const [opcode, vector] = memory.read(stop.eip - 2, 2);
  return opcode === 0xcd && vector === stop.vector;
}

/** Checks that a stop is something an i386 can do, returning a description of any violation. */
function violation(
  stop: { reason: string; vector?: number; errorCode?: number; eip: number; message?: string },
  memory: RunFlatResult['memory'],
  instructions: number,
  triple: string | undefined,
): string | undefined {
  if (instructions > MAX_INSTRUCTIONS)
    return `ran ${instructions} instructions on a budget of ${MAX_INSTRUCTIONS}`;
  switch (stop.reason) {
    case 'limit':
    case 'halt':
      return undefined;
    case 'triple-fault':
      // runFlat stops at the first exception, so a shutdown here is the core refusing a state (e.g.
      // real mode); an internal error means a bug escaped as a host exception.
      return triple?.includes('internal') ? `internal error: ${triple}` : undefined;
    case 'exception': {
      const vector = stop.vector ?? -1;
      // Bytes CD n before the stop may belong to another instruction (an immediate, say): a stop with
      // an error code on a vector that has one is that fault, not INT n (seed 1200039843 at CPL 0).
      const faultWithCode =
        WITH_ERROR_CODE.has(vector) && stop.errorCode !== undefined && stop.errorCode >= 0;
      if (isSoftwareInterrupt(stop, memory) && !faultWithCode)
        return stop.errorCode === undefined ? undefined : `INT ${vector} with an error code`;
      if (vector >= 32) return `vector ${vector} without INT ${vector}`;
      if (!EXCEPTIONS.has(vector)) return `reserved vector ${vector}`;
      const hasCode = stop.errorCode !== undefined && stop.errorCode >= 0;
      if (WITH_ERROR_CODE.has(vector) !== hasCode) {
        return `vector ${vector} ${hasCode ? `with error code ${stop.errorCode}` : 'without its error code'}`;
      }
      if ((vector === 8 || vector === 17) && stop.errorCode !== 0)
        return `vector ${vector} with error code ${stop.errorCode} (must be 0)`;
      if (vector >= 10 && vector <= 13 && (stop.errorCode! < 0 || stop.errorCode! > 0xffff)) {
        return `vector ${vector} with error code ${stop.errorCode} (a selector error code is 16 bits)`;
      }
      return undefined;
    }
    default:
      return `unknown stop reason ${stop.reason}`;
  }
}

export function fuzz(ring: 0 | 3, seed: number, trials: number): FuzzSummary {
  const random = new Random(seed);
  const summary: FuzzSummary = { trials, stops: {}, problems: [], slowestMs: 0, slowest: '' };
  for (let n = 0; n < trials; n++) {
    const code = new Uint8Array(CODE_BYTES);
    for (let i = 0; i < CODE_BYTES; i++) code[i] = random.below(256);
    const regs = {
      eax: random.u32(),
      ecx: random.chance(0.5) ? random.below(64) : random.u32(),
      edx: random.u32(),
      ebx: random.chance(0.5) ? ORIGIN + random.below(0x4000) : random.u32(),
      ebp: random.u32(),
      esi: random.chance(0.5) ? ORIGIN + random.below(0x4000) : random.u32(),
      edi: random.chance(0.5) ? ORIGIN + random.below(0x4000) : random.u32(),
    };
    const started = performance.now();
    let result: ReturnType<typeof runFlat>;
    try {
      result = runFlat({
        code,
        origin: ORIGIN,
        ring,
        regs,
        maxInstructions: MAX_INSTRUCTIONS,
        memorySize: MEMORY_SIZE,
      });
    } catch (error) {
      summary.problems.push(`[${hex(code)}] threw ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const elapsed = performance.now() - started;
    if (elapsed > summary.slowestMs) {
      summary.slowestMs = elapsed;
      summary.slowest = `[${hex(code)}] ecx=${regs.ecx.toString(16)} ${result.instructions} instructions, ${result.cycles} cycles`;
    }
    const stop = result.stop;
    const software = isSoftwareInterrupt(stop, result.memory);
    const key = software ? 'INT n' : stop.reason === 'exception' ? `exception ${stop.vector}` : stop.reason;
    summary.stops[key] = (summary.stops[key] ?? 0) + 1;
    const triple =
      stop.reason === 'triple-fault' ? (result.cpu as { shutdownReason?: string }).shutdownReason : undefined;
    const problem = violation(stop, result.memory, result.instructions, triple);
    if (problem) summary.problems.push(`[${hex(code)}] ${problem}`);
  }
  return summary;
}

const [ring, seed, trials] = process.argv.slice(2).map(Number);
if (process.argv[1]?.endsWith('fuzz-run.ts')) {
  if (![0, 3].includes(ring) || !Number.isInteger(seed) || !(trials > 0)) {
    throw new Error(`usage: fuzz-run.ts RING(0|3) SEED TRIALS, got ${process.argv.slice(2).join(' ')}`);
  }
  console.log(JSON.stringify(fuzz(ring as 0 | 3, seed, trials)));
}
