import { assemble, formatDiagnostic, linkElfExecutable } from '@vmi386/asm';

/**
 * A small Multiboot kernel that tries to escape the monitor, one attempt after another. Its own
 * fault handler records the vector and error code of each attempt in `results` (−1: no fault) and
 * goes on with the next one; at the end it writes 0 to the isa-debug-exit port.
 */
/** Attempts the guest survives: each must fault as a real monitor would make it fault. */
export function hostileAttempts(iretDoorbell: number): string[] {
  return [
    // Write the VMI ROM (read-only to the guest): #PF.
    'movl $0, 0xfc000480',
    // Read the monitor's real GDT (beyond every guest segment's limit): #GP.
    'movl 0xfc002000, %eax',
    // Write the monitor's real IDT: #GP.
    'movl $0, 0xfc003000',
    // Load the monitor's own DPL-0 data segment: #GP(0x808).
    'movl $0x808, %eax; movl %eax, %ds',
    // Jump to the monitor's DPL-0 code segment: #GP(0x800).
    'ljmp $0x800, $0',
    // Leave for user mode with sysexit, no SYSENTER_CS set: #GP(0).
    'sysexit',
    // Jump into the middle of the ROM's IRET code (its doorbell) with a frame of zeros: the
    // real iret faults on CS 0, reported at the "hook point" the fake return address names.
    `pushl $0; pushl $0; pushl $0; pushl $0; jmp 0x${iretDoorbell.toString(16)}`,
    // Write the real TSS through a flat segment: #GP (the shadow ends below the monitor's pages).
    'movl $0x10, %eax; movl %eax, %es; movl $0, %es:0xfc003804',
  ];
}

/** Attempts that end the guest with a named reason (each in its own kernel: nothing runs after). */
export const stoppingAttempts = {
  /** Map a page of the monitor's RAM (beyond guest memory) through the guest's own page tables. */
  mapMonitorRam: [
    // pt: identity for the first 2 MiB (the kernel's own pages), except linear 0 → physical
    // 64 MiB, which is the monitor's RAM, not the guest's.
    'movl $pt, %edi; movl $0x003, %eax; movl $512, %ecx',
    '3: stosl; addl $0x1000, %eax; loop 3b',
    'movl $(0x04000000 + 0x003), pt',
    'movl $(pt + 0x003), pd',
    'movl $pd, %eax; movl %eax, %cr3',
    'movl %cr0, %eax; orl $0x80000000, %eax; movl %eax, %cr0',
    'movl 0, %eax',
  ].join('; '),
  /** Load a GDT inside the hole, then reload a segment from it. */
  gdtInHole: 'lgdt hole_gdt_descr; movl $0x10, %eax; movl %eax, %ds',
} as const;

function source(attempts: readonly string[]): string {
  const lines = [
    '\t.text',
    '\t.balign 4',
    '\t.long 0x1BADB002, 0, -0x1BADB002',
    '\t.globl _start',
    '_start:',
    '\tcld',
    '\tmovl $stack_top, %esp',
    '\tlgdt gdt_descr',
    '\tljmp $0x08, $1f',
    '1:\tmovl $0x10, %eax',
    '\tmovl %eax, %ds',
    '\tmovl %eax, %es',
    '\tmovl %cs, %eax',
    '\tandl $3, %eax\t/* SS needs RPL = CPL: the ring the kernel finds itself in */',
    '\torl $0x10, %eax',
    '\tmovl %eax, %ss',
    '\tmovl $idt, %edi',
    '\tmovl $fault_table, %esi',
    '\tmovl $32, %ecx',
    '2:\tlodsl',
    '\tmovw %ax, (%edi)',
    '\tmovw $8, 2(%edi)',
    '\tmovw $0x8e00, 4(%edi)',
    '\tshrl $16, %eax',
    '\tmovw %ax, 6(%edi)',
    '\taddl $8, %edi',
    '\tloop 2b',
    '\tlidt idt_descr',
  ];
  attempts.forEach((attempt, i) => {
    lines.push(
      `\tmovl $${i}, attempt`,
      `\tmovl $attempt_${i + 1}, recovery`,
      `\t${attempt}`,
      `\tmovl $-1, results + ${4 * i}`,
      `attempt_${i + 1}:`,
    );
  });
  lines.push(
    '\tmovb $0, %al',
    '\toutb %al, $0xf4',
    '\thlt',
    '',
    '/* Fault stubs: push the vector (and make every frame look alike), then record and recover. */',
  );
  for (let v = 0; v < 32; v++) {
    const hasError = [8, 10, 11, 12, 13, 14, 17].includes(v);
    lines.push(`fault_${v}:`, hasError ? '' : '\tpushl $0', `\tpushl $${v}`, '\tjmp fault_common');
  }
  lines.push(
    'fault_common:',
    '\tmovl $0x10, %eax',
    '\tmovl %eax, %ds',
    '\tmovl attempt, %ebx',
    '\tpopl %eax',
    '\tmovl %eax, results(,%ebx,4)',
    '\tpopl %eax',
    '\tmovl %eax, errors(,%ebx,4)',
    '\tmovl $stack_top, %esp',
    '\tjmp *recovery',
    '',
    '\t.data',
    'fault_table:',
    ...Array.from({ length: 32 }, (_, v) => `\t.long fault_${v}`),
    '\t.balign 8',
    'gdt:',
    '\t.quad 0',
    '\t.quad 0x00cf9a000000ffff',
    '\t.quad 0x00cf92000000ffff',
    'gdt_descr:',
    '\t.word 3 * 8 - 1',
    '\t.long gdt',
    'hole_gdt_descr:',
    '\t.word 3 * 8 - 1',
    '\t.long 0xfc002000',
    '\t.balign 8',
    'idt: .skip 32 * 8',
    'idt_descr:',
    '\t.word 32 * 8 - 1',
    '\t.long idt',
    '\t.balign 4',
    'attempt: .long 0',
    'recovery: .long 0',
    `results: .fill ${attempts.length}, 4, 0x7777`,
    `errors: .fill ${attempts.length}, 4, 0`,
    '\t.bss',
    '\t.balign 4096',
    'pd: .skip 4096',
    'pt: .skip 4096',
    '\t.skip 4096',
    'stack_top:',
    '',
  );
  return lines.join('\n');
}

export interface HostileKernel {
  image: Uint8Array;
  symbols: Record<string, number>;
}

export function buildHostileKernel(attempts: readonly string[]): HostileKernel {
  const assembled = assemble({ files: { 'hostile.S': source(attempts) }, main: 'hostile.S' });
  const linked = linkElfExecutable(assembled, { base: 0x100000, entry: '_start' });
  const errors = [...assembled.diagnostics, ...linked.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => formatDiagnostic(d)).join('\n'));
  const symbols: Record<string, number> = {};
  for (const s of linked.symbols) symbols[s.name] = s.value;
  return { image: linked.image, symbols };
}
