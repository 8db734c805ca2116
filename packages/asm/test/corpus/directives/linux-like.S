/*
 * Structures of Linux 2.6 arch/i386/kernel/head.S and entry.S: cpp macros for entry points,
 * multi-line SAVE_ALL, exception tables in their own sections, .fixup with .previous,
 * physical addresses computed from virtual ones, page-table fills.
 */
#include <asm/linkage.h>

#define SAVE_ALL \
	cld; \
	pushl %es; \
	pushl %ds; \
	pushl %eax; \
	pushl %ebp; \
	pushl %edi; \
	pushl %esi; \
	pushl %edx; \
	pushl %ecx; \
	pushl %ebx; \
	movl $(__USER_DS), %edx; \
	movl %edx, %ds; \
	movl %edx, %es;

#define RESTORE_REGS \
	popl %ebx; \
	popl %ecx; \
	popl %edx; \
	popl %esi; \
	popl %edi; \
	popl %ebp; \
	popl %eax; \
1:	popl %ds; \
2:	popl %es; \
.section .fixup,"ax"; \
3:	movl $0,(%esp); \
	jmp 1b; \
4:	movl $0,(%esp); \
	jmp 2b; \
.previous; \
.section __ex_table,"a";\
	.align 4; \
	.long 1b,3b; \
	.long 2b,4b; \
.previous

	.section .text.head,"ax",@progbits
ENTRY(startup_32)
	cld
	lgdt pa(boot_gdt_descr)
	movl $(__KERNEL_DS),%eax
	movl %eax,%ds
	movl %eax,%es
	movl %eax,%fs
	movl %eax,%gs
	xorl %eax,%eax
	movl $pa(__bss_start),%edi
	movl $pa(__bss_stop),%ecx
	subl %edi,%ecx
	shrl $2,%ecx
	rep ; stosl
	movl $pa(pg0), %edi
	movl $pa(swapper_pg_dir), %edx
	movl $0x007, %eax
10:
	leal 0x007(%edi),%ecx
	movl %ecx,(%edx)
	movl %ecx,0xc00(%edx)
	addl $4,%edx
	movl $1024, %ecx
11:
	stosl
	addl $0x1000,%eax
	loop 11b
	cmpl $0x400000, %edi
	jb 10b
	movl $pa(swapper_pg_dir),%eax
	movl %eax,%cr3
	movl %cr0,%eax
	orl $0x80000000,%eax
	movl %eax,%cr0
	ljmp $__KERNEL_CS,$1f
1:
	lss stack_start,%esp
	pushl $0
	popfl
	call start_kernel
ENDPROC(startup_32)

	.text
ENTRY(system_call)
	pushl %eax
	SAVE_ALL
	cmpl $(nr_syscalls), %eax
	jae syscall_badsys
	call *sys_call_table(,%eax,4)
	movl %eax,24(%esp)
syscall_exit:
	cli
	movl 4(%esp), %ecx
	testl $0xffff, %ecx
	jne syscall_exit_work
restore_all:
	RESTORE_REGS
	addl $4, %esp
1:	iret
.section .fixup,"ax"
iret_exc:
	sti
	pushl $0
	pushl $11
	jmp error_code
.previous
.section __ex_table,"a"
	.align 4
	.long 1b,iret_exc
.previous
syscall_exit_work:
	jmp resume_userspace
syscall_badsys:
	movl $-38,24(%esp)
	jmp resume_userspace
ENDPROC(system_call)

ENTRY(sysenter_entry)
	movl 4(%esp),%esp
	sti
	pushl $(__USER_DS)
	pushl %ebp
	pushfl
	pushl $(__USER_DS)
	SAVE_ALL
	call *sys_call_table(,%eax,4)
	cli
	movl 40(%esp), %edx
	movl 52(%esp), %ecx
	xorl %ebp,%ebp
	sti
	sysexit
ENDPROC(sysenter_entry)

	.data
	.align 4
boot_gdt_descr:
	.word __BOOT_DS+7
	.long pa(boot_gdt)
ENTRY(stack_start)
	.long init_thread_union+8192
	.long __BOOT_DS
	.align 8
boot_gdt:
	.fill 12,8,0
	.quad 0x00cf9a000000ffff
	.quad 0x00cf92000000ffff
	__BOOT_DS = 0x68
	nr_syscalls = 300

	.section ".bss.page_aligned","aw",@nobits
	.align 4096
ENTRY(swapper_pg_dir)
	.fill 1024,4,0
ENTRY(pg0)
	.skip 4096 * 2
