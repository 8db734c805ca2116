// Spin-wait fast-forward: the step loop counts the passes of a waiting loop at a fixed point instead of
// running them. Nothing may tell. A program waits in three kinds of loop (a jiffies wait with PAUSE, a
// wait for a change without it, a flag the embedder sets between runs) and runs four loops that work
// (counting in a register, counting in memory, a loop entered again, a loop whose carry flag
// alternates while its registers do not), under a timer that ticks every few thousand instructions,
// each tick placed right before a loop's closing branch where possible (the worst place: the loop's
// registers already read). It runs in slices of random length, once through the step loop and once
// one instruction at a time (a trace hook sends every instruction down the slow path), and the two
// must agree at every slice's end: every counter, register, flag and the words the loops read and
// write. The ticks come once through the IDT and once from a delivery hook that handles them itself
// (as a monitor does), with no guest code.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { CACHE_MASK } from '../../src/decoder/decoded.js';
import { Cpu, FLAT_SELECTORS, PhysicalMemory, writeFlatGdt } from '../../src/index.js';
import { LOOP_BRANCH_HANDLER_ID } from '../../src/spin-wait.js';

const ORIGIN = 0x10000;
const TIMER_VECTOR = 0x20;
const TICK_EVERY = 3000;
const ROUNDS = 4;
const OF = 0x800;

const PROGRAM = `
.code32
  movl $irq, %eax
  movw %ax, idt + 8*${TIMER_VECTOR}
  movw $${FLAT_SELECTORS.code0}, idt + 8*${TIMER_VECTOR} + 2
  movw $0x8e00, idt + 8*${TIMER_VECTOR} + 4
  shrl $16, %eax
  movw %ax, idt + 8*${TIMER_VECTOR} + 6
  lidt idt_desc
  sti
  movl $${ROUNDS}, %esi
round:
  movl $0, flag
  # A jiffies wait with PAUSE: two ticks.
  movl ticks, %ecx
  addl $2, %ecx
wait_ticks:
  pause
  movl ticks, %eax
  subl %ecx, %eax
wait_ticks_branch:
  js wait_ticks
  # A wait for the next tick, without PAUSE.
  movl ticks, %edx
wait_change:
  cmpl ticks, %edx
wait_change_branch:
  je wait_change
  # A flag the embedder sets between two runs.
wait_flag:
  cmpb $0, flag
wait_flag_branch:
  je wait_flag
  # Loops that work while they wait for a tick: one counts in a register, one in memory.
  movl ticks, %ecx
  addl $1, %ecx
count_register:
  incl %ebx
  cmpl %ecx, ticks
count_register_branch:
  jb count_register
  addl $1, %ecx
count_memory:
  incl counter
  cmpl %ecx, ticks
count_memory_branch:
  jb count_memory
  # A loop of two passes entered three times: it works (ECX counts down), though each entry's first
  # pass ends in the state the last entry's first pass ended in.
  movl $3, entries
reenter:
  movl $2, %ecx
twice:
  decl %ecx
twice_branch:
  jnz twice
  decl entries
  jnz reenter
  # A loop whose registers come back the same after each pass while its carry flag alternates (the
  # pass reads CF first): it works. A tick right before its branch sets OF in the flags it returns to.
alternate:
  sbbl %eax, %eax
  incl %eax
  negl %eax
  movl $0, %eax
alternate_branch:
  jno alternate
  decl %esi
  jnz round
  hlt
irq:
  cmpl $alternate_branch, (%esp)
  jne 1f
  orl $${OF}, 8(%esp)
1:
  incl ticks
  iret
# Data in its own page: a store next to code would send the code back through the decoder.
.align 4096
ticks: .long 0
flag: .long 0
counter: .long 0
entries: .long 0
idt_desc:
  .word 8*${TIMER_VECTOR + 1} - 1
  .long idt
.align 8
idt: .fill 8*${TIMER_VECTOR + 1}, 1, 0
`;

const LOOPS = [
  ['wait_ticks', 'wait_ticks_branch'],
  ['wait_change', 'wait_change_branch'],
  ['wait_flag', 'wait_flag_branch'],
  ['count_register', 'count_register_branch'],
  ['count_memory', 'count_memory_branch'],
  ['twice', 'twice_branch'],
  ['alternate', 'alternate_branch'],
] as const;

interface Machine {
  cpu: Cpu;
  at(label: string): number;
}

function machine(oneAtATime: boolean, ticksByHook: boolean): Machine {
  const memory = new PhysicalMemory(4 * 1024 * 1024);
  const image = linkFlat(assemble(PROGRAM), { origin: ORIGIN });
  if (!image.ok) throw new Error(image.diagnostics.map((d) => d.message).join('\n'));
  memory.write(ORIGIN, image.bytes);
  const symbols = new Map(image.symbols.map((s) => [s.name, s.value]));
  const at = (label: string) => {
    const a = symbols.get(label);
    if (a === undefined) throw new Error(`no label ${label}`);
    return a;
  };
  const cpu = new Cpu({ memory, compile: false });
  cpu.hooks = {
    ...(oneAtATime ? { trace: () => {} } : {}),
    // A monitor's way: the tick is handled without guest code.
    ...(ticksByHook
      ? {
          beforeDelivery: (event) => {
            if (event.vector !== TIMER_VECTOR) return false;
            if (event.eip === at('alternate_branch')) cpu.eflags |= OF;
            memory.writeU32(at('ticks'), memory.readU32(at('ticks')) + 1);
            return true;
          },
        }
      : {}),
  };
  cpu.interruptAcknowledge = () => {
    cpu.setInterruptLine(false);
    return TIMER_VECTOR;
  };
  cpu.gdtr = { base: 0x800, limit: writeFlatGdt(memory, 0x800, 0x900) };
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, FLAT_SELECTORS.data0, 0, 0xffffffff, 0xc093);
  cpu.setSegmentCache(1, FLAT_SELECTORS.code0, 0, 0xffffffff, 0xc09b);
  cpu.esp = 0x80000;
  cpu.eip = ORIGIN;
  return { cpu, at };
}

/** What the two runs must agree on at every slice's end. */
function state({ cpu, at }: Machine) {
  const m = cpu.memory;
  return {
    instructions: cpu.instructionCount,
    cycles: cpu.cycles,
    eip: cpu.eip,
    eflags: cpu.eflags,
    registers: [cpu.eax, cpu.ebx, cpu.ecx, cpu.edx, cpu.esi, cpu.edi, cpu.ebp, cpu.esp],
    ticks: m.readU32(at('ticks')),
    flag: m.readU32(at('flag')),
    counter: m.readU32(at('counter')),
  };
}

/**
 * Runs `m` to its HLT: slices of pseudo-random length (from `seed`), a tick every TICK_EVERY instructions (moved on
 * to the next closing branch when the CPU is inside a loop), the flag set 2,000 instructions after the
 * flag loop is first seen in a round (also at its branch). Calls `each` at every slice's end.
 */
function drive(m: Machine, seed: number, each: (step: number) => void): void {
  const { cpu, at } = m;
  let nextTick = TICK_EVERY;
  let flagAfter = -1;
  const insideLoop = () => LOOPS.some(([start, branch]) => cpu.eip >= at(start) && cpu.eip <= at(branch));
  const atBranch = () => LOOPS.some(([, branch]) => cpu.eip === at(branch));
  const stepToBranch = () => {
    for (let k = 0; k < 8 && insideLoop() && !atBranch(); k++) cpu.run(1);
  };
  for (let step = 0; step < 100_000; step++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    // Half of the slices short (boundaries anywhere in a loop), half long (room to count passes ahead).
    const slice = 1 + ((seed >>> 8) % ((seed & 0x80) !== 0 ? 40 : 3000));
    const stop = cpu.run(Math.min(slice, Math.max(1, nextTick - cpu.instructionCount)));
    each(step);
    if (stop.kind === 'halt') return;
    if (cpu.instructionCount >= nextTick) {
      stepToBranch();
      cpu.setInterruptLine(true);
      nextTick = cpu.instructionCount + TICK_EVERY;
    }
    const inFlagLoop = cpu.eip >= at('wait_flag') && cpu.eip <= at('wait_flag_branch');
    if (flagAfter < 0 && inFlagLoop) flagAfter = cpu.instructionCount + 2000;
    if (flagAfter >= 0 && cpu.instructionCount >= flagAfter) {
      stepToBranch();
      cpu.memory.writeU32(at('flag'), 1);
      flagAfter = -1;
    }
  }
  throw new Error('the program did not reach its HLT');
}

describe('spin-wait fast-forward', () => {
  for (const ticksByHook of [false, true]) {
    const how = ticksByHook ? 'ticks handled by a delivery hook' : 'ticks through the IDT';
    for (const seed of [1, 2, 3]) {
      it(`${how}, slices from seed ${seed}: every slice ends in the one-at-a-time path's state`, () => {
        const slow = machine(true, ticksByHook);
        const states: ReturnType<typeof state>[] = [];
        drive(slow, seed, () => states.push(state(slow)));
        const fast = machine(false, ticksByHook);
        drive(fast, seed, (step) => expect(state(fast), `slice ${step}`).toEqual(states[step]));
        const end = state(fast);
        expect(end).toEqual(states[states.length - 1]);
        // The working loops ran, and the waits were counted ahead: a good part of the run's
        // instructions (a pass is 2 to 4 of them).
        expect(end.counter).toBeGreaterThan(0);
        expect(end.registers[1]).toBeGreaterThan(0);
        expect(slow.cpu.spinWait.passesCounted).toBe(0);
        expect(fast.cpu.spinWait.passesCounted * 2).toBeGreaterThan(end.instructions / 3);
      });
    }
  }

  it('the branches of the loops that work go back to plain jumps; those of the waits stay loop branches', () => {
    const m = machine(false, false);
    drive(m, 1, () => {});
    // The step loop's handler id of the instruction at `label` (flat code: its physical address is its EIP).
    const stepHandler = (label: string) =>
      m.cpu.decoded.tagWord[((m.at(label) & CACHE_MASK) << 1) + 1] & 0x3fff;
    for (const branch of ['wait_ticks_branch', 'wait_change_branch', 'wait_flag_branch'])
      expect(stepHandler(branch), branch).toBe(LOOP_BRANCH_HANDLER_ID);
    for (const branch of ['count_register_branch', 'count_memory_branch', 'twice_branch', 'alternate_branch'])
      expect(stepHandler(branch), branch).toBe(m.cpu.decoded.handler[m.at(branch) & CACHE_MASK]);
  });
});
