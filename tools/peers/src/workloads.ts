/**
 * The benchmark kernels: small Multiboot ELF images assembled with @vmi386/asm at bench time, so
 * every engine (vmi386, v86, QEMU) boots the identical bytes. Each one runs its loop, writes
 * END_BYTE to COM1 and exits through isa-debug-exit with status 0 (engines without that device
 * are stopped when the byte arrives).
 */
import { assemble, linkElfExecutable } from '@vmi386/asm';
import { buildGuest } from '@vmi386/guest-entry';
import { nativeBackend } from '@vmi386/mach-native';

/** The byte every synthetic workload prints on COM1 when its loop is done. */
export const END_BYTE = 0x21; // '!'
/** The byte a synthetic workload prints on COM1 just before its loop: engines time from it to END_BYTE. */
export const START_BYTE = 0x3e; // '>'

/** What a workload prints last on COM1: the byte or text an engine waits for. */
export type EndMarker =
  | { kind: 'byte'; byte: number }
  /** The first complete line starting with `prefix` ends the run; it must equal `expected`. */
  | { kind: 'line'; prefix: string; expected: string };

export interface Workload {
  readonly name: string;
  readonly description: string;
  readonly image: Uint8Array;
  readonly end: EndMarker;
  /**
   * Printed on COM1 when the timed part starts (after boot): engines that boot firmware first time
   * from its arrival; absent: time from start-up, minus the engine's start-up.
   */
  readonly startText?: string;
  /** isa-debug-exit status the kernel writes (the value, before QEMU's `(value << 1) | 1`). */
  readonly exitStatus: number;
  /** Bytes the workload copies (for `rep movsd`), to report bandwidth. */
  readonly bytesCopied?: number;
}

const LOAD_ADDRESS = 0x100000;
/** Where the kernel-address loop runs: 4 MiB pages map 0xC0000000 onto physical 0. */
const KERNEL_VIRTUAL_OFFSET = 0xc0000000;

/** Multiboot header (flags 0: the ELF program headers say where to load), a stack, then `body`. */
function kernelSource(body: string): string {
  return `.code32
  .text
  .balign 4
multiboot_header:
  .long 0x1BADB002
  .long 0
  .long -(0x1BADB002)
_start:
  cli
  mov $stack_top, %esp
  mov $0x3f8, %dx
  mov $${START_BYTE}, %al
  outb %al, %dx
${body}
finish:
  mov $0x3f8, %dx
  mov $${END_BYTE}, %al
  outb %al, %dx
  mov $0xf4, %dx
  mov $0, %al
  outb %al, %dx
halt:
  hlt
  jmp halt
  .data
  .balign 16
  .fill 4096, 1, 0
stack_top:
`;
}

/** Turns on paging: a page directory of 4 MiB pages mapping 0 and 0xC0000000 onto physical 0. */
const ENABLE_PAGING = `
  mov $page_directory, %ebx
  movl $0x83, (%ebx)
  movl $0x83, ${(KERNEL_VIRTUAL_OFFSET >>> 22) * 4}(%ebx)
  mov %cr4, %eax
  or $0x10, %eax
  mov %eax, %cr4
  mov %ebx, %cr3
  mov %cr0, %eax
  or $0x80000000, %eax
  mov %eax, %cr0
  jmp 1f
1:
  .data
  .balign 4096
page_directory:
  .fill 4096, 1, 0
  .text
`;

/** The register ALU loop: 6 instructions an iteration, only relative jumps (so it runs anywhere). */
const aluLoop = (iterations: number) => `
  xor %eax, %eax
  mov $3, %ebx
  mov $${iterations}, %ecx
alu_loop:
  add %ebx, %eax
  xor %eax, %edx
  inc %esi
  sub $1, %edi
  dec %ecx
  jnz alu_loop
`;

/** Loads and stores through base+index*4+disp over a 4 KiB window of a buffer. */
const memoryLoop = (iterations: number) => `
  mov $buffer, %ebx
  xor %ecx, %ecx
  xor %edx, %edx
  mov $${iterations}, %ebp
mem_loop:
  mov 16(%ebx,%ecx,4), %eax
  add %eax, %edx
  mov %edx, 4096(%ebx,%ecx,4)
  inc %ecx
  and $1023, %ecx
  dec %ebp
  jnz mem_loop
  .data
  .balign 4096
buffer:
  .fill 8208, 1, 1
  .text
`;

/** A loop calling a small function with a frame (call/push/mov/pop/ret). */
const callLoop = (iterations: number) => `
  mov $${iterations}, %ecx
call_loop:
  call leaf
  dec %ecx
  jnz call_loop
  jmp finish
leaf:
  push %ebp
  mov %esp, %ebp
  push %ebx
  mov %ecx, %eax
  pop %ebx
  pop %ebp
  ret
`;

const MOVSD_BLOCK = 65536;
const movsdLoop = (copies: number) => `
  cld
  mov $${copies}, %ebp
copy_loop:
  mov $0x400000, %esi
  mov $0x500000, %edi
  mov $${MOVSD_BLOCK / 4}, %ecx
  rep movsl
  dec %ebp
  jnz copy_loop
`;

/** The ALU loop entered at its kernel (0xC0xxxxxx) address through an indirect jump. */
const kernelAddressAluLoop = (iterations: number) => `
${ENABLE_PAGING}
  mov $(high_entry + ${KERNEL_VIRTUAL_OFFSET}), %eax
  jmp *%eax
high_entry:
${aluLoop(iterations)}
`;

function link(name: string, source: string): Uint8Array {
  const assembled = assemble(kernelSource(source));
  const linked = linkElfExecutable(assembled, {
    base: LOAD_ADDRESS,
    sectionOrder: ['.text', '.data'],
    entry: '_start',
  });
  const problems = [...assembled.diagnostics, ...linked.diagnostics].filter((d) => d.severity === 'error');
  if (!assembled.ok || !linked.ok || problems.length > 0) {
    throw new Error(`workload ${name}: ${problems.map((d) => d.message).join('; ')}`);
  }
  return linked.image;
}

/** Loop sizes: each workload takes about 1–3 s on vmi386's interpreter (2026, ~100 MIPS). */
export interface WorkloadSizes {
  alu: number;
  memory: number;
  call: number;
  movsdCopies: number;
  kernelAlu: number;
}

export const BENCH_SIZES: WorkloadSizes = {
  alu: 30_000_000,
  memory: 25_000_000,
  call: 20_000_000,
  movsdCopies: 40_000,
  kernelAlu: 30_000_000,
};

const synthetic = (
  name: string,
  description: string,
  body: string,
  extra: Partial<Workload> = {},
): Workload => ({
  name,
  description,
  image: link(name, body),
  end: { kind: 'byte', byte: END_BYTE },
  startText: String.fromCharCode(START_BYTE),
  exitStatus: 0,
  ...extra,
});

/** The empty kernel: boots, prints the end byte, exits. Its time is each engine's start-up cost. */
export function emptyWorkload(): Workload {
  return synthetic('empty', 'boot, print the end byte, exit (start-up time)', '');
}

/** The guest kernel as the CLI runs it: it prints its summary line, then writes 0 to port 0xF4. */
export function guestKernelWorkload(): Workload {
  const build = buildGuest({ backend: nativeBackend });
  if (!build.ok) throw new Error(`guest kernel: ${build.diagnostics.map((d) => d.message).join('; ')}`);
  return {
    name: 'guest kernel',
    description: 'the guest-entry kernel (native backend) to its exit',
    image: build.image,
    end: { kind: 'line', prefix: 'summary: ', expected: 'summary: 17 passed, 0 failed' },
    // Its banner, printed about 10,000 instructions after entry: from there on, no firmware runs.
    startText: 'vmi386 guest-entry:',
    exitStatus: 0,
  };
}

export function syntheticWorkloads(sizes: WorkloadSizes = BENCH_SIZES): Workload[] {
  return [
    synthetic('ALU loop', 'add/xor/inc/sub/dec/jnz on registers', aluLoop(sizes.alu)),
    synthetic('memory', 'loads/stores base+index*4+disp', memoryLoop(sizes.memory)),
    synthetic(
      'memory, paging',
      'the memory loop with 4 MiB paging on',
      ENABLE_PAGING + memoryLoop(sizes.memory),
    ),
    synthetic('call/ret', 'call, push/pop, ret', callLoop(sizes.call)),
    synthetic('rep movsd', `64 KiB rep movsd, repeated`, movsdLoop(sizes.movsdCopies), {
      bytesCopied: sizes.movsdCopies * MOVSD_BLOCK,
    }),
    synthetic(
      'ALU @0xC0000000',
      'the ALU loop at a kernel address, paging on',
      kernelAddressAluLoop(sizes.kernelAlu),
    ),
  ];
}
