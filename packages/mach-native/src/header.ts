/**
 * The text of `<mach_asm.h>` for bare hardware: the seed's `mach-default/mach_asm.h`, byte for
 * byte, followed by the vocabulary added for the vmi386 fixture (each again the plain instruction).
 */
export const nativeHeader = `#ifndef __MACH_ASM_H
#define __MACH_ASM_H

#define IRET iret
#define CLI cli
#define STI sti
#define STI_SYSEXIT sti; sysexit
#define GET_CR0 mov %cr0, %eax
#define WRMSR wrmsr
#define RDMSR rdmsr
#define CPUID cpuid

#define CLI_STRING "cli"
#define STI_STRING "sti"

/* vmi386 additions: the same job for the rest of the fixture's privileged instructions. */
#define SET_CR0 mov %eax, %cr0
#define GET_CR2 mov %cr2, %eax
#define GET_CR3 mov %cr3, %eax
#define SET_CR3 mov %eax, %cr3
#define CLTS clts
#define SET_LDT lldt %ax
#define SAVE_FL pushfl; popl %eax
#define HLT hlt
#define STI_HLT sti; hlt
#define KERNEL_RPL 0

#endif /* __MACH_ASM_H */
`;
