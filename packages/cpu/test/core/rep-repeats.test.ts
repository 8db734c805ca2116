// A REP MOVS/STOS called from the step loop or from a compiled block runs the executions after its
// first (each a chunk of 4,096 iterations, each counted as an instruction) in the same call, so that
// one copy spans them. Nothing may tell: at every instruction count, the state must be the one the
// one-instruction-at-a-time path reaches (a trace hook sends every instruction down it), when the
// copy writes over its own instruction too, and an instruction watch must see every execution.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { Cpu, FLAT_SELECTORS, PhysicalMemory, writeFlatGdt } from '../../src/index.js';
import { EAGER_COMPILE } from '../support/eager-compile.js';

const ORIGIN = 0x10000;
const SOURCE = 0x100000;

/**
 * A copy of 40,000 dwords (10 executions) done twice, the second time with every page in the TLB (so
 * that one copy can span several executions), and a fill of 20,000 (5), then HLT.
 */
const COPY_AND_FILL = `
.code32
  cld
  mov $2, %ebx
again:
  mov $${SOURCE}, %esi
  mov $0x200800, %edi
  mov $40000, %ecx
  rep movsl
  dec %ebx
  jnz again
  mov $0x300000, %edi
  mov $20000, %ecx
  mov $0xabcdef01, %eax
  rep stosl
  hlt
`;
/** Instructions before the HLT: cld, mov, 2 × (3 movs, 10 × rep movsl, dec, jnz), 3 movs, 5 × rep stosl. */
const COPY_AND_FILL_COUNT = 2 + 2 * 15 + 3 + 5;

/**
 * A copy whose second execution writes HLT bytes over the REP itself (the destination ends past it),
 * with every page it touches in the TLB first: the third execution is the HLT.
 */
const OVERWRITES_ITSELF = `
.code32
  cld
  mov $${SOURCE}, %esi
  mov $(rep_insn - 0x8000), %edx
  mov $0x10, %ecx
warm:
  mov (%esi), %eax
  mov (%edx), %eax
  add $0x1000, %esi
  add $0x1000, %edx
  dec %ecx
  jnz warm
  mov $${SOURCE}, %esi
  mov $(rep_insn - 0x4000 - 0x40), %edi
  mov $12000, %ecx
rep_insn:
  rep movsl
  hlt
`;
/**
 * A copy of 10,000 dwords (3 executions) in a loop, with instructions after it in the same compiled
 * block: a REP called from a block may run its later executions only while the rest of the block's
 * pass still fits below the instruction limit.
 */
const COPY_IN_A_LOOP = `
.code32
  cld
  mov $6, %ebp
  xor %ebx, %ebx
again:
  mov $${SOURCE}, %esi
  mov $0x200800, %edi
  mov $10000, %ecx
  rep movsl
  inc %ebx
  dec %ebp
  jnz again
  hlt
`;
/** cld, mov, xor, 6 × (3 movs, 3 × rep movsl, inc, dec, jnz). */
const COPY_IN_A_LOOP_COUNT = 3 + 6 * 9;

/** cld, 3 movs, 16 × (2 movs, 2 adds, dec, jnz), 3 movs, 2 × rep movsl. */
const OVERWRITES_ITSELF_COUNT = 4 + 16 * 6 + 3 + 2;

function machine(source: string, trace: boolean, compile = false): Cpu {
  const memory = new PhysicalMemory(8 * 1024 * 1024);
  const image = linkFlat(assemble(source), { origin: ORIGIN });
  if (!image.ok) throw new Error(image.diagnostics.map((d) => d.message).join('\n'));
  // The copy's source: HLT bytes, so that code written from it stops the machine.
  memory.write(SOURCE, new Uint8Array(0x40000).fill(0xf4));
  memory.write(ORIGIN, image.bytes);
  const cpu = new Cpu({ memory, compile: compile && EAGER_COMPILE });
  if (trace) cpu.hooks = { trace: () => {} };
  cpu.gdtr = { base: 0x800, limit: writeFlatGdt(memory, 0x800, 0x900) };
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, FLAT_SELECTORS.data0, 0, 0xffffffff, 0xc093);
  cpu.setSegmentCache(1, FLAT_SELECTORS.code0, 0, 0xffffffff, 0xc09b);
  cpu.esp = 0x80000;
  cpu.eip = ORIGIN;
  return cpu;
}

/** What two runs must agree on: counters, registers and a digest of all memory. */
function state(cpu: Cpu) {
  const bytes = cpu.memory.read(0, 4 * 1024 * 1024);
  let digest = 0;
  for (let k = 0; k < bytes.length; k += 4)
    digest = (Math.imul(digest, 31) + (bytes[k] | (bytes[k + 1] << 8))) | 0;
  return {
    instructions: cpu.instructionCount,
    cycles: cpu.cycles,
    eip: cpu.eip,
    regs: [cpu.eax, cpu.ecx, cpu.esi, cpu.edi],
    digest,
  };
}

describe('REP MOVS/STOS: later executions done in the same call', () => {
  for (const [name, source, total] of [
    ['copy and fill', COPY_AND_FILL, COPY_AND_FILL_COUNT],
    ['a copy that writes over itself', OVERWRITES_ITSELF, OVERWRITES_ITSELF_COUNT],
    ['a copy in a loop', COPY_IN_A_LOOP, COPY_IN_A_LOOP_COUNT],
  ] as const) {
    it(`${name}: every instruction count gives the one-at-a-time path's state, interpreted and compiled`, () => {
      // Past the HLT too: a limit there lets the REP run more executions ahead than it has.
      for (let n = 1; n <= total + 4; n++) {
        const slow = machine(source, true);
        slow.run(n);
        for (const compile of [false, true]) {
          const fast = machine(source, false, compile);
          const stop = fast.run(n);
          const label = `after ${n} instructions${compile ? ', compiled' : ''}`;
          expect(state(fast), label).toEqual(state(slow));
          expect(stop.kind, label).toBe(n <= total ? 'limit' : 'halt');
        }
      }
      // The compiled runs ran the REP from a block (every branch target is compiled at its first visit).
      const compiled = machine(source, false, true);
      compiled.run(total + 1);
      expect(compiled.compiledBlocks?.compiledCount).toBeGreaterThan(0);
    });
  }

  it('the copies ran 10 executions each and the fill 5, each counted', () => {
    const cpu = machine(COPY_AND_FILL, false);
    expect(cpu.run(1_000_000).kind).toBe('halt');
    expect(cpu.instructionCount).toBe(COPY_AND_FILL_COUNT + 1);
    expect(cpu.memory.readU32(0x200800 + 4 * 39999)).toBe(0xf4f4f4f4);
    expect(cpu.memory.readU32(0x300000 + 4 * 19999)).toBe(0xabcdef01);
  });

  it('the copy that writes over itself stops at the HLT it wrote, after 2 executions', () => {
    const cpu = machine(OVERWRITES_ITSELF, false);
    expect(cpu.run(1_000_000).kind).toBe('halt');
    expect(cpu.instructionCount).toBe(OVERWRITES_ITSELF_COUNT + 1);
    expect(cpu.ecx).toBe(12000 - 2 * 4096);
  });

  it('an instruction watch on the REP sees each of its executions', () => {
    const cpu = machine(COPY_AND_FILL, false);
    let seen = 0;
    cpu.watchInstructions({ selects: (_pa, opcode) => opcode === 0xa5, before: () => seen++ });
    expect(cpu.run(1_000_000).kind).toBe('halt');
    expect(seen).toBe(20);
  });
});
