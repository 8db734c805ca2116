// Turns the forms into concrete cases (seeded) and into the native stub source.

import { COMPARED_FLAGS } from './flags.js';
import { type CaseInput, type Form, STACK_TOP, WINDOW_BYTES } from './forms.js';
import { Random } from './random.js';

export interface Case extends CaseInput {
  form: number;
}

/** The cases for `seed`: `form.cases ?? 12` per form, each with edge-biased registers, flags and memory. */
export function generateCases(forms: Form[], seed: number, scale = 1): Case[] {
  const random = new Random(seed);
  const cases: Case[] = [];
  forms.forEach((form, index) => {
    const count = Math.max(1, Math.round((form.cases ?? 12) * scale));
    for (let i = 0; i < count; i++) {
      const regs = new Uint32Array(8);
      for (let r = 0; r < 8; r++) regs[r] = random.register(random.pick([8, 16, 32] as const));
      regs[4] = STACK_TOP;
      const window = new Uint8Array(WINDOW_BYTES);
      for (let at = 0; at < WINDOW_BYTES; at += 4) {
        const value = random.register(random.pick([8, 16, 32] as const));
        window[at] = value & 0xff;
        window[at + 1] = (value >>> 8) & 0xff;
        window[at + 2] = (value >>> 16) & 0xff;
        window[at + 3] = value >>> 24;
      }
      // IF stays set (user code cannot clear it natively); the compared flags are random.
      const eflags = 0x202 | (random.u32() & COMPARED_FLAGS);
      const input: Case = { form: index, regs, eflags, window };
      form.setup?.(input, random);
      cases.push(input);
    }
  });
  return cases;
}

/**
 * GNU as source for the stubs: one per form, each ending in INT3, in section .stubs. Every line gets a
 * label `hd_<form>_<line>` and the INT3 `hd_<form>_end`, so an address in one build of a stub (i386, or
 * x86-64 with its longer encodings) maps to the same point in another (`labelAddresses`).
 * `formOfLine[n]` is the form that source line n + 1 belongs to (for assembler errors).
 */
export function stubSource(forms: readonly Form[]): { source: string; formOfLine: number[] } {
  const out: string[] = ['  .section .stubs, "ax"'];
  const formOfLine: number[] = [-1];
  const emit = (line: string, form: number) => {
    out.push(line);
    formOfLine.push(form);
  };
  forms.forEach((form, i) => {
    emit(`stub_${i}:`, i);
    form.lines.forEach((line, k) => {
      emit(`hd_${i}_${k}:`, i);
      emit(line.endsWith(':') ? line : `  ${line}`, i);
    });
    emit(`hd_${i}_end:`, i);
    emit('  int3', i);
  });
  out.push(
    '  .section .rodata',
    '  .align 8',
    '  .globl stub_table, stub_count',
    `stub_count: .long ${forms.length}`,
    'stub_table:',
  );
  for (let i = 0; i < forms.length; i++) out.push(`  .long stub_${i}`);
  out.push('  .section .note.GNU-stack, "", @progbits', '');
  return { source: out.join('\n'), formOfLine };
}

/** The harness's input file. */
export function encodeCases(cases: Case[]): Uint8Array {
  const record = 40 + WINDOW_BYTES;
  const bytes = new Uint8Array(4 + cases.length * record);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, cases.length, true);
  cases.forEach((c, n) => {
    const at = 4 + n * record;
    view.setUint32(at, c.form, true);
    for (let r = 0; r < 8; r++) view.setUint32(at + 4 + r * 4, c.regs[r], true);
    view.setUint32(at + 36, c.eflags, true);
    bytes.set(c.window, at + 40);
  });
  return bytes;
}
