// Instruction watches against the trace hook: a watch must see exactly the instructions it selects,
// at the same boundaries (EIP and instruction count) as the trace hook sees them, interpreted and
// compiled, without changing what the program does or costs; and the rest must stay compiled.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { Cpu, FLAT_SELECTORS, type InstructionWatch, PhysicalMemory, writeFlatGdt } from '../../src/index.js';
import { EAGER_COMPILE } from '../support/eager-compile.js';

const ORIGIN = 0x2000;
/** A loop with PUSHF/POPF pairs in its body and in a subroutine, and 0F-map instructions around them. */
const PROGRAM = `
.code32
  mov $200, %ecx
loop:
  pushf
  add %ecx, %eax
  popf
  call sub
swap:
  bswap %eax
  dec %ecx
  jnz loop
  hlt
sub:
  pushf
  xor %eax, %edx
  popf
  ret
sub_end:
`;

interface Seen {
  eip: number;
  count: number;
}

function machine(compile: boolean): { cpu: Cpu; symbols: Map<string, number> } {
  const linked = linkFlat(assemble(PROGRAM), { origin: ORIGIN });
  if (!linked.ok) throw new Error(linked.diagnostics.map((d) => d.message).join('\n'));
  const memory = new PhysicalMemory(1024 * 1024);
  memory.write(ORIGIN, linked.bytes);
  const cpu = new Cpu({ memory, compile: compile && EAGER_COMPILE });
  cpu.gdtr = { base: 0x800, limit: writeFlatGdt(memory, 0x800, 0x900) };
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, FLAT_SELECTORS.data0, 0, 0xffffffff, 0xc093);
  cpu.setSegmentCache(1, FLAT_SELECTORS.code0, 0, 0xffffffff, 0xc09b);
  cpu.esp = 0x80000;
  cpu.eip = ORIGIN;
  return { cpu, symbols: new Map(linked.symbols.map((s) => [s.name, s.value])) };
}

/** What the trace hook sees of the instructions `keep` selects (by EIP and first byte). */
function traced(compile: boolean, keep: (eip: number, byte: number) => boolean): Seen[] {
  const { cpu } = machine(compile);
  const seen: Seen[] = [];
  cpu.hooks.trace = (c) => {
    if (keep(c.eip, c.memory.readU8(c.eip))) seen.push({ eip: c.eip, count: c.instructionCount });
  };
  cpu.updateAttention();
  expect(cpu.run(1_000_000).kind).toBe('halt');
  return seen;
}

function watched(compile: boolean, selects: InstructionWatch['selects']) {
  const { cpu, symbols } = machine(compile);
  const seen: Seen[] = [];
  cpu.watchInstructions({ selects, before: (c) => seen.push({ eip: c.eip, count: c.instructionCount }) });
  expect(cpu.run(1_000_000).kind).toBe('halt');
  const end = {
    regs: [cpu.eax, cpu.edx, cpu.ecx, cpu.esp, cpu.eflags],
    count: cpu.instructionCount,
    cycles: cpu.cycles,
  };
  return { cpu, seen, end, symbols };
}

function unwatchedEnd(compile: boolean) {
  const { cpu } = machine(compile);
  expect(cpu.run(1_000_000).kind).toBe('halt');
  return {
    regs: [cpu.eax, cpu.edx, cpu.ecx, cpu.esp, cpu.eflags],
    count: cpu.instructionCount,
    cycles: cpu.cycles,
  };
}

describe('instruction watches', () => {
  for (const compile of [false, true]) {
    const mode = compile ? 'compiled' : 'interpreted';

    it(`see every PUSHF selected by opcode where the trace hook does (${mode}), changing nothing`, () => {
      // First without the watch: its blocks are in the process's translation cache before the
      // watched run compiles the same code, which must not reuse them.
      const plain = unwatchedEnd(compile);
      const run = watched(compile, (_physical, opcode) => opcode === 0x9c);
      const expected = traced(compile, (_eip, byte) => byte === 0x9c);
      expect(expected.length).toBe(400);
      expect(run.seen).toEqual(expected);
      expect(run.end).toEqual(plain);
      if (compile) expect(run.cpu.compiledBlocks?.compiledCount).toBeGreaterThan(0);
    });

    it(`see the instructions of a physical range and nothing else (${mode})`, () => {
      const { symbols } = machine(compile);
      const from = symbols.get('sub') as number;
      const to = symbols.get('sub_end') as number;
      const run = watched(compile, (physical) => physical >= from && physical < to);
      expect(run.seen.length).toBe(200 * 4);
      expect(run.seen).toEqual(traced(compile, (eip) => eip >= from && eip < to));
    });
  }

  it('each see only what they selected when several watch one CPU', () => {
    for (const compile of [false, true]) {
      const { cpu, symbols } = machine(compile);
      const from = symbols.get('sub') as number;
      const pushfs: number[] = [];
      const inSub: number[] = [];
      cpu.watchInstructions({ selects: (_p, opcode) => opcode === 0x9c, before: (c) => pushfs.push(c.eip) });
      cpu.watchInstructions({ selects: (p) => p >= from, before: (c) => inSub.push(c.eip) });
      expect(cpu.run(1_000_000).kind).toBe('halt');
      expect(pushfs.length).toBe(400);
      expect(inSub.length).toBe(800);
      expect(new Set(pushfs)).toEqual(new Set([symbols.get('loop'), from]));
    }
  });

  it('select 0F-map opcodes by map · 256 + byte', () => {
    const run = watched(true, (_physical, opcode) => opcode === 0x1c8); // BSWAP EAX: 0F C8
    expect(run.seen.map((s) => s.eip)).toEqual(Array(200).fill(run.symbols.get('swap')));
  });

  it('stop when removed, and the program runs on unwatched', () => {
    const { cpu } = machine(true);
    let calls = 0;
    const remove = cpu.watchInstructions({ selects: (_p, opcode) => opcode === 0x9c, before: () => calls++ });
    cpu.run(100);
    const before = calls;
    expect(before).toBeGreaterThan(0);
    remove();
    expect(cpu.run(1_000_000).kind).toBe('halt');
    expect(calls).toBe(before);
  });
});
