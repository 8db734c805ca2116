/** `user.S`: the ring-3 programs and the checker. The text of the file, embedded so that no file access is needed. */
export const userS = String.raw`/*
 * user.S: the ring-3 programs. The .user pages are linked inside the kernel
 * image and mapped read-only at USER_CODE_BASE, so the code only uses relative
 * jumps and calls, and takes absolute addresses through U().
 */
#define U(sym)		((sym) - user_start + USER_CODE_BASE)
#define SYSCALL(nr)	movl $(nr), %eax; int $0x80
/* through the vsyscall page: sysenter */
#define VSYSCALL(nr)	movl $(nr), %eax; call *%esi
#define FAIL_WITH(code)	movl $(code), %ebx; jmp u_exit

	.section .user,"ax"
	.balign PAGE_SIZE
user_start:

/* exit(%ebx) */
u_exit:
	SYSCALL(__NR_exit)

/* u_puts(%ecx = user address of a NUL-terminated string); clobbers %eax */
u_puts:
	pushl %ebx
	pushl %edx
	movl %ecx, %edx
1:	cmpb $0, (%edx)
	je 2f
	incl %edx
	jmp 1b
2:	subl %ecx, %edx
	movl $1, %ebx
	SYSCALL(__NR_write)
	popl %edx
	popl %ebx
	ret

/* u_putdec(%eax = unsigned value) */
u_putdec:
	pushl %ebx
	pushl %ecx
	pushl %edx
	subl $16, %esp
	movb $0, 15(%esp)
	leal 15(%esp), %ecx
	movl $10, %ebx
1:	xorl %edx, %edx
	divl %ebx
	addb $0x30, %dl		/* '0' */
	decl %ecx
	movb %dl, (%ecx)
	testl %eax, %eax
	jnz 1b
	call u_puts
	addl $16, %esp
	popl %edx
	popl %ecx
	popl %ebx
	ret

/*
 * pid 2: system calls through int $0x80, with the trace flag on for a few
 * (syscall_trace_entry, syscall_exit_work), then a loop of null calls.
 */
int80_loop:
	SYSCALL(__NR_settrace)		/* ebx = 0 from fork: off; now on: */
	movl $1, %ebx
	SYSCALL(__NR_settrace)
	SYSCALL(__NR_getpid)
	SYSCALL(__NR_getpid)
	SYSCALL(__NR_getpid)
	xorl %ebx, %ebx
	SYSCALL(__NR_settrace)
	movl $STAT_TRACE_ENTRIES, %ebx
	SYSCALL(__NR_getstat)
	cmpl $4, %eax
	je 1f
	FAIL_WITH(2)
1:	movl $STAT_TRACE_EXITS, %ebx
	SYSCALL(__NR_getstat)
	cmpl $4, %eax
	je 2f
	FAIL_WITH(3)
2:	movl USER_DEMAND_PAGE, %eax	/* a page fault the kernel resolves: the page is zero */
	testl %eax, %eax
	je 3f
	FAIL_WITH(6)
3:	xorl %esi, %esi
int80_bench_loop:			/* one iteration: bench + getpid through int $0x80 */
	movl %esi, %ebx
	SYSCALL(__NR_bench)
	leal 1(%esi), %edx
	cmpl %edx, %eax
	je 4f
	FAIL_WITH(4)
4:	SYSCALL(__NR_getpid)
	cmpl $2, %eax
	je 5f
	FAIL_WITH(5)
5:	incl %esi
	cmpl $1000, %esi
	jne int80_bench_loop
	xorl %ebx, %ebx
	jmp u_exit

/* pid 3: the same through the vsyscall page (sysenter_entry, STI_SYSEXIT). */
sysenter_loop:
	movl $VSYSCALL_ENTRY, %esi
	movl $1, %ebx
	VSYSCALL(__NR_settrace)
	VSYSCALL(__NR_getpid)
	VSYSCALL(__NR_getpid)
	xorl %ebx, %ebx
	VSYSCALL(__NR_settrace)
	movl $STAT_TRACE_ENTRIES, %ebx
	VSYSCALL(__NR_getstat)
	cmpl $3, %eax
	je 1f
	FAIL_WITH(2)
1:	movl $STAT_TRACE_EXITS, %ebx
	VSYSCALL(__NR_getstat)
	cmpl $3, %eax
	je 2f
	FAIL_WITH(3)
2:	xorl %edi, %edi
sysenter_bench_loop:			/* one iteration: bench + getpid through SYSENTER */
	movl %edi, %ebx
	VSYSCALL(__NR_bench)
	leal 1(%edi), %edx
	cmpl %edx, %eax
	je 4f
	FAIL_WITH(4)
4:	VSYSCALL(__NR_getpid)
	cmpl $3, %eax
	je 5f
	FAIL_WITH(5)
5:	incl %edi
	cmpl $1000, %edi
	jne sysenter_bench_loop
	/* a bad system call number through sysenter: -ENOSYS (syscall_badsys) */
	VSYSCALL(1000)
	cmpl $-ENOSYS, %eax
	je 6f
	FAIL_WITH(6)
6:	xorl %ebx, %ebx
	jmp u_exit

/*
 * pid 4: run on a 16-bit stack segment from the LDT (ldt_ss): 300 system calls,
 * then ring-3 busy loops until a timer interrupt has found this task in ring 3
 * on that stack; every such interrupt must have come back through ldt_ss, and
 * every register must come back, ESP's high word included.
 */
#define STACK16_SEL	((0 << 3) | 4 | 3)
#define STACK16_ESP	0x5a5af800
stack16:
	/* struct user_desc: entry 0, base, limit 0xffff, 16-bit data */
	pushl $0
	pushl $0xffff
	pushl $USER_STACK16_BASE
	pushl $0
	movl $1, %ebx
	movl %esp, %ecx
	movl $16, %edx
	SYSCALL(__NR_modify_ldt)
	addl $16, %esp
	testl %eax, %eax
	jz 1f
	FAIL_WITH(2)
1:	movl %esp, USER_STACK_BASE + 4 * PAGE_SIZE	/* saved at the bottom of our stack page */
	movl $STACK16_SEL, %eax
	movl %eax, %ss
	movl $STACK16_ESP, %esp
	movl $0x11111111, %ebx
	movl $0x33333333, %esi
	movl $0x44444444, %edi
	movl $0x55555555, %ebp
	movl $300, %ecx
2:	SYSCALL(__NR_getpid)
	cmpl $4, %eax
	jne 8f
	cmpl $STACK16_ESP, %esp
	jne 7f
	cmpl $0x11111111, %ebx
	jne 8f
	cmpl $0x33333333, %esi
	jne 8f
	cmpl $0x44444444, %edi
	jne 8f
	cmpl $0x55555555, %ebp
	jne 8f
	loop 2b

	/*
	 * Then spin in ring 3 until the kernel has counted a timer interrupt that
	 * found this task in ring 3 on this stack (STAT_LDT_STACK_TICKS). The spin
	 * makes no system call: it watches jiffies on the user data page with
	 * plain loads, so between reading jiffies and seeing it move this task only
	 * compares and jumps in ring 3, and the tick that moved it found the task
	 * there, wherever in the loop an engine looks at its timers. (Polling with
	 * int $0x80 instead, engines whose timer follows the host's clock took the
	 * ticks right after the int, in the kernel.) Only then it asks the kernel.
	 * The wait counts this task's own ticks, not the clock: 50 of them without
	 * one in ring 3 (the kernel did not count it): status 9.
	 */
	movl $STAT_TICKS, %ebx
	SYSCALL(__NR_getstat)
	leal 50(%eax), %ecx
stack16_wait:
4:	movl USER_JIFFIES, %edx
5:	cmpl USER_JIFFIES, %edx
	je 5b
	cmpl $STACK16_ESP, %esp		/* the tick's return kept ESP's high word */
	jne 7f
	movl $STAT_LDT_STACK_TICKS, %ebx
	SYSCALL(__NR_getstat)
	testl %eax, %eax
	jnz 3f
	movl $STAT_TICKS, %ebx
	SYSCALL(__NR_getstat)
	cmpl %ecx, %eax
	jb 4b
	movl $9, %ebx			/* no timer interrupt found this task in ring 3 */
	jmp 9f
	/*
	 * Each of those interrupts returned to this stack before this code ran
	 * again, so ldt_ss has counted at least as many returns (it also counts
	 * any that came after the first getstat).
	 */
3:	movl %eax, %ecx
	movl $STAT_LDT_SS_INTR, %ebx
	SYSCALL(__NR_getstat)
	cmpl %ecx, %eax
	jae 6f
	movl $8, %ebx			/* an interrupt did not return through ldt_ss */
	jmp 9f
6:	cmpl $STACK16_ESP, %esp
	jne 7f
	cmpl $0x33333333, %esi
	jne 8f
	cmpl $0x44444444, %edi
	jne 8f
	cmpl $0x55555555, %ebp
	jne 8f
	movl $0, %ebx
	jmp 9f
7:	movl $6, %ebx			/* ESP's high word was lost */
	jmp 9f
8:	movl $7, %ebx			/* another register was lost */
9:	movl $__USER_DS, %eax
	movl %eax, %ss
	movl USER_STACK_BASE + 4 * PAGE_SIZE, %esp
	jmp u_exit

/*
 * pids 5 and 6: x87 sums kept on the FPU stack across 200 yields each; lazy FPU
 * switching (device_not_available) must keep the two states apart.
 */
x87_a:
	fldz
	movl $1, %ecx
1:	pushl %ecx
	fildl (%esp)
	addl $4, %esp
	faddp
	SYSCALL(__NR_sched_yield)
	incl %ecx
	cmpl $201, %ecx
	jne 1b
	subl $4, %esp
	fistpl (%esp)
	popl %eax
	xorl %ebx, %ebx
	cmpl $(200 * 201 / 2), %eax
	je u_exit
	FAIL_WITH(2)

x87_b:
	fld1
	fldz
	movl $1, %ecx
1:	pushl %ecx
	fildl (%esp)
	addl $4, %esp
	fmul %st(0), %st
	faddp
	SYSCALL(__NR_sched_yield)
	incl %ecx
	cmpl $201, %ecx
	jne 1b
	subl $4, %esp
	fistpl (%esp)
	popl %eax
	cmpl $(200 * 201 * 401 / 6), %eax
	je 2f
	FAIL_WITH(2)
2:	fistpl (%esp)
	popl %eax
	xorl %ebx, %ebx
	cmpl $1, %eax
	je u_exit
	FAIL_WITH(3)

/*
 * pid 7: sysenter with a user stack pointer that is not mapped. Loading the
 * sixth argument faults in the kernel and goes to syscall_fault through the
 * exception table; the return to the trampoline then page-faults in user mode
 * and the task is killed.
 */
fault_pf:
	pushl $0
	pushl %ecx
	pushl %edx
	pushl %ebp
	movl $0x1000, %ebp
	movl $__NR_getpid, %eax
	sysenter
	FAIL_WITH(1)

/*
 * pid 8 (after pid 7 is gone): run from a code segment in its LDT, then empty
 * that LDT entry; the kernel's IRET back to it faults and iret_exc kills the
 * task.
 */
#define LDT_CODE_SEL	((1 << 3) | 4 | 3)
fault_iret:
	movl $7, %ebx
	SYSCALL(__NR_waitpid)
	/* struct user_desc: entry 1, base 0, limit 0xfffff pages, 32-bit code */
	pushl $0x15
	pushl $0xfffff
	pushl $0
	pushl $1
	movl $1, %ebx
	movl %esp, %ecx
	movl $16, %edx
	SYSCALL(__NR_modify_ldt)
	addl $16, %esp
	ljmp $LDT_CODE_SEL, $U(1f)
1:	/* LDT_empty: entry 1, read_exec_only and seg_not_present */
	pushl $0x28
	pushl $0
	pushl $0
	pushl $1
	movl $1, %ebx
	movl %esp, %ecx
	movl $16, %edx
	SYSCALL(__NR_modify_ldt)
	FAIL_WITH(1)

/*
 * pid 9 (after pid 8 is gone): the same IRET fault, but returning to a 16-bit
 * stack segment: the IRET that faults is ldt_ss's, on the ESPFIX_SS stack, so
 * error_code must first switch back to the flat stack (UNWIND_ESPFIX_STACK).
 */
fault_iret16:
	movl $8, %ebx
	SYSCALL(__NR_waitpid)
	/* LDT 0: a 16-bit data segment whose last 64 KiB end at the top of our stack page */
	pushl $0
	pushl $0xffff
	pushl $(USER_STACK_BASE + 10 * PAGE_SIZE - 0x10000)
	pushl $0
	movl $1, %ebx
	movl %esp, %ecx
	movl $16, %edx
	SYSCALL(__NR_modify_ldt)
	addl $16, %esp
	/* LDT 1: 32-bit code, base 0, 4 GiB */
	pushl $0x15
	pushl $0xfffff
	pushl $0
	pushl $1
	movl $1, %ebx
	movl %esp, %ecx
	movl $16, %edx
	SYSCALL(__NR_modify_ldt)
	addl $16, %esp
	/* the request that will empty LDT 1, prepared while the stack is flat */
	pushl $0x28
	pushl $0
	pushl $0
	pushl $1
	movl %esp, %esi
	ljmp $LDT_CODE_SEL, $U(1f)
1:	movl $STACK16_SEL, %eax
	movl %eax, %ss
	movl $0x1234f800, %esp
	movl $1, %ebx
	movl %esi, %ecx
	movl $16, %edx
	SYSCALL(__NR_modify_ldt)
	FAIL_WITH(1)

/*
 * pid 1: wait for every other task, then run the checks only a running task
 * can make, print one line per check and a summary, and exit with the number
 * of failures (0: all passed).
 */
#define PASSED	%edi
#define FAILED	%ebp
checker:
	/* first wait for all of them, so that nothing they print comes between our lines */
	movl $U(task_checks), %esi
0:	movl (%esi), %ebx
	testl %ebx, %ebx
	jz 5f
	SYSCALL(__NR_waitpid)
	addl $12, %esi
	jmp 0b
5:	xorl PASSED, PASSED
	xorl FAILED, FAILED
	movl $U(task_checks), %esi
1:	movl (%esi), %ebx
	testl %ebx, %ebx
	jz 3f
	SYSCALL(__NR_waitpid)
	cmpl 4(%esi), %eax
	jne 2f
	movl 8(%esi), %ecx
	call pass
	addl $12, %esi
	jmp 1b
2:	movl 8(%esi), %ecx
	call fail_status
	addl $12, %esi
	jmp 1b

3:	/* work_notifysig: a signal to ourselves is delivered on the way out */
	SYSCALL(__NR_getpid)
	movl %eax, %ebx
	movl $10, %ecx
	SYSCALL(__NR_kill)
	movl $STAT_SIGCOUNT, %ebx
	SYSCALL(__NR_getstat)
	movl $U(name_notifysig), %ecx
	cmpl $1, %eax
	call check

	/* syscall_badsys */
	SYSCALL(1000)
	movl $U(name_badsys), %ecx
	cmpl $-ENOSYS, %eax
	call check

	/* resume_kernel: preempted while spinning in the kernel */
	SYSCALL(__NR_kspin)
	movl $U(name_preempt), %ecx
	cmpl $0, %eax
	call check_above

	/* the spinlock's STI window */
	SYSCALL(__NR_spintest)
	movl $U(name_spinlock), %ecx
	cmpl $0, %eax
	call check_above

	/* nmi and nmi_16bit_stack */
	SYSCALL(__NR_nmitest)
	movl $STAT_NMI, %ebx
	SYSCALL(__NR_getstat)
	movl $U(name_nmi), %ecx
	cmpl $2, %eax
	call check
	movl $STAT_NMI_16BIT, %ebx
	SYSCALL(__NR_getstat)
	movl $U(name_nmi16), %ecx
	cmpl $1, %eax
	call check

	/* device_not_available ran for the x87 tasks */
	movl $STAT_FPU_RESTORES, %ebx
	SYSCALL(__NR_getstat)
	movl $U(name_fpu), %ecx
	cmpl $2, %eax
	call check_above

	/* WRMSR then RDMSR of SYSENTER_EIP */
	movl $STAT_MSR_READBACK, %ebx
	SYSCALL(__NR_getstat)
	movl $U(name_msr), %ecx
	cmpl $1, %eax
	call check

	/* the timer ticked */
	SYSCALL(__NR_ticks)
	movl $U(name_timer), %ecx
	cmpl $0, %eax
	call check_above

	/* summary */
	movl $U(summary_msg), %ecx
	call u_puts
	movl PASSED, %eax
	call u_putdec
	movl $U(passed_msg), %ecx
	call u_puts
	movl FAILED, %eax
	call u_putdec
	movl $U(failed_msg), %ecx
	call u_puts
	movl FAILED, %ebx
	jmp u_exit

/* After a cmpl: check = pass if equal, check_above = pass if above. %ecx = name. */
check:
	je pass
	jmp fail
check_above:
	ja pass
fail:
	pushl %eax
	pushl %ecx
	movl $U(fail_msg), %ecx
	call u_puts
	popl %ecx
	call u_puts
	movl $U(fail_reason_msg), %ecx
	call u_puts
	popl %eax
	call u_putdec
	movl $U(newline_msg), %ecx
	call u_puts
	incl FAILED
	ret
pass:
	pushl %ecx
	movl $U(pass_msg), %ecx
	call u_puts
	popl %ecx
	call u_puts
	movl $U(newline_msg), %ecx
	call u_puts
	incl PASSED
	ret
/* %ecx = name, %eax = the task's status, 4(%esi) the expected one */
fail_status:
	pushl %eax
	pushl %ecx
	movl $U(fail_msg), %ecx
	call u_puts
	popl %ecx
	call u_puts
	movl $U(fail_status_msg), %ecx
	call u_puts
	popl %eax
	call u_putdec
	movl $U(fail_expected_msg), %ecx
	call u_puts
	movl 4(%esi), %eax
	call u_putdec
	movl $U(close_paren_msg), %ecx
	call u_puts
	incl FAILED
	ret

	.balign 4
/* pid, expected exit status, name */
task_checks:
	.long 2, 0, U(name_int80)
	.long 3, 0, U(name_sysenter)
	.long 4, 0, U(name_stack16)
	.long 5, 0, U(name_x87_a)
	.long 6, 0, U(name_x87_b)
	.long 7, 128 + SIGSEGV, U(name_fault_pf)
	.long 8, 128 + SIGSEGV, U(name_fault_iret)
	.long 9, 128 + SIGSEGV, U(name_fault_iret16)
	.long 0

name_int80:	.asciz "system_call: int $0x80 loop, syscall trace"
name_sysenter:	.asciz "sysenter_entry: vsyscall loop, syscall trace, badsys"
name_stack16:	.asciz "ldt_ss: 16-bit stack keeps ESP and registers (system calls, interrupts)"
name_x87_a:	.asciz "device_not_available: x87 task a"
name_x87_b:	.asciz "device_not_available: x87 task b"
name_fault_pf:	.asciz "syscall_fault and page fault: task killed"
name_fault_iret:	.asciz "iret_exc: task killed"
name_fault_iret16:	.asciz "iret_exc from ldt_ss on the ESPFIX stack: task killed"
name_notifysig:	.asciz "work_notifysig: signal delivered"
name_badsys:	.asciz "syscall_badsys: -ENOSYS"
name_preempt:	.asciz "resume_kernel: kernel preemption"
name_spinlock:	.asciz "spinlock: interrupt taken in the STI window"
name_nmi:	.asciz "nmi"
name_nmi16:	.asciz "nmi_16bit_stack"
name_fpu:	.asciz "device_not_available: lazy FPU restores"
name_timer:	.asciz "timer interrupt: jiffies advance"
name_msr:	.asciz "WRMSR/RDMSR: SYSENTER_EIP reads back"
pass_msg:	.asciz "PASS "
fail_msg:	.asciz "FAIL "
fail_reason_msg:	.asciz ": got "
fail_status_msg:	.asciz ": exit status "
fail_expected_msg:	.asciz " (expected "
close_paren_msg:	.asciz ")\n"
newline_msg:	.asciz "\n"
summary_msg:	.asciz "summary: "
passed_msg:	.asciz " passed, "
failed_msg:	.asciz " failed\n"

	.balign PAGE_SIZE
user_end:

/* The kernel's view of the programs: task n runs task_entries[n]. */
	.section .rodata
	.balign 4
task_entries:
	.long 0, U(checker), U(int80_loop), U(sysenter_loop), U(stack16)
	.long U(x87_a), U(x87_b), U(fault_pf), U(fault_iret), U(fault_iret16)
task_names:
	.long task_name_0, task_name_1, task_name_2, task_name_3, task_name_4
	.long task_name_5, task_name_6, task_name_7, task_name_8, task_name_9
task_name_0:	.asciz "idle"
task_name_1:	.asciz "checker"
task_name_2:	.asciz "int80-loop"
task_name_3:	.asciz "sysenter-loop"
task_name_4:	.asciz "stack16"
task_name_5:	.asciz "x87-a"
task_name_6:	.asciz "x87-b"
task_name_7:	.asciz "fault-pf"
task_name_8:	.asciz "fault-iret"
task_name_9:	.asciz "fault-iret16"
`;
