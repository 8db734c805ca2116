/** `defs.h`: constants: GDT selectors, pt_regs and thread_info offsets, system-call numbers. The text of the file, embedded so that no file access is needed. */
export const defsH = String.raw`/*
 * defs.h: constants shared by the fixture's assembly files (the fixture's asm-offsets.h,
 * segment.h and unistd.h in one place).
 */
#ifndef __GE_DEFS_H
#define __GE_DEFS_H

#define __PAGE_OFFSET		0xC0000000
#define PAGE_SIZE		4096
#define THREAD_SIZE		8192

/* GDT layout of Linux 2.6.16 (include/asm-i386/segment.h) */
#define GDT_ENTRIES		32
#define __KERNEL_CS		0x60
#define __KERNEL_DS		0x68
#define __USER_CS		0x73
#define __USER_DS		0x7b
#define __TSS			0x80
#define __LDT			0x88
#define __ESPFIX_SS		0xD0
#define USER_RPL		3
#define SEGMENT_RPL_MASK	3

/* struct pt_regs, as SAVE_ALL builds it */
#define EBX		0x00
#define ECX		0x04
#define EDX		0x08
#define ESI		0x0C
#define EDI		0x10
#define EBP		0x14
#define EAX		0x18
#define DS		0x1C
#define ES		0x20
#define ORIG_EAX	0x24
#define EIP		0x28
#define CS		0x2C
#define EFLAGS		0x30
#define OLDESP		0x34
#define OLDSS		0x38
#define PT_REGS_SIZE	0x3C

#define CF_MASK		0x00000001
#define TF_MASK		0x00000100
#define IF_MASK		0x00000200
#define DF_MASK		0x00000400
#define NT_MASK		0x00004000
#define VM_MASK		0x00020000

#define CR0_PE		0x00000001
#define CR0_MP		0x00000002
#define CR0_EM		0x00000004
#define CR0_TS		0x00000008
#define CR0_NE		0x00000020
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000

/* struct thread_info: the whole task, at the bottom of its 8 KiB kernel stack */
#define TI_flags		0
#define TI_preempt_count	4
#define TI_status		8
#define TI_pid			12
#define TI_state		16
#define TI_esp			20
#define TI_exit_code		24
#define TI_used_math		28
#define TI_trace_entries	32
#define TI_trace_exits		36
#define TI_signal		40
#define TI_sigcount		44
#define TI_preempted		48
#define TI_name			52
#define TI_ldt_ss_intr		56	/* interrupts/exceptions that returned through ldt_ss */
#define TI_ticks		60	/* timer interrupts taken while this task ran */
#define TI_ldt_stack_ticks	64	/* ...of them, those that came from ring 3 with SS in the LDT */
#define TI_ldt			72
#define LDT_ENTRIES		4
#define TI_fpu			104	/* 108-byte FNSAVE image */

#define TS_USEDFPU		0x0001
#define TASK_RUNNING		0
#define TASK_DEAD		1

#define TIF_SYSCALL_TRACE	0
#define TIF_NOTIFY_RESUME	1
#define TIF_SIGPENDING		2
#define TIF_NEED_RESCHED	3
#define TIF_SINGLESTEP		4
#define TIF_IRET		5
#define TIF_SYSCALL_EMU		6
#define TIF_SYSCALL_AUDIT	7
#define TIF_SECCOMP		8
#define _TIF_SYSCALL_TRACE	(1 << TIF_SYSCALL_TRACE)
#define _TIF_NOTIFY_RESUME	(1 << TIF_NOTIFY_RESUME)
#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
#define _TIF_SINGLESTEP		(1 << TIF_SINGLESTEP)
#define _TIF_IRET		(1 << TIF_IRET)
#define _TIF_SYSCALL_EMU	(1 << TIF_SYSCALL_EMU)
#define _TIF_SYSCALL_AUDIT	(1 << TIF_SYSCALL_AUDIT)
#define _TIF_SECCOMP		(1 << TIF_SECCOMP)
/* work to do on interrupt/exception return */
#define _TIF_WORK_MASK		(0x0000FFFF & ~(_TIF_SYSCALL_TRACE|_TIF_SYSCALL_AUDIT|_TIF_SINGLESTEP|_TIF_SECCOMP|_TIF_SYSCALL_EMU))
/* work to do on any return to user space */
#define _TIF_ALLWORK_MASK	(0x0000FFFF & ~_TIF_SECCOMP)

#define PREEMPT_ACTIVE		0x10000000
#define HARDIRQ_OFFSET		0x00010000

/* struct tss_struct: the 104-byte hardware TSS, then the small stack SYSENTER lands on */
#define TSS_esp0		4
#define TSS_ss0			8
#define TSS_iomap_base		102
#define TSS_HW_SIZE		104
#define TSS_STRUCT_SIZE		(TSS_HW_SIZE + 256)
#define TSS_sysenter_esp0	(TSS_esp0 - TSS_STRUCT_SIZE)

#define MSR_IA32_SYSENTER_CS	0x174
#define MSR_IA32_SYSENTER_ESP	0x175
#define MSR_IA32_SYSENTER_EIP	0x176

/* errno */
#define ESRCH		3
#define ECHILD		10
#define EFAULT		14
#define EINVAL		22
#define ENOSYS		38
#define SIGSEGV		11

/* system calls: Linux numbers where Linux has the call, vmi386's own from 200 */
#define __NR_exit		1
#define __NR_write		4
#define __NR_waitpid		7
#define __NR_getpid		20
#define __NR_kill		37
#define __NR_modify_ldt		123
#define __NR_sched_yield	158
#define __NR_ticks		200
#define __NR_settrace		201
#define __NR_getstat		202
#define __NR_bench		203
#define __NR_kspin		204
#define __NR_spintest		205
#define __NR_nmitest		206
#define NR_syscalls		207

/* getstat() selectors */
#define STAT_TRACE_ENTRIES	0
#define STAT_TRACE_EXITS	1
#define STAT_SIGCOUNT		2
#define STAT_PREEMPTED		3
#define STAT_NMI		4
#define STAT_NMI_16BIT		5
#define STAT_SPIN_IRQ_HITS	6
#define STAT_FPU_RESTORES	7
#define STAT_MSR_READBACK	8	/* 1 when SYSENTER_EIP reads back as written */
#define STAT_LDT_SS_INTR	9	/* this task's TI_ldt_ss_intr */
#define STAT_TICKS		10	/* this task's TI_ticks */
#define STAT_LDT_STACK_TICKS	11	/* this task's TI_ldt_stack_ticks */
#define NR_STATS		12

/* tasks and the user address space */
#define NR_TASKS		10
#define CHECKER_PID		1
#define USER_CODE_BASE		0x00400000
#define USER_STACK_BASE		0x00500000	/* one page per pid */
#define USER_STACK16_PAGE	0x00580000	/* the page under the 16-bit stack segment */
#define USER_DEMAND_PAGE	0x00600000	/* mapped by do_page_fault on first touch (pid 2) */
#define USER_STACK16_BASE	(USER_STACK16_PAGE - 0xF000)
#define VSYSCALL_BASE		0xBFFFF000
#define USER_DATA_BASE		0xBFFFE000	/* the kernel's data page, read-only for user mode */
#define USER_JIFFIES		(USER_DATA_BASE + 0)	/* jiffies is the page's first word */

#define HZ			100
#define LATCH			11932	/* 1193182 Hz / HZ */
#define COM1			0x3F8
#define DEBUG_EXIT_PORT		0xF4

/* the current task's thread_info: the bottom of the 8 KiB stack we are on */
#define GET_THREAD_INFO(reg) \
	movl $-THREAD_SIZE, reg; \
	andl %esp, reg

#define ENTRY(name) .globl name; .type name, @function; name:

#endif /* __GE_DEFS_H */
`;
