/**
 * The VMI calls the vmi386 hook points use, with the numbers of VMware's VMI interface of 2005–2006
 * (VMI API 13.3, the `VMI_CALL_*` list that shipped with the VMI Linux patches of March 2006:
 * Init = 4 … SetPxELong = 87, NUM_VMI_CALLS = 88). The ROM publishes one 32-byte entry per call
 * (`VROM_CALL_LEN`), so call N lives at ROM base + 32 * N. Calls vmi386 adds beyond VMI are
 * numbered from 88 up and marked `extension`.
 */

export type Register = 'eax' | 'ebx' | 'ecx' | 'edx' | 'esi' | 'edi' | 'ebp' | 'esp' | 'eflags';

export interface VmiCall {
  /** Call number: the ROM entry is at ROM base + VROM_CALL_LEN * number. */
  number: number;
  /** VMI's name for the call (`VMI_CALL_<name>`). */
  name: string;
  /** The `<mach_asm.h>` macro whose hook point calls it. */
  macro: string;
  /** The native instruction(s) at the start of the hook point. */
  native: string;
  /** Length in bytes of the native instruction(s). */
  nativeLength: number;
  /** What the ROM code must do, in terms of the virtual CPU. */
  semantics: string;
  inputs: readonly Register[];
  outputs: readonly Register[];
  /** Registers the ROM code may change beyond its outputs (the guest saved them or does not care). */
  clobbers: readonly Register[];
  /** True when the call never returns to the instruction after the hook point. */
  noReturn: boolean;
  /** True for calls vmi386 adds to VMI. */
  extension: boolean;
}

/** Length in bytes of every ROM entry (VMI's `VROM_CALL_LEN`). */
export const VROM_CALL_LEN = 32;

/** The VMI ROM signature `"cVmi"` (VMI's `VMI_SIGNATURE`). */
export const VMI_SIGNATURE = 0x696d5663;

const call = (
  c: Omit<VmiCall, 'extension' | 'noReturn'> & Partial<Pick<VmiCall, 'extension' | 'noReturn'>>,
): VmiCall => ({
  extension: false,
  noReturn: false,
  ...c,
});

export const vmiCalls: readonly VmiCall[] = [
  call({
    number: 5,
    name: 'CPUID',
    macro: 'CPUID',
    native: 'cpuid',
    nativeLength: 2,
    semantics: 'EAX, EBX, ECX, EDX := the virtual CPU’s CPUID leaf EAX (sub-leaf ECX).',
    inputs: ['eax', 'ecx'],
    outputs: ['eax', 'ebx', 'ecx', 'edx'],
    clobbers: [],
  }),
  call({
    number: 6,
    name: 'WRMSR',
    macro: 'WRMSR',
    native: 'wrmsr',
    nativeLength: 2,
    semantics: 'Virtual MSR[ECX] := EDX:EAX (SYSENTER_CS/ESP/EIP are the ones the fixture writes).',
    inputs: ['ecx', 'edx', 'eax'],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 7,
    name: 'RDMSR',
    macro: 'RDMSR',
    native: 'rdmsr',
    nativeLength: 2,
    semantics: 'EDX:EAX := virtual MSR[ECX].',
    inputs: ['ecx'],
    outputs: ['edx', 'eax'],
    clobbers: [],
  }),
  call({
    number: 9,
    name: 'SetLDT',
    macro: 'SET_LDT',
    native: 'lldt %ax',
    nativeLength: 3,
    semantics: 'Load the virtual LDTR with the selector in AX (its descriptor is read from the guest GDT).',
    inputs: ['eax'],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 20,
    name: 'SetCR0',
    macro: 'SET_CR0',
    native: 'mov %eax, %cr0',
    nativeLength: 3,
    semantics: 'Virtual CR0 := EAX (TS and the paging bits take effect as on hardware).',
    inputs: ['eax'],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 22,
    name: 'SetCR3',
    macro: 'SET_CR3',
    native: 'mov %eax, %cr3',
    nativeLength: 3,
    semantics: 'Switch to the page directory at physical EAX and flush the TLB.',
    inputs: ['eax'],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 24,
    name: 'GetCR0',
    macro: 'GET_CR0',
    native: 'mov %cr0, %eax',
    nativeLength: 3,
    semantics: 'EAX := virtual CR0.',
    inputs: [],
    outputs: ['eax'],
    clobbers: [],
  }),
  call({
    number: 25,
    name: 'GetCR2',
    macro: 'GET_CR2',
    native: 'mov %cr2, %eax',
    nativeLength: 3,
    semantics: 'EAX := the linear address of the last page fault delivered to the guest.',
    inputs: [],
    outputs: ['eax'],
    clobbers: [],
  }),
  call({
    number: 26,
    name: 'GetCR3',
    macro: 'GET_CR3',
    native: 'mov %cr3, %eax',
    nativeLength: 3,
    semantics: 'EAX := the guest page directory base (physical).',
    inputs: [],
    outputs: ['eax'],
    clobbers: [],
  }),
  call({
    number: 34,
    name: 'CLTS',
    macro: 'CLTS',
    native: 'clts',
    nativeLength: 2,
    semantics: 'Virtual CR0.TS := 0.',
    inputs: [],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 35,
    name: 'EnableInterrupts',
    macro: 'STI',
    native: 'sti',
    nativeLength: 1,
    semantics: 'Virtual IF := 1; deliver any pending event after the hook point, as STI’s shadow would.',
    inputs: [],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 36,
    name: 'DisableInterrupts',
    macro: 'CLI',
    native: 'cli',
    nativeLength: 1,
    semantics: 'Virtual IF := 0.',
    inputs: [],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 37,
    name: 'GetInterruptMask',
    macro: 'SAVE_FL',
    native: 'pushfl; popl %eax',
    nativeLength: 2,
    semantics: 'EAX := EFLAGS with IF replaced by the virtual IF.',
    inputs: [],
    outputs: ['eax'],
    clobbers: [],
  }),
  call({
    number: 39,
    name: 'IRET',
    macro: 'IRET',
    native: 'iret',
    nativeLength: 1,
    semantics:
      'Perform IRET with the frame at ESP (above the call’s return address), setting the virtual IF from the popped EFLAGS; events arriving while inside the ROM’s IRET code are handled by the hypervisor (the seed’s IRET race).',
    inputs: ['esp'],
    outputs: [],
    clobbers: [],
    noReturn: true,
  }),
  call({
    number: 40,
    name: 'SYSEXIT',
    macro: 'STI_SYSEXIT',
    native: 'sti; sysexit',
    nativeLength: 3,
    semantics: 'Virtual IF := 1 and return to ring 3 at EDX with ESP := ECX, atomically.',
    inputs: ['edx', 'ecx'],
    outputs: [],
    clobbers: [],
    noReturn: true,
  }),
  call({
    number: 42,
    name: 'Halt',
    macro: 'STI_HLT',
    native: 'sti; hlt',
    nativeLength: 2,
    semantics:
      'Safe halt: virtual IF := 1 and wait for the next event, atomically (Linux’s VMI code filled safe_halt with VMI_CALL_Halt).',
    inputs: [],
    outputs: [],
    clobbers: [],
  }),
  call({
    number: 88,
    name: 'HaltKeepIF',
    macro: 'HLT',
    native: 'hlt',
    nativeLength: 1,
    semantics:
      'Wait for the next event without changing the virtual IF (with IF = 0 the virtual CPU stays halted: a clean stop).',
    inputs: [],
    outputs: [],
    clobbers: [],
    extension: true,
  }),
];

/** The call a macro's hook point makes, or undefined for names that are not hook points. */
export function callForMacro(macro: string): VmiCall | undefined {
  return vmiCalls.find((entry) => entry.macro === macro);
}

/** The call with a number, or undefined. */
export function callByNumber(number: number): VmiCall | undefined {
  return vmiCalls.find((entry) => entry.number === number);
}
