/** `traps.S`: exception, NMI, IRQ and timer handlers; the 16-bit stack fix-up; signals and tracing. The text of the file, embedded so that no file access is needed. */
export const trapsS = String.raw`/*
 * traps.S: what the entry stubs call (Linux's traps.c, fault.c, irq.c, signal.c
 * in assembly). Calling convention of the kernel's functions: regparm(3), i.e.
 * arguments in %eax, %edx, %ecx, result in %eax; %ebx %esi %edi %ebp preserved.
 * Exception handlers get (%eax = struct pt_regs *, %edx = error code).
 */

	.text
/*
 * Look the faulting EIP up in the exception table; on a hit continue at the
 * fixup. %eax = pt_regs; returns %eax = 1 if fixed up, else 0.
 */
fixup_exception:
	movl EIP(%eax), %edx
	movl $__start___ex_table, %ecx
1:	cmpl $__stop___ex_table, %ecx
	jae 3f
	cmpl (%ecx), %edx
	je 2f
	addl $8, %ecx
	jmp 1b
2:	movl 4(%ecx), %edx
	movl %edx, EIP(%eax)
	movl $1, %eax
	ret
3:	xorl %eax, %eax
	ret

/*
 * A trap the task caused: from user mode the task is killed with a message;
 * in the kernel an exception-table fixup applies or the kernel panics.
 * %eax = pt_regs, %edx = message, %ecx = panic message.
 */
do_trap:
	pushl %ebx
	movl %eax, %ebx
	movl EFLAGS(%ebx), %eax
	movb CS(%ebx), %al
	andl $(VM_MASK | SEGMENT_RPL_MASK), %eax
	cmpl $USER_RPL, %eax
	jb 1f
	movl %edx, %eax
	call kill_current		/* does not return */
1:	pushl %ecx
	movl %ebx, %eax
	call fixup_exception
	popl %ecx
	testl %eax, %eax
	jnz 2f
	movl %ecx, %eax
	call panic
2:	popl %ebx
	ret

#define TRAP_HANDLER(name, message) \
name: \
	movl $9f, %edx; \
	movl $9f, %ecx; \
	jmp do_trap; \
.pushsection .rodata; \
9:	.asciz message; \
.popsection

TRAP_HANDLER(do_divide_error, "divide error")
TRAP_HANDLER(do_invalid_op, "invalid opcode")
TRAP_HANDLER(do_double_fault, "double fault")
TRAP_HANDLER(do_invalid_TSS, "invalid TSS")
TRAP_HANDLER(do_segment_not_present, "segment not present")
TRAP_HANDLER(do_stack_segment, "stack segment fault")
TRAP_HANDLER(do_general_protection, "general protection fault")
TRAP_HANDLER(do_iret_error, "iret exception")

/* %eax = pt_regs, %edx = error code */
do_page_fault:
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %eax, %ebx
	movl %edx, %esi
	GET_CR2
	movl %eax, %edi			/* the faulting address */
	movl EFLAGS(%ebx), %eax
	movb CS(%ebx), %al
	andl $(VM_MASK | SEGMENT_RPL_MASK), %eax
	cmpl $USER_RPL, %eax
	jb 1f
	/*
	 * A user read or write of the demand page while it is not present: map it (a zeroed kernel
	 * page, user read-write) and return, so the access runs again. Only a not-present entry is
	 * filled, which the TLB never caches: no invlpg is needed.
	 */
	movl %edi, %eax
	andl $~(PAGE_SIZE - 1), %eax
	cmpl $USER_DEMAND_PAGE, %eax
	jne 3f
	testl $1, %esi			/* error code P: a protection fault is not ours to fix */
	jnz 3f
	movl $(demand_page - __PAGE_OFFSET + 0x007), user_pgtable + ((USER_DEMAND_PAGE >> 12) & 1023) * 4
	jmp 2f
3:	/* "pid N (name) killed: page fault at 0x........, error 0x...." */
	call print_kill_prefix
	movl $pf_msg, %eax
	call printk
	movl %edi, %eax
	movl $8, %edx
	call printk_hex
	movl $pf_error_msg, %eax
	call printk
	movl %esi, %eax
	movl $4, %edx
	call printk_hex
	movl $newline, %eax
	call printk
	movl $(128 + SIGSEGV), %eax
	call do_exit
1:	movl %ebx, %eax
	call fixup_exception
	testl %eax, %eax
	jnz 2f
	movl $kernel_pf_msg, %eax
	call printk
	movl %edi, %eax
	movl $8, %edx
	call printk_hex
	movl $kernel_pf_eip_msg, %eax
	call printk
	movl EIP(%ebx), %eax
	movl $8, %edx
	call printk_hex
	movl $empty_msg, %eax
	call panic
2:	popl %edi
	popl %esi
	popl %ebx
	ret

/* Kill the current task: "pid N (name) killed: <%eax>". */
kill_current:
	pushl %eax
	call print_kill_prefix
	popl %eax
	call printk
	movl $newline, %eax
	call printk
	movl $(128 + SIGSEGV), %eax
	call do_exit

print_kill_prefix:
	pushl %ebx
	GET_THREAD_INFO(%ebx)
	movl $pid_msg, %eax
	call printk
	movl TI_pid(%ebx), %eax
	call printk_dec
	movl $open_paren, %eax
	call printk
	movl TI_name(%ebx), %eax
	call printk
	movl $killed_msg, %eax
	call printk
	popl %ebx
	ret

/*
 * The first use of the FPU since the last task switch (CR0.TS set): give the
 * FPU to the current task, restoring its state or initialising it.
 */
math_state_restore:
	GET_THREAD_INFO(%ecx)
	CLTS
	cmpl $0, TI_used_math(%ecx)
	jne 1f
	fninit
	movl $1, TI_used_math(%ecx)
	jmp 2f
1:	frstor TI_fpu(%ecx)
2:	orl $TS_USEDFPU, TI_status(%ecx)
	incl fpu_restores
	ret

math_emulate:
	movl $no_math_emulation_msg, %eax
	jmp kill_current

/* NMI: count it; %eax = pt_regs. */
do_nmi:
	incl nmi_count
	ret

/*
 * Hardware interrupts: %eax = pt_regs, ORIG_EAX = ~irq. Only the timer is
 * unmasked; the others are acknowledged and ignored.
 */
do_IRQ:
	GET_THREAD_INFO(%ecx)
	addl $HARDIRQ_OFFSET, TI_preempt_count(%ecx)
	movl ORIG_EAX(%eax), %edx
	notl %edx
	testl %edx, %edx
	jnz 1f
	pushl %ecx
	pushl %edx
	call timer_interrupt
	popl %edx
	popl %ecx
1:	movb $0x20, %al			/* non-specific EOI */
	cmpl $8, %edx
	jb 2f
	outb %al, $0xA0
2:	outb %al, $0x20
	subl $HARDIRQ_OFFSET, TI_preempt_count(%ecx)
	ret

/* %eax = pt_regs, %ecx = thread_info */
timer_interrupt:
	incl jiffies
	orl $_TIF_NEED_RESCHED, TI_flags(%ecx)
	/*
	 * Per task: the ticks it took, and those that found it in ring 3 on a
	 * stack segment from its LDT, whose return must go through ldt_ss (the
	 * stack16 check compares them with TI_ldt_ss_intr).
	 */
	incl TI_ticks(%ecx)
	movl CS(%eax), %edx
	andl $SEGMENT_RPL_MASK, %edx
	cmpl $USER_RPL, %edx
	jne 3f
	testl $4, OLDSS(%eax)		/* the selector's table indicator: LDT */
	jz 3f
	incl TI_ldt_stack_ticks(%ecx)
3:	/* the spinlock test: the tick inside the spin loop is what lets the lock go */
	movl EIP(%eax), %edx
	cmpl $spin_wait_begin, %edx
	jb 1f
	cmpl $spin_wait_end, %edx
	jae 1f
	incl spin_irq_hits
1:	movl spin_test_release_at, %edx
	testl %edx, %edx
	jz 2f
	cmpl jiffies, %edx
	ja 2f
	movb $1, spin_test_lock
	movl $0, spin_test_release_at
2:	ret

/*
 * The 16-bit stack fix-up of ldt_ss. %eax = the stack after "subl $8": move
 * pt_regs down over the 8 reserved bytes and put after them the switch16
 * pointer (offset, ESPFIX_SS) that "lss 20+4(%esp)" loads. ESPFIX_SS's base is
 * chosen so that the offset's high word is the user's ESP high word: IRET to
 * a 16-bit stack loads only SP, leaving ESP's high word as it was.
 */
setup_x86_bogus_stack:
	pushl %esi
	pushl %edi
	movl %eax, %edi
	leal 8(%eax), %esi
	movl $(PT_REGS_SIZE / 4), %ecx
	cld
	rep movsl			/* edi = switch16 pointer */
	cmpl $0, ORIG_EAX(%eax)		/* an interrupt or exception (orig_eax < 0)? */
	jge 1f
	GET_THREAD_INFO(%ecx)
	incl TI_ldt_ss_intr(%ecx)
1:	pushl %edi
	movl OLDESP(%eax), %edx		/* user ESP */
	leal EIP(%eax), %eax		/* where the IRET frame is */
	call patch_espfix_desc
	popl %edi
	movl %eax, (%edi)
	movl espfix_ss, %ecx
	movl %ecx, 4(%edi)
	popl %edi
	popl %esi
	ret

/*
 * %eax = linear address the stack pointer must reach, %edx = a value whose
 * high word the new ESP must have. Sets ESPFIX_SS's base; returns the ESP to
 * use with it.
 */
patch_espfix_desc:
	movl %eax, %ecx
	andl $0x0000ffff, %eax
	andl $0xffff0000, %edx
	orl %edx, %eax			/* new ESP */
	subl %eax, %ecx			/* base = linear - new ESP */
	movl %ecx, espfix_base
	pushl %eax
	movl $(cpu_gdt_table + __ESPFIX_SS), %eax
	movl %ecx, %edx
	call set_desc_base
	popl %eax
	ret

/* Deliver pending signals: the fixture's signals only count. %eax = pt_regs. */
do_notify_resume:
	GET_THREAD_INFO(%ecx)
	testl $_TIF_SIGPENDING, TI_flags(%ecx)
	jz 1f
	andl $~_TIF_SIGPENDING, TI_flags(%ecx)
	incl TI_sigcount(%ecx)
	movl $0, TI_signal(%ecx)
1:	andl $~_TIF_NOTIFY_RESUME, TI_flags(%ecx)
	ret

/* System-call tracing: count entries (%edx = 0) and exits (%edx = 1). Returns 0. */
do_syscall_trace:
	GET_THREAD_INFO(%ecx)
	testl %edx, %edx
	jnz 1f
	incl TI_trace_entries(%ecx)
	xorl %eax, %eax
	ret
1:	incl TI_trace_exits(%ecx)
	xorl %eax, %eax
	ret

	.section .rodata
pid_msg:
	.asciz "pid "
open_paren:
	.asciz " ("
killed_msg:
	.asciz ") killed: "
pf_msg:
	.asciz "page fault at "
pf_error_msg:
	.asciz ", error "
kernel_pf_msg:
	.asciz "kernel page fault at "
kernel_pf_eip_msg:
	.asciz ", eip "
no_math_emulation_msg:
	.asciz "no math emulation"
newline:
	.asciz "\n"
empty_msg:
	.asciz ""
	.text
`;
