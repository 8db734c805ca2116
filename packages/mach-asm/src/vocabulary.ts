/**
 * The `<mach_asm.h>` vocabulary: every name a guest kernel may use instead of writing a privileged
 * instruction itself. The first ten are the seed's (the LKML patch "VMI inlines for entry.S",
 * 2006); the others are what the guest-entry fixture needs to do the same job without touching
 * privileged state behind the backend's back.
 */

/** How a vocabulary name is used in assembly source. */
export type MacroKind =
  /** Expands to one or more instructions; written as a statement (`CLI`, `1: IRET`). */
  | 'instruction'
  /** Expands to a C string literal holding instructions, for inline assembly in C (`CLI_STRING`). */
  | 'string'
  /** Expands to an assembly-time constant (`KERNEL_RPL`). */
  | 'symbol';

export interface MacroSpec {
  name: string;
  kind: MacroKind;
  /** The plain i386 instruction(s) the macro stands for, in GAS syntax (`;` between instructions). */
  native: string;
  /** What the macro does, in one sentence (registers named explicitly). */
  description: string;
  /** True for the ten names the seed's mach-default header defines. */
  seed: boolean;
}

export const vocabulary: readonly MacroSpec[] = [
  { name: 'IRET', kind: 'instruction', native: 'iret', seed: true, description: 'Return from interrupt.' },
  { name: 'CLI', kind: 'instruction', native: 'cli', seed: true, description: 'Disable interrupts.' },
  { name: 'STI', kind: 'instruction', native: 'sti', seed: true, description: 'Enable interrupts.' },
  {
    name: 'STI_SYSEXIT',
    kind: 'instruction',
    native: 'sti; sysexit',
    seed: true,
    description:
      'Enable interrupts and leave to ring 3 through SYSEXIT (EDX = EIP, ECX = ESP) as one operation: the STI shadow covers the SYSEXIT.',
  },
  {
    name: 'GET_CR0',
    kind: 'instruction',
    native: 'mov %cr0, %eax',
    seed: true,
    description: 'EAX := CR0.',
  },
  { name: 'WRMSR', kind: 'instruction', native: 'wrmsr', seed: true, description: 'MSR[ECX] := EDX:EAX.' },
  { name: 'RDMSR', kind: 'instruction', native: 'rdmsr', seed: true, description: 'EDX:EAX := MSR[ECX].' },
  {
    name: 'CPUID',
    kind: 'instruction',
    native: 'cpuid',
    seed: true,
    description: 'EAX, EBX, ECX, EDX := CPUID(EAX).',
  },
  {
    name: 'CLI_STRING',
    kind: 'string',
    native: 'cli',
    seed: true,
    description: 'CLI as a C string literal for inline assembly.',
  },
  {
    name: 'STI_STRING',
    kind: 'string',
    native: 'sti',
    seed: true,
    description: 'STI as a C string literal for inline assembly.',
  },
  { name: 'SET_CR0', kind: 'instruction', native: 'mov %eax, %cr0', seed: false, description: 'CR0 := EAX.' },
  { name: 'GET_CR2', kind: 'instruction', native: 'mov %cr2, %eax', seed: false, description: 'EAX := CR2.' },
  { name: 'GET_CR3', kind: 'instruction', native: 'mov %cr3, %eax', seed: false, description: 'EAX := CR3.' },
  {
    name: 'SET_CR3',
    kind: 'instruction',
    native: 'mov %eax, %cr3',
    seed: false,
    description: 'CR3 := EAX (flushes the TLB).',
  },
  { name: 'CLTS', kind: 'instruction', native: 'clts', seed: false, description: 'Clear CR0.TS.' },
  {
    name: 'SET_LDT',
    kind: 'instruction',
    native: 'lldt %ax',
    seed: false,
    description: 'LDTR := AX (the context switch loads the next task’s LDT).',
  },
  {
    name: 'SAVE_FL',
    kind: 'instruction',
    native: 'pushfl; popl %eax',
    seed: false,
    description:
      'EAX := EFLAGS (what local_irq_save reads). PUSHF at ring 1 shows the real IF, so it must be a hook point too.',
  },
  {
    name: 'HLT',
    kind: 'instruction',
    native: 'hlt',
    seed: false,
    description: 'Halt until the next interrupt, leaving the interrupt flag as it is.',
  },
  {
    name: 'STI_HLT',
    kind: 'instruction',
    native: 'sti; hlt',
    seed: false,
    description:
      'Safe halt: enable interrupts and halt as one operation, so that no interrupt is taken between them (the STI shadow).',
  },
  {
    name: 'KERNEL_RPL',
    kind: 'symbol',
    native: '0',
    seed: false,
    description:
      'The privilege level the kernel is built to run at with this backend (0 on bare hardware, 1 under a VMI hypervisor).',
  },
];

/** Looks up one vocabulary entry by name. */
export function vocabularyEntry(name: string): MacroSpec | undefined {
  return vocabulary.find((entry) => entry.name === name);
}
