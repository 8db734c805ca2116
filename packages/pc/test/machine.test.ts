import { describe, expect, it } from 'vitest';
import { PcMachine } from '../src/index.js';
import { buildKernel, toolchainSkipReason } from './toolchain.js';

if (toolchainSkipReason) console.warn(`[skipped] PcMachine kernels: ${toolchainSkipReason}`);

/**
 * A kernel that takes `ticks` timer interrupts (PIT mode 2, count `count`), waiting with `wait`
 * (`hlt` or a spin loop), then prints "ticks=N" and exits with 0x11 (status 0x23).
 */
function timerKernel(name: string, options: { count: number; ticks: number; wait: 'hlt' | 'spin' }) {
  const wait = options.wait === 'hlt' ? 'hlt' : 'nop';
  return buildKernel(
    name,
    'low',
    `
#define PIT_COUNT ${options.count}
#include "multiboot-header.inc"
#include "idt.inc"
  .text
  .globl _start
_start:
  mov $stack_top, %esp
  set_gate 0x20, timer
  lidt idt_pointer
#include "pic-pit.inc"
  sti
1: ${wait}
  cmpl $${options.ticks}, ticks
  jb 1b
  cli
  mov $s_ticks, %esi
  mov ticks, %eax
  call field
  mov $0x11, %al
  outb %al, $0xf4
  hlt

timer:
  push %eax
  incl ticks
  mov $0x20, %al
  outb %al, $0x20
  pop %eax
  iret

#include "console.inc"
  .data
idt_pointer: .word 256 * 8 - 1
  .long idt
s_ticks: .asciz "ticks="
  .bss
  .align 8
idt: .space 256 * 8
ticks: .long 0
  .space 4096
stack_top:
`,
  );
}

function flatKernel(name: string, body: string) {
  return buildKernel(
    name,
    'low',
    `
#include "multiboot-header.inc"
  .text
  .globl _start
_start:
${body}
`,
  );
}

describe.skipIf(toolchainSkipReason)('PcMachine', () => {
  it('boots a Multiboot kernel into the state the specification defines', () => {
    const { image } = flatKernel('state', 'hlt');
    const machine = new PcMachine();
    const boot = machine.loadMultiboot(image, { cmdline: 'state.elf x' });
    const cpu = machine.cpu;
    expect(cpu.eax >>> 0).toBe(0x2badb002);
    expect(cpu.ebx >>> 0).toBe(boot.infoAddress);
    expect(cpu.eip >>> 0).toBe(boot.entry);
    expect(cpu.eflags & 0x20200).toBe(0); // VM = 0, IF = 0
    expect(cpu.cr0 & 0x80000001).toBe(1); // PG = 0, PE = 1
    expect(cpu.getSegment('cs')).toMatchObject({ selector: 0x08, base: 0, limit: 0xffffffff });
    for (const seg of ['ds', 'es', 'fs', 'gs', 'ss'] as const) {
      expect(cpu.getSegment(seg)).toMatchObject({ selector: 0x10, base: 0, limit: 0xffffffff });
    }
  });

  it('stops with "halt" when HLT runs with IF = 0 (no interrupt can ever come)', () => {
    const { image } = flatKernel('cli-hlt', 'cli\n  hlt');
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    const result = machine.run({ maxInstructions: 1000 });
    expect(result).toMatchObject({ reason: 'halt', instructions: 2 });
  });

  it('reports an isa-debug-exit write as an exit with (value << 1) | 1', () => {
    const { image } = flatKernel('exit', 'mov $0x20, %al\n  outb %al, $0xf4\n  jmp .');
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 1000 })).toMatchObject({
      reason: 'exit',
      exitCode: 0x41,
      instructions: 2,
    });
  });

  it('stops at the instruction limit', () => {
    const { image } = flatKernel('spin', '1: jmp 1b');
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 12345 })).toMatchObject({ reason: 'limit', instructions: 12345 });
  });

  it('reports a triple fault', () => {
    // An IDT with limit 0: int3 → #GP → #DF → shutdown.
    const { image } = flatKernel('triple', 'lidt zero_idt\n  int3\n  .data\nzero_idt: .word 0\n  .long 0');
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 1000 }).reason).toBe('triple-fault');
  });

  it('raises IRQ0 at exact instruction counts: every N·k instructions from the load clock', () => {
    const count = 100;
    const perTick = 7;
    const { image } = timerKernel('timer-spin', { count, ticks: 5, wait: 'spin' });
    const machine = new PcMachine({ instructionsPerPitTick: perTick });
    const deliveries: number[] = [];
    machine.cpu.hooks.beforeDelivery = (event) => {
      if (event.kind === 'interrupt') deliveries.push(machine.cpu.instructionCount);
      return false;
    };
    machine.loadMultiboot(image);
    const result = machine.run({ maxInstructions: 1_000_000 });
    expect(result).toMatchObject({ reason: 'exit', exitCode: 0x23 });
    const loadTick = machine.pit.channel(0).loadTick;
    expect(deliveries).toEqual([1, 2, 3, 4, 5].map((k) => (loadTick + k * count) * perTick));
  });

  it('fast-forwards virtual time over HLT to the next timer edge', () => {
    const { image } = timerKernel('timer-hlt', { count: 11932, ticks: 10, wait: 'hlt' });
    const output: string[] = [];
    const machine = new PcMachine({ console: (text) => output.push(text) });
    machine.loadMultiboot(image);
    const result = machine.run({ maxInstructions: 100_000_000 });
    expect(result.reason).toBe('exit');
    expect(output.join('')).toBe('ticks=0000000A\n');
    // Ten periods of 11932 ticks at 251 instructions per tick passed, in a few hundred instructions.
    expect(result.elapsed).toBeGreaterThanOrEqual(10 * 11932 * 251);
    expect(result.elapsed).toBeLessThan(11 * 11932 * 251);
    expect(result.instructions).toBeLessThan(2000);
  });

  it('is deterministic, and snapshot/restore replays a run exactly', () => {
    const { image } = timerKernel('timer-snap', { count: 300, ticks: 8, wait: 'spin' });
    const output: string[] = [];
    const machine = new PcMachine({ instructionsPerPitTick: 3, console: (text) => output.push(text) });
    machine.loadMultiboot(image);
    machine.run({ maxInstructions: 2000 });
    const snapshot = machine.snapshot();
    const first = machine.run({ maxInstructions: 1_000_000 });
    const firstOutput = output.splice(0).join('');
    machine.restore(snapshot);
    const second = machine.run({ maxInstructions: 1_000_000 });
    expect(second).toEqual(first);
    expect(output.join('')).toBe(firstOutput);
    expect(firstOutput).toBe('ticks=00000008\n');
  });

  it('delivers serial input to the guest', () => {
    const { image } = flatKernel(
      'echo',
      `
  mov $0x3fd, %dx
1: inb %dx, %al
  test $1, %al
  jz 2f
  mov $0x3f8, %dx
  inb %dx, %al
  add $1, %al
  outb %al, %dx
  mov $0x3fd, %dx
  jmp 1b
2: mov $0, %al
  outb %al, $0xf4`,
    );
    const output: string[] = [];
    const machine = new PcMachine({ input: 'HAL', console: (text) => output.push(text) });
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 10_000 })).toMatchObject({ reason: 'exit', exitCode: 1 });
    expect(output.join('')).toBe('IBM');
  });
});

/** Where the kernels below leave their measurements (free low memory). */
const TIMES = 0x8000;

/**
 * A kernel that listens on COM1 like a tty driver (8N1 at 115200, received-data interrupt on IRQ4,
 * OUT2) after printing a prompt, echoes each byte it receives from its interrupt handler and records
 * the TSC's low half at TIMES + 4·n for the n-th byte, and exits at '!'.
 */
function listeningKernel() {
  return buildKernel(
    'listening',
    'low',
    `
#define PIT_COUNT 0
#define TIMES ${TIMES}
#include "multiboot-header.inc"
#include "idt.inc"
  .text
  .globl _start
_start:
  mov $stack_top, %esp
  set_gate 0x24, serial
  lidt idt_pointer
#include "pic-pit.inc"
  mov $0xef, %al; outb %al, $0x21   /* IRQ4 only */
  mov $0x3fb, %dx; mov $0x83, %al; outb %al, %dx
  mov $0x3f8, %dx; mov $1, %al; outb %al, %dx
  mov $0x3f9, %dx; mov $0, %al; outb %al, %dx
  mov $0x3fb, %dx; mov $0x03, %al; outb %al, %dx
  mov $s_prompt, %esi
  call puts
  mov $0x3fc, %dx; mov $0x0b, %al; outb %al, %dx
  mov $0x3f9, %dx; mov $0x01, %al; outb %al, %dx
  sti
1: hlt
  jmp 1b

serial:
  rdtsc
  mov count, %ecx
  mov %eax, TIMES(,%ecx,4)
  incl count
  mov $0x3f8, %dx
  inb %dx, %al
  cmp $'!', %al
  je 2f
  call putc
  mov $0x20, %al
  outb %al, $0x20
  iret
2: mov $0x11, %al
  outb %al, $0xf4

#include "console.inc"
  .data
idt_pointer: .word 256 * 8 - 1
  .long idt
s_prompt: .asciz "$ "
  .bss
  .align 8
idt: .space 256 * 8
count: .long 0
  .space 4096
stack_top:
`,
  );
}

describe.skipIf(toolchainSkipReason)('PcMachine typed input and port timing', () => {
  it('types input once the guest listens, each line after its output pauses, a character time apart', () => {
    const { image } = listeningKernel();
    const output: string[] = [];
    const machine = new PcMachine({ console: (text) => output.push(text) });
    machine.loadMultiboot(image);
    machine.typeInput('ab\ncd!');
    const result = machine.run({ maxInstructions: 1e9 });
    expect(result.reason).toBe('exit');
    expect(output.join('')).toBe('$ ab\ncd');
    const times = [...Array(6).keys()].map((i) => machine.memory.readU32(TIMES + 4 * i));
    const character = Math.ceil((10 / 115200) * machine.timePerSecond); // 8N1 at 115200 baud
    const pause = Math.round(0.2 * machine.timePerSecond);
    expect(times[0]).toBeGreaterThan(pause);
    expect([times[1] - times[0], times[2] - times[1], times[4] - times[3], times[5] - times[4]]).toEqual(
      Array(4).fill(character),
    );
    // After the line end, the typist waits for the echo of '\n' and then the pause.
    expect(times[3] - times[2]).toBeGreaterThan(pause);
    expect(times[3] - times[2]).toBeLessThan(pause + 100);
    // Halted time between bytes was skipped, not executed.
    expect(result.instructions).toBeLessThan(2000);
  });

  it('the ACPI PM timer counts 3 per PIT tick from the same clock as the TSC', () => {
    const { image } = flatKernel(
      'pm-timer',
      `
  mov $0x608, %dx
  inl %dx, %eax
  mov %eax, ${TIMES}
  rdtsc
  mov %eax, ${TIMES} + 4
  mov $100000, %ecx
1: loop 1b
  mov $0x608, %dx  # rdtsc took EDX
  inl %dx, %eax
  mov %eax, ${TIMES} + 8
  rdtsc
  mov %eax, ${TIMES} + 12
  mov $0x11, %al
  outb %al, $0xf4
`,
    );
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 1e6 }).reason).toBe('exit');
    const [pm0, tsc0, pm1, tsc1] = [0, 4, 8, 12].map((o) => machine.memory.readU32(TIMES + o));
    // The TSC counts one per unit of machine time; the PM timer 3 per 251 of them.
    expect(pm0).toBe(Math.floor(((tsc0 - 1) * 3) / 251));
    expect(pm1).toBe(Math.floor(((tsc1 - 1) * 3) / 251));
    expect(pm1 - pm0).toBe(1195); // 100,004 instructions at 3.579545 MHz / 300 MHz
  });

  it('stops with "power-off" when the guest writes SLP_EN with the soft-off type to PM1 control', () => {
    const { image } = flatKernel('soft-off', 'mov $0x604, %dx\n  mov $0x2000, %ax\n  outw %ax, %dx\n  jmp .');
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 1000 })).toMatchObject({ reason: 'power-off', instructions: 3 });
    expect(machine.run({ maxInstructions: 1000 })).toMatchObject({ reason: 'power-off', instructions: 0 });
  });

  it('a stop the caller requests while the machine ends a slice of its own is not swallowed', () => {
    // A hook that emulates a port write (as a monitor does for a trapped OUT) and asks the CPU to
    // stop at the same boundary: with a bus cycle time, the port access ends the machine's slice too.
    const { image } = flatKernel('stop-in-hook', '1: incl %eax\n  jmp 1b');
    const machine = new PcMachine({ portAccessNanoseconds: 1000 });
    machine.loadMultiboot(image);
    let calls = 0;
    machine.cpu.hooks.trace = (cpu) => {
      if (++calls !== 10) return;
      cpu.io.write(0x80, 1, 0x55); // the POST code port
      cpu.requestStop();
    };
    machine.cpu.updateAttention();
    const stop = machine.run({ maxInstructions: 1000 });
    expect(stop).toMatchObject({ reason: 'stop-requested', instructions: 9 });
    expect(machine.run({ maxInstructions: 100 })).toMatchObject({ reason: 'limit', instructions: 100 });
  });

  it('input that starts a character timeout between runs does not end the next run early', () => {
    // COM1 with the FIFO on (trigger level 8), the received-data interrupt and OUT2 on; IF = 0.
    const { image } = flatKernel(
      'rx-timeout',
      `
  mov $0x3fa, %dx
  mov $0x81, %al
  outb %al, %dx
  mov $0x3f9, %dx
  mov $0x01, %al
  outb %al, %dx
  mov $0x3fc, %dx
  mov $0x08, %al
  outb %al, %dx
1: jmp 1b
`,
    );
    const machine = new PcMachine();
    machine.loadMultiboot(image);
    expect(machine.run({ maxInstructions: 1000 }).reason).toBe('limit');
    machine.sendInput('a'); // below the trigger level: the timeout starts now
    expect(machine.run({ maxInstructions: 1000 })).toMatchObject({ reason: 'limit', instructions: 1000 });
    expect(machine.serial.read(2) & 0x0f).toBe(0x01); // not yet: 4 characters at 9600 baud are 4.2 ms
    expect(machine.run({ maxInstructions: 1.3e6 }).reason).toBe('limit');
    expect(machine.serial.read(2) & 0x0f).toBe(0x0c); // the character timeout
  });

  it('an I/O port access lasts portAccessNanoseconds of virtual time (TSC and PIT alike)', () => {
    const { image } = flatKernel(
      'port-time',
      `
  rdtsc
  mov %eax, %ebx
  inb $0x80, %al
  rdtsc
  sub %ebx, %eax
  mov %eax, ${TIMES}
  mov $0x11, %al
  outb %al, $0xf4
`,
    );
    for (const [nanoseconds, expected] of [
      [0, 3], // rdtsc → rdtsc: three instructions
      [1000, 3 + 299], // 1 µs at 251 × 1.193182 MHz
    ] as const) {
      const machine = new PcMachine({ portAccessNanoseconds: nanoseconds });
      machine.loadMultiboot(image);
      expect(machine.run({ maxInstructions: 1000 }).reason).toBe('exit');
      expect(machine.memory.readU32(TIMES)).toBe(expected);
    }
    expect(() => new PcMachine({ portAccessNanoseconds: -1 })).toThrow(RangeError);
  });
});
