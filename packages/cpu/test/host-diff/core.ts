// Runs one case on the vmi386 core through runFlat, with the same bytes at the same addresses.

import { runFlat } from '@vmi386/cpu';
import { EAGER_COMPILE } from '../support/eager-compile.js';
import { type CaseInput, WINDOW_ADDRESS, WINDOW_BYTES } from './forms.js';
import { STUBS_ADDRESS } from './native.js';

export interface CoreResult {
  reason: string;
  vector: number | undefined;
  errorCode: number | undefined;
  eip: number;
  regs: Uint32Array;
  eflags: number;
  window: Uint8Array;
  instructions: number;
}

/** Memory for runFlat: the window at 0x10000 and the stubs at 0x20000 fit below its stack and GDT. */
const MEMORY_SIZE = 0x40000;

/** Runs `input` from `entry` at CPL 3 until the stub's final INT3 (or a fault) stops the core. */
export function runOnCore(stubs: Uint8Array, entry: number, input: CaseInput): CoreResult {
  const r = input.regs;
  const result = runFlat({
    code: stubs,
    origin: STUBS_ADDRESS,
    data: [{ address: WINDOW_ADDRESS, bytes: input.window }],
    entry,
    compile: EAGER_COMPILE,
    ring: 3,
    regs: {
      eax: r[0],
      ecx: r[1],
      edx: r[2],
      ebx: r[3],
      esp: r[4],
      ebp: r[5],
      esi: r[6],
      edi: r[7],
      eflags: input.eflags,
    },
    maxInstructions: 10_000,
    memorySize: MEMORY_SIZE,
  });
  const g = result.regs;
  return {
    reason: result.stop.reason,
    vector: result.stop.reason === 'exception' ? result.stop.vector : undefined,
    errorCode: result.stop.reason === 'exception' ? result.stop.errorCode : undefined,
    eip: result.stop.eip >>> 0,
    regs: Uint32Array.of(g.eax, g.ecx, g.edx, g.ebx, g.esp, g.ebp, g.esi, g.edi),
    eflags: g.eflags >>> 0,
    window: result.memory.read(WINDOW_ADDRESS, WINDOW_BYTES),
    instructions: result.instructions,
  };
}
