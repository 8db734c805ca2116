// Builds and runs host-harness.c (gcc, for the host's own x86 mode) to execute x87 cases on the host FPU.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STATE_BYTES = 108;
export const MEM_BYTES = 512;
export const CASE_BYTES = STATE_BYTES + MEM_BYTES + 8;
const RESULT_BYTES = STATE_BYTES + MEM_BYTES + 8;

/** Arithmetic flags plus bit 1: the EFLAGS bits a case starts with and compares. */
export const EFLAGS_COMPARED = 0x8d5;

export interface X87Case {
  /** FNSAVE image (32-bit layout) loaded before the instruction. */
  state: Uint8Array;
  /** The memory operand area (addressed as (%eax)). */
  mem: Uint8Array;
  /** Instruction bytes (1–3); memory forms use ModR/M mod=00 rm=000, i.e. (%eax). */
  code: number[];
  /** EFLAGS before the instruction (only the arithmetic flags vary; default 0x202). */
  eflags?: number;
}

export interface HostResult {
  state: Uint8Array;
  mem: Uint8Array;
  eax: number;
  eflags: number;
}

export interface HostRun {
  /** Address of the instruction under test and of the memory operand on the host. */
  instructionAddress: number;
  memAddress: number;
  results: HostResult[];
}

let binary: string | undefined;

function build(): string {
  if (binary) return binary;
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-x87-'));
  const source = fileURLToPath(new URL('./host-harness.c', import.meta.url));
  binary = join(dir, 'x87-harness');
  // Non-PIE, so the harness's data sits below 4 GiB on x86-64 and FDP is a 32-bit offset as on i386.
  execFileSync('gcc', ['-O1', '-no-pie', '-o', binary, source]);
  return binary;
}

export function runOnHost(cases: X87Case[]): HostRun {
  const input = new Uint8Array(cases.length * CASE_BYTES);
  cases.forEach((c, i) => {
    const at = i * CASE_BYTES;
    input.set(c.state, at);
    input.set(c.mem, at + STATE_BYTES);
    input[at + STATE_BYTES + MEM_BYTES] = c.code.length;
    input.set(c.code, at + STATE_BYTES + MEM_BYTES + 1);
    new DataView(input.buffer).setUint32(at + STATE_BYTES + MEM_BYTES + 4, c.eflags ?? 0x202, true);
  });
  const output = execFileSync(build(), { input, maxBuffer: 1 << 30 });
  const view = new DataView(output.buffer, output.byteOffset, output.byteLength);
  const results: HostResult[] = [];
  for (let i = 0; i < cases.length; i++) {
    const at = 8 + i * RESULT_BYTES;
    results.push({
      state: new Uint8Array(output.subarray(at, at + STATE_BYTES)),
      mem: new Uint8Array(output.subarray(at + STATE_BYTES, at + STATE_BYTES + MEM_BYTES)),
      eax: view.getUint32(at + STATE_BYTES + MEM_BYTES, true),
      eflags: view.getUint32(at + STATE_BYTES + MEM_BYTES + 4, true),
    });
  }
  if (results.length !== cases.length)
    throw new Error(`host harness returned ${results.length}/${cases.length} results`);
  return { instructionAddress: view.getUint32(0, true), memAddress: view.getUint32(4, true), results };
}
