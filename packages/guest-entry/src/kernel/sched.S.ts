/** `sched.S`: scheduler, context switch with lazy FPU, exit, panic, the system calls. The text of the file, embedded so that no file access is needed. */
export const schedS = String.raw`/*
 * sched.S: round-robin scheduling, the context switch with lazy FPU switching,
 * task exit, and the system calls.
 */
	.text
/* pid in %ecx -> thread_info in %edx */
#define PID_TO_TI(pid, ti) \
	movl pid, ti; \
	shll $13, ti; \
	addl $init_thread_union, ti

/*
 * schedule(): pick the next runnable user task after the current one, or the
 * idle task when none is runnable, and switch to it. Returns with interrupts
 * enabled.
 */
ENTRY(schedule)
	pushl %ebx
	pushl %esi
	pushl %edi
	pushl %ebp
	CLI
	GET_THREAD_INFO(%esi)			/* prev */
	andl $~_TIF_NEED_RESCHED, TI_flags(%esi)
	movl TI_pid(%esi), %ecx
	movl $(NR_TASKS - 1), %ebx
1:	incl %ecx
	cmpl $NR_TASKS, %ecx
	jb 2f
	movl $1, %ecx
2:	PID_TO_TI(%ecx, %edi)
	cmpl $TASK_RUNNING, TI_state(%edi)
	je 3f
	decl %ebx
	jnz 1b
	movl $init_thread_union, %edi		/* nothing runnable: idle */
3:	cmpl %esi, %edi
	je 5f
	/* __unlazy_fpu(prev): save its FPU state if it used the FPU, and set TS */
	testl $TS_USEDFPU, TI_status(%esi)
	jz 4f
	fnsave TI_fpu(%esi)
	fwait
	andl $~TS_USEDFPU, TI_status(%esi)
	GET_CR0
	orl $CR0_TS, %eax
	SET_CR0
4:	/* load_esp0(next) and the next task's LDT */
	leal THREAD_SIZE(%edi), %eax
	movl %eax, init_tss + TSS_esp0
	movl $(cpu_gdt_table + __LDT), %eax
	leal TI_ldt(%edi), %edx
	call set_desc_base
	movl $__LDT, %eax
	SET_LDT
	movl %esi, %eax
	movl %edi, %edx
	call switch_to
5:	STI
	popl %ebp
	popl %edi
	popl %esi
	popl %ebx
	ret

/* %eax = prev thread_info, %edx = next thread_info */
switch_to:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, TI_esp(%eax)
	movl TI_esp(%edx), %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

/* A new task's first instructions run here, in the middle of schedule(). */
schedule_tail:
	STI
	ret

/* Called from resume_kernel with interrupts off; returns with them off. */
preempt_schedule_irq:
	GET_THREAD_INFO(%ecx)
	movl $PREEMPT_ACTIVE, TI_preempt_count(%ecx)
	incl TI_preempted(%ecx)
	STI
	call schedule
	CLI
	GET_THREAD_INFO(%ecx)
	movl $0, TI_preempt_count(%ecx)
	ret

/*
 * Task exit, %eax = status. The checker (pid 1) exiting ends the run: its
 * status goes to the debug-exit port.
 */
do_exit:
	GET_THREAD_INFO(%ecx)
	cmpl $CHECKER_PID, TI_pid(%ecx)
	jne 1f
	movw $DEBUG_EXIT_PORT, %dx
	outl %eax, %dx
	/* no debug-exit device: stop here */
	movl $halted_msg, %eax
	call printk
2:	CLI
	HLT
	jmp 2b
1:	movl %eax, TI_exit_code(%ecx)
	andl $~TS_USEDFPU, TI_status(%ecx)
	GET_CR0
	orl $CR0_TS, %eax
	SET_CR0
	GET_THREAD_INFO(%ecx)
	movl $TASK_DEAD, TI_state(%ecx)
	call schedule
	movl $dead_task_msg, %eax
	call panic

/* panic(message): print it and stop the machine with status 0x7f. */
ENTRY(panic)
	pushl %eax
	movl $panic_msg, %eax
	call printk
	popl %eax
	call printk
	movl $newline, %eax
	call printk
	movl $0x7f, %eax
	movw $DEBUG_EXIT_PORT, %dx
	outl %eax, %dx
1:	CLI
	HLT
	jmp 1b

/*
 * System calls: called from system_call/sysenter_entry with the pt_regs right
 * above the return address, so the arguments are at ARG1..ARG3(%esp) on entry;
 * %ebp = thread_info.
 */
#define ARG1 (4 + EBX)(%esp)
#define ARG2 (4 + ECX)(%esp)
#define ARG3 (4 + EDX)(%esp)

sys_ni_syscall:
	movl $-ENOSYS, %eax
	ret

sys_exit:
	movl ARG1, %eax
	jmp do_exit

/* write(fd, buf, count): everything goes to the console. */
sys_write:
	movl ARG2, %eax
	movl ARG3, %edx
	cmpl $PAGE_SIZE, %edx
	ja 1f
	movl %eax, %ecx
	addl %edx, %ecx
	jc 1f
	cmpl $__PAGE_OFFSET, %ecx
	ja 1f
	jmp console_write
1:	movl $-EFAULT, %eax
	ret

/* waitpid(pid): yield until the task has exited; returns its status. */
sys_waitpid:
	movl ARG1, %ecx
	cmpl $1, %ecx
	jb 2f
	cmpl $NR_TASKS, %ecx
	jae 2f
	cmpl TI_pid(%ebp), %ecx		/* not ourselves */
	je 2f
	PID_TO_TI(%ecx, %edx)
1:	cmpl $TASK_DEAD, TI_state(%edx)
	je 3f
	pushl %edx
	call schedule
	popl %edx
	jmp 1b
2:	movl $-ECHILD, %eax
	ret
3:	movl TI_exit_code(%edx), %eax
	ret

sys_getpid:
	movl TI_pid(%ebp), %eax
	ret

/* kill(pid, sig): mark the signal pending; it is delivered by work_notifysig. */
sys_kill:
	movl ARG1, %ecx
	cmpl $NR_TASKS, %ecx
	jae 1f
	PID_TO_TI(%ecx, %edx)
	cmpl $TASK_RUNNING, TI_state(%edx)
	jne 1f
	movl ARG2, %eax
	movl %eax, TI_signal(%edx)
	orl $_TIF_SIGPENDING, TI_flags(%edx)
	xorl %eax, %eax
	ret
1:	movl $-ESRCH, %eax
	ret

/*
 * modify_ldt(1, struct user_desc *, 16): write one entry of the current task's
 * LDT, with Linux's encoding of struct user_desc { entry_number, base_addr,
 * limit, seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1
 * seg_not_present:1 useable:1 }.
 */
sys_modify_ldt:
	cmpl $1, ARG1
	jne 9f
	cmpl $16, ARG3
	jne 9f
	movl ARG2, %ecx
	cmpl $(__PAGE_OFFSET - 16), %ecx
	ja 8f
	pushl %ebx
	pushl %esi
	pushl %edi
	movl (%ecx), %edi		/* entry_number */
	cmpl $LDT_ENTRIES, %edi
	jae 7f
	leal TI_ldt(%ebp,%edi,8), %edi
	movl 4(%ecx), %esi		/* base */
	movl 8(%ecx), %ebx		/* limit */
	movl 12(%ecx), %ecx		/* flags */
	/* LDT_empty(info): write a zero descriptor */
	testl %esi, %esi
	jnz 1f
	testl %ebx, %ebx
	jnz 1f
	cmpl $0x28, %ecx
	jne 1f
	movl $0, (%edi)
	movl $0, 4(%edi)
	jmp 6f
1:	/* entry_1 = ((base & 0xffff) << 16) | (limit & 0x0ffff) */
	movl %esi, %eax
	shll $16, %eax
	movw %bx, %ax
	movl %eax, (%edi)
	/* entry_2 = (base & 0xff000000) | ((base & 0x00ff0000) >> 16) | (limit & 0xf0000) | 0x7000 | bits */
	movl %esi, %eax
	andl $0xff000000, %eax
	movl %esi, %edx
	shrl $16, %edx
	andl $0xff, %edx
	orl %edx, %eax
	andl $0xf0000, %ebx
	orl %ebx, %eax
	orl $0x7000, %eax
	movl %ecx, %edx			/* read_exec_only ^ 1 -> bit 9 */
	andl $8, %edx
	xorl $8, %edx
	shll $6, %edx
	orl %edx, %eax
	movl %ecx, %edx			/* contents -> bits 10-11 */
	andl $6, %edx
	shll $9, %edx
	orl %edx, %eax
	movl %ecx, %edx			/* seg_not_present ^ 1 -> bit 15 */
	andl $0x20, %edx
	xorl $0x20, %edx
	shll $10, %edx
	orl %edx, %eax
	movl %ecx, %edx			/* seg_32bit -> bit 22 */
	andl $1, %edx
	shll $22, %edx
	orl %edx, %eax
	movl %ecx, %edx			/* limit_in_pages -> bit 23 */
	andl $0x10, %edx
	shll $19, %edx
	orl %edx, %eax
	movl %ecx, %edx			/* useable -> bit 20 */
	andl $0x40, %edx
	shll $14, %edx
	orl %edx, %eax
	movl %eax, 4(%edi)
6:	xorl %eax, %eax
	popl %edi
	popl %esi
	popl %ebx
	ret
7:	popl %edi
	popl %esi
	popl %ebx
9:	movl $-EINVAL, %eax
	ret
8:	movl $-EFAULT, %eax
	ret

/* sched_yield(): ask for a reschedule, done by work_resched on the way out. */
sys_sched_yield:
	orl $_TIF_NEED_RESCHED, TI_flags(%ebp)
	xorl %eax, %eax
	ret

sys_ticks:
	movl jiffies, %eax
	ret

/* settrace(on): the per-task syscall-trace flag */
sys_settrace:
	cmpl $0, ARG1
	je 1f
	orl $_TIF_SYSCALL_TRACE, TI_flags(%ebp)
	xorl %eax, %eax
	ret
1:	andl $~_TIF_SYSCALL_TRACE, TI_flags(%ebp)
	xorl %eax, %eax
	ret

sys_getstat:
	movl ARG1, %ecx
	cmpl $NR_STATS, %ecx
	jae 1f
	jmp *getstat_table(,%ecx,4)
1:	movl $-EINVAL, %eax
	ret
stat_trace_entries:
	movl TI_trace_entries(%ebp), %eax
	ret
stat_trace_exits:
	movl TI_trace_exits(%ebp), %eax
	ret
stat_sigcount:
	movl TI_sigcount(%ebp), %eax
	ret
stat_preempted:
	movl TI_preempted(%ebp), %eax
	ret
stat_nmi:
	movl nmi_count, %eax
	ret
stat_nmi_16bit:
	movl nmi_16bit_count, %eax
	ret
stat_spin_irq_hits:
	movl spin_irq_hits, %eax
	ret
stat_fpu_restores:
	movl fpu_restores, %eax
	ret
stat_ldt_ss_intr:
	movl TI_ldt_ss_intr(%ebp), %eax
	ret
stat_ticks:
	movl TI_ticks(%ebp), %eax
	ret
stat_ldt_stack_ticks:
	movl TI_ldt_stack_ticks(%ebp), %eax
	ret
stat_msr_readback:
	xorl %eax, %eax
	cmpl $sysenter_entry, sysenter_eip_readback
	sete %al
	ret

/* bench(x): the null system call the benchmark loops make; returns x + 1. */
sys_bench:
	movl ARG1, %eax
	incl %eax
	ret

/*
 * kspin(): busy-wait in the kernel, interrupts on, until two timer ticks have
 * passed, so that a tick interrupts kernel code with preempt_count 0 and
 * resume_kernel preempts it. Returns how often this task was preempted.
 */
sys_kspin:
	movl jiffies, %ecx
	addl $2, %ecx
1:	pause
	movl jiffies, %eax
	subl %ecx, %eax
	js 1b
	movl TI_preempted(%ebp), %eax
	ret

/*
 * spintest(): the lock is "held by another CPU" (the lock word is 0) until
 * the second timer tick from now releases it; spin_lock_irqsave must spin with
 * interrupts re-enabled for that tick to arrive. Returns the ticks taken
 * inside the spin loop.
 */
sys_spintest:
	movb $0, spin_test_lock
	movl jiffies, %eax
	addl $2, %eax
	movl %eax, spin_test_release_at
	movl $spin_test_lock, %eax
	call _spin_lock_irqsave
	movl %eax, %edx
	movl $spin_test_lock, %eax
	call _spin_unlock_irqrestore
	movl spin_irq_hits, %eax
	ret

/*
 * nmitest(): raise vector 2 on the flat kernel stack (nmi -> restore_all) and
 * on the ESPFIX_SS stack (nmi_16bit_stack), the state ldt_ss is in between
 * its lss and its IRET. Returns nmi_count.
 */
sys_nmitest:
	int $2
	CLI
	movl %esp, %eax
	movl $0x5a5a0000, %edx
	call patch_espfix_desc		/* eax = ESP with high word 0x5a5a */
	pushl espfix_ss
	pushl %eax
	lss (%esp), %esp
	int $2
	FIXUP_ESPFIX_STACK		/* back to the flat stack, same linear address */
	STI
	movl nmi_count, %eax
	ret

	.section .rodata
	.balign 4
getstat_table:
	.long stat_trace_entries, stat_trace_exits, stat_sigcount, stat_preempted
	.long stat_nmi, stat_nmi_16bit, stat_spin_irq_hits, stat_fpu_restores
	.long stat_msr_readback, stat_ldt_ss_intr, stat_ticks, stat_ldt_stack_ticks
panic_msg:
	.asciz "PANIC: "
halted_msg:
	.asciz "halted\n"
dead_task_msg:
	.asciz "a dead task was scheduled"

	.data
	.balign 4
sys_call_table:
	.long sys_ni_syscall		/* 0 */
	.long sys_exit			/* 1 */
	.long sys_ni_syscall, sys_ni_syscall
	.long sys_write			/* 4 */
	.long sys_ni_syscall, sys_ni_syscall
	.long sys_waitpid		/* 7 */
	.rept __NR_getpid - __NR_waitpid - 1
	.long sys_ni_syscall
	.endr
	.long sys_getpid		/* 20 */
	.rept __NR_kill - __NR_getpid - 1
	.long sys_ni_syscall
	.endr
	.long sys_kill			/* 37 */
	.rept __NR_modify_ldt - __NR_kill - 1
	.long sys_ni_syscall
	.endr
	.long sys_modify_ldt		/* 123 */
	.rept __NR_sched_yield - __NR_modify_ldt - 1
	.long sys_ni_syscall
	.endr
	.long sys_sched_yield		/* 158 */
	.rept __NR_ticks - __NR_sched_yield - 1
	.long sys_ni_syscall
	.endr
	.long sys_ticks			/* 200 */
	.long sys_settrace		/* 201 */
	.long sys_getstat		/* 202 */
	.long sys_bench			/* 203 */
	.long sys_kspin			/* 204 */
	.long sys_spintest		/* 205 */
	.long sys_nmitest		/* 206 */
syscall_table_end:
	.if syscall_table_end - sys_call_table - NR_syscalls * 4
	.error "sys_call_table does not have NR_syscalls entries"
	.endif
`;
