// The frame every system-test program is built into: a prologue that loads the program's own GDT, IDT and
// TSS from the flat ring-0 state a Multiboot loader leaves (CS 0x08, data 0x10), default handlers that
// record the frame of any exception and stop, and data areas for results. The test's own code starts at
// `test_main` (ring 0, interrupts off).
//
// Standard GDT: 0x08 ring-0 code, 0x10 ring-0 data, 0x18 ring-3 code, 0x20 ring-3 data, 0x28 TSS,
// 0x30 ring-1 code, 0x38 ring-1 data, then the test's own descriptors from 0x40.

export const ORIGIN = 0x10000;

const PRELUDE = `
    .code32
    .text
    .globl _start

    # A segment descriptor from constants: base, byte/page limit (20 bits), access byte, flags nibble (G D/B 0 AVL).
    .macro DESC base, limit, access, flags
    .word (\\limit) & 0xffff
    .word (\\base) & 0xffff
    .byte ((\\base) >> 16) & 0xff
    .byte \\access
    .byte (((\\limit) >> 16) & 0xf) | ((\\flags) << 4)
    .byte ((\\base) >> 24) & 0xff
    .endm

    # Fills IDT entry \\vec at run time (label addresses are only known after linking).
    .macro SET_GATE vec, handler, sel=0x08, attr=0x8e
    pushl %eax
    movl $\\handler, %eax
    movw %ax, idt + 8*(\\vec)
    movw $\\sel, idt + 8*(\\vec) + 2
    movw $((\\attr) << 8), idt + 8*(\\vec) + 4
    shrl $16, %eax
    movw %ax, idt + 8*(\\vec) + 6
    popl %eax
    .endm

    # Enters \\target at ring 3 (or ring 1) through IRET, with the given EFLAGS and DS = ES = the
    # ring's flat data segment.
    .macro TO_RING3 target, eflags=0x2
    movw $0x23, %ax
    movw %ax, %ds
    movw %ax, %es
    pushl $0x23
    pushl $stack3_top
    pushl $\\eflags
    pushl $0x1b
    pushl $\\target
    iret
    .endm
    .macro TO_RING1 target, eflags=0x2
    movw $0x39, %ax
    movw %ax, %ds
    movw %ax, %es
    pushl $0x39
    pushl $stack1_top
    pushl $\\eflags
    pushl $0x31
    pushl $\\target
    iret
    .endm

    # Stores a value (register or $immediate) into results[i].
    .macro RESULT i, value
    movl \\value, %ss:results + 4*(\\i)
    .endm

    # The end of a test that went as planned (at any CPL: through a DPL-3 gate to ring 0).
    .macro DONE
    movl $1, %ss:done
    int $0x30
    .endm

_start:
    lgdt gdtr
    ljmp $0x08, $1f
1:  movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    movw %ax, %ss
    movl $stack0_top, %esp
    # TSS descriptor (0x28): base and limit known only after linking
    movl $tss, %eax
    movw $(tss_end - tss - 1), gdt + 0x28
    movw %ax, gdt + 0x2a
    shrl $16, %eax
    movb %al, gdt + 0x2c
    movb $0x89, gdt + 0x2d
    movb $0, gdt + 0x2e
    movb %ah, gdt + 0x2f
    movl $stack0_top, tss + 4
    movl $0x10, tss + 8
    movl $stack1_top, tss + 12
    movl $0x39, tss + 16
    movw $(tss_iomap - tss), tss + 102
    movw $0x28, %ax
    ltr %ax
    # Every exception vector records its frame and stops, unless the test installs its own handler.
    xorl %ecx, %ecx
2:  movl unexpected_table(,%ecx,4), %eax
    movw %ax, idt(,%ecx,8)
    movw $0x08, idt + 2(,%ecx,8)
    movw $0x8e00, idt + 4(,%ecx,8)
    shrl $16, %eax
    movw %ax, idt + 6(,%ecx,8)
    incl %ecx
    cmpl $32, %ecx
    jb 2b
    SET_GATE 0x30, finish, 0x08, 0xee
    lidt idtr
    jmp test_main
finish:
    cli
    hlt
`;

/** Handler for vector n: records vector, ESP and the six dwords above it (the frame), then stops. */
function recorder(n: number): string {
  // #PF also records CR2 (SDM Vol. 3A 4.7).
  const cr2 = n === 14 ? '    movl %cr2, %eax\n    movl %eax, %ss:frame_cr2\n' : '';
  const copies = [0, 1, 2, 3, 4, 5]
    .map((i) => `    movl ${4 * i}(%esp), %eax\n    movl %eax, %ss:frame + ${4 * i}`)
    .join('\n');
  return `
exception_${n}:
    movl %eax, %ss:saved_eax
    movl $${n}, %ss:frame_vector
    movl %esp, %ss:frame_esp
    movw %ss, %ss:frame_ss
${cr2}${copies}
    cli
    hlt
`;
}

function epilogue(gdt: string, data: string): string {
  const handlers = Array.from({ length: 32 }, (_, n) => recorder(n)).join('');
  const table = Array.from({ length: 32 }, (_, n) => `    .long exception_${n}`).join('\n');
  return `
${handlers}
    .p2align 2
unexpected_table:
${table}

    .p2align 3
gdt:
    .quad 0
    DESC 0, 0xfffff, 0x9a, 0xc      # 0x08 ring-0 code
    DESC 0, 0xfffff, 0x92, 0xc      # 0x10 ring-0 data
    DESC 0, 0xfffff, 0xfa, 0xc      # 0x18 ring-3 code
    DESC 0, 0xfffff, 0xf2, 0xc      # 0x20 ring-3 data
    .quad 0                         # 0x28 TSS (filled at start)
    DESC 0, 0xfffff, 0xba, 0xc      # 0x30 ring-1 code
    DESC 0, 0xfffff, 0xb2, 0xc      # 0x38 ring-1 data
${gdt}
gdt_end:
    .p2align 2
    .word 0
gdtr:
    .word gdt_end - gdt - 1
    .long gdt

    .p2align 3
idt:
    .fill 256, 8, 0
idt_end:
    .p2align 2
    .word 0
idtr:
    .word idt_end - idt - 1
    .long idt

    .p2align 4
results:    .fill 32, 4, 0
done:       .long 0
frame_vector: .long 0xffffffff
frame_esp:  .long 0
frame_ss:   .long 0
frame_cr2:  .long 0
frame:      .fill 6, 4, 0
saved_eax:  .long 0
${data}
    .p2align 12
tss:
    .fill 104, 1, 0
tss_iomap:
    .fill 8192, 1, 0xff
    .byte 0xff
tss_end:
    .p2align 4
    .fill 4096, 1, 0
stack0_top:
    .fill 4096, 1, 0
stack1_top:
    .fill 4096, 1, 0
stack3_top:
    .long 0
`;
}

export interface ProgramSource {
  /** Code starting at label test_main (ring 0, IF = 0). */
  code: string;
  /** Extra GDT descriptors from selector 0x40. */
  gdt?: string;
  /** Extra data (labels) placed after the result areas. */
  data?: string;
}

export function programText(p: ProgramSource): string {
  return `${PRELUDE}\ntest_main:\n${p.code}\n${epilogue(p.gdt ?? '', p.data ?? '')}`;
}
