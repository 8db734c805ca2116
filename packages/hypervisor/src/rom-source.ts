import { VROM_CALL_LEN, vmiCalls } from '@vmi386/mach-vmi';
import { IF_MASK, ROM_BASE, SHARED_PAGE, SharedField } from './layout.js';

/**
 * The VMI ROM as i386 source: one 32-byte entry per VMI call (entry N at ROM_BASE + 32·N), run by
 * the guest kernel in ring 1 after the monitor patched its hook points into `call` instructions.
 *
 * Three kinds of entry:
 * - pure ROM code that touches only the shared page (CLI, STI, SAVE_FL, GET_CR*): no exit at all;
 * - the native privileged instruction followed by `ret` (SET_CR0, WRMSR, SET_LDT…): the instruction
 *   traps to the monitor, which emulates it as it emulates the same instruction in a native image;
 * - the atomic regions (IRET, STI_SYSEXIT, STI_HLT): labelled `*_region_start`/`*_region_end`; an
 *   event that arrives while the guest's EIP is inside one is held by the monitor until the region
 *   is left (see `monitor.ts`), so enabling interrupts and leaving is one operation.
 *
 * `ud2` at a `*_doorbell` label is how the ROM tells the monitor "events are pending and the virtual
 * IF was just set": #UD at that address is never an error.
 *
 * Every entry preserves every register that is not an output and the arithmetic flags (`popfl` at
 * CPL 1 restores them without touching IF), as `docs/vmi-sites.md` requires.
 */
const VIF = SHARED_PAGE + SharedField.virtualIf;
const PENDING = SHARED_PAGE + SharedField.pending;
const CR0 = SHARED_PAGE + SharedField.cr0;
const CR2 = SHARED_PAGE + SharedField.cr2;
const CR3 = SHARED_PAGE + SharedField.cr3;

const hex = (n: number) => `0x${n.toString(16)}`;

/** The body of each entry, by VMI call name. Entries longer than 32 bytes jump to a body below. */
const entries: Record<string, string> = {
  CPUID: 'cpuid\n\tret',
  WRMSR: 'wrmsr\n\tret',
  RDMSR: 'rdmsr\n\tret',
  SetLDT: 'lldt %ax\n\tret',
  SetCR0: 'movl %eax, %cr0\n\tret',
  SetCR3: 'movl %eax, %cr3\n\tret',
  GetCR0: `movl ${hex(CR0)}, %eax\n\tret`,
  GetCR2: `movl ${hex(CR2)}, %eax\n\tret`,
  GetCR3: `movl ${hex(CR3)}, %eax\n\tret`,
  CLTS: 'clts\n\tret',
  EnableInterrupts: 'jmp sti_body',
  DisableInterrupts: `movl $0, ${hex(VIF)}\n\tret`,
  GetInterruptMask: [
    'pushfl',
    'movl (%esp), %eax',
    `andl $~${hex(IF_MASK)}, %eax`,
    `orl ${hex(VIF)}, %eax`,
    'popfl',
    'ret',
  ].join('\n\t'),
  IRET: 'jmp iret_region_start',
  SYSEXIT: 'jmp sysexit_region_start',
  Halt: 'jmp halt_region_start',
  HaltKeepIF: 'hlt\n\tret',
};

/** The ROM's source text (`rom.S`). */
export function romSource(): string {
  const lines: string[] = [
    '/* vmi386 VMI ROM: generated from rom-source.ts. */',
    '\t.text',
    '\t.code32',
    'rom_start:',
    '\t.long 0x696d5663\t/* "cVmi" (VMI_SIGNATURE) */',
  ];
  for (const call of vmiCalls) {
    const body = entries[call.name];
    if (body === undefined) throw new Error(`VMI ROM: no entry for ${call.name}`);
    // `.org` cannot move backwards: an entry longer than 32 bytes is an assembly error.
    lines.push(`\t.org ${VROM_CALL_LEN * call.number}, 0xcc`, `entry_${call.name}:`, `\t${body}`);
  }
  lines.push(
    `\t.org ${VROM_CALL_LEN * (Math.max(...vmiCalls.map((c) => c.number)) + 1)}, 0xcc`,
    '',
    '/* STI: set the virtual IF; if an event waits, ring the doorbell (the monitor delivers it with',
    '   the return address of this entry on the frame, as after the STI shadow). */',
    'sti_body:',
    `\tmovl $${hex(IF_MASK)}, ${hex(VIF)}`,
    `\tcmpl $0, ${hex(PENDING)}`,
    '\tjne sti_doorbell',
    '\tret',
    'sti_doorbell:',
    '\tud2',
    '\tret',
    '',
    '/*',
    " * IRET: the frame is above the return address of the call. The virtual IF takes the frame's IF;",
    ' * the real iret (at CPL 1 it leaves the real IF alone) does the rest. The kernel calls IRET with',
    " * the virtual IF clear (Linux's restore_all runs with interrupts off), so an iret that faults",
    ' * leaves it clear again (the monitor reports the fault at the hook point).',
    ' */',
    'iret_region_start:',
    `\ttestl $${hex(IF_MASK)}, 12(%esp)`,
    '\tjz 1f',
    `\tcmpl $0, ${hex(PENDING)}`,
    '\tjne iret_doorbell',
    `\tmovl $${hex(IF_MASK)}, ${hex(VIF)}`,
    '\tleal 4(%esp), %esp',
    'iret_enable_insn:',
    '\tiret',
    `1:\tmovl $0, ${hex(VIF)}`,
    '\tleal 4(%esp), %esp',
    'iret_keep_insn:',
    '\tiret',
    'iret_doorbell:',
    '\tud2',
    'iret_region_end:',
    '',
    '/* STI_SYSEXIT: one operation. sysexit traps at CPL 1; the monitor leaves to user mode. */',
    'sysexit_region_start:',
    '\tleal 4(%esp), %esp',
    `\tmovl $${hex(IF_MASK)}, ${hex(VIF)}`,
    'sysexit_insn:',
    '\tsysexit',
    'sysexit_region_end:',
    '',
    '/* STI_HLT: one operation. hlt traps at CPL 1; the monitor delivers what waits or halts. */',
    'halt_region_start:',
    `\tmovl $${hex(IF_MASK)}, ${hex(VIF)}`,
    'halt_insn:',
    '\thlt',
    'halt_region_end:',
    '\tret',
    'rom_end:',
    '',
  );
  return lines.join('\n');
}

export { ROM_BASE };
