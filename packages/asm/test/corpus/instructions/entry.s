# A Linux-2.6-style i386 kernel entry path: system call entry through int $0x80 and sysenter,
# interrupt and exception stubs, the return path with its checks, and the lazy-FPU trap. Calls to
# C functions and references to kernel data are undefined symbols, left as relocations.

	.text
	.globl	system_call, sysenter_entry, common_interrupt, device_not_available

# Offsets into the saved register frame (struct pt_regs).
EBX = 0x00
ECX = 0x04
EDX = 0x08
ESI = 0x0c
EDI = 0x10
EBP = 0x14
EAX = 0x18
DS = 0x1c
ES = 0x20
ORIG_EAX = 0x24
EIP = 0x28
CS = 0x2c
EFLAGS = 0x30
OLDESP = 0x34
OLDSS = 0x38

TI_flags = 8
TI_preempt_count = 20
_TIF_WORK_MASK = 0x0000ff7f
NR_syscalls = 294
__USER_DS = 0x7b
__KERNEL_DS = 0x68

save_all:
	cld
	pushl	%es
	pushl	%ds
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	movl	$__USER_DS, %edx
	movl	%edx, %ds
	movl	%edx, %es
	ret

restore_regs:
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
1:	popl	%ds
2:	popl	%es
	addl	$4, %esp
3:	iret

system_call:
	pushl	%eax
	call	save_all
	movl	$-8192, %ebp
	andl	%esp, %ebp
	testw	$0x1c1, TI_flags(%ebp)
	jnz	syscall_trace_entry
	cmpl	$(NR_syscalls), %eax
	jae	syscall_badsys
syscall_call:
	call	*sys_call_table(,%eax,4)
	movl	%eax, EAX(%esp)
syscall_exit:
	cli
	movl	TI_flags(%ebp), %ecx
	testw	$_TIF_WORK_MASK, %cx
	jne	syscall_exit_work
restore_all:
	movl	EFLAGS(%esp), %eax
	movb	OLDSS(%esp), %ah
	movb	CS(%esp), %al
	andl	$0x00020303, %eax
	cmpl	$0x00000303, %eax
	je	ldt_ss
restore_nocheck:
	jmp	restore_regs

ldt_ss:
	larl	OLDSS(%esp), %eax
	jnz	restore_nocheck
	testl	$0x00400000, %eax
	jnz	restore_nocheck
	movl	OLDESP(%esp), %eax
	movw	%ax, %dx
	pushl	$__KERNEL_DS
	pushl	%eax
	cli
	lss	(%esp), %esp
	jmp	restore_nocheck

sysenter_entry:
	movl	tss_esp0, %esp
	sti
	pushl	$(__USER_DS)
	pushl	%ebp
	pushfl
	pushl	$0x73
	pushl	$sysenter_return
	cmpl	$__PAGE_OFFSET-3, %ebp
	jae	syscall_fault
1:	movl	(%ebp), %ebp
	pushl	%eax
	call	save_all
	movl	$-8192, %ebp
	andl	%esp, %ebp
	cmpl	$(NR_syscalls), %eax
	jae	syscall_badsys
	call	*sys_call_table(,%eax,4)
	movl	%eax, EAX(%esp)
	cli
	movl	TI_flags(%ebp), %ecx
	testw	$_TIF_WORK_MASK, %cx
	jne	syscall_exit_work
	movl	EIP(%esp), %edx
	movl	OLDESP(%esp), %ecx
	xorl	%ebp, %ebp
	sti
	sysexit

syscall_exit_work:
	testb	$0x40, %cl
	jz	work_pending
	sti
	movl	%esp, %eax
	movl	$1, %edx
	call	do_syscall_trace
	jmp	resume_userspace
work_pending:
	testb	$0x8, %cl
	jz	work_notifysig
work_resched:
	call	schedule
	cli
	movl	TI_flags(%ebp), %ecx
	andl	$_TIF_WORK_MASK, %ecx
	jz	restore_all
	testb	$0x8, %cl
	jnz	work_resched
work_notifysig:
	testl	$0x20000, EFLAGS(%esp)
	movl	%esp, %eax
	xorl	%edx, %edx
	call	do_notify_resume
	jmp	resume_userspace
resume_userspace:
	cli
	movl	TI_flags(%ebp), %ecx
	andl	$_TIF_WORK_MASK, %ecx
	jne	work_pending
	jmp	restore_all

syscall_trace_entry:
	movl	$-38, EAX(%esp)
	movl	%esp, %eax
	xorl	%edx, %edx
	call	do_syscall_trace
	movl	ORIG_EAX(%esp), %eax
	cmpl	$(NR_syscalls), %eax
	jnae	syscall_call
	jmp	syscall_exit
syscall_fault:
	pushl	%eax
	call	save_all
	movl	$-8192, %ebp
	andl	%esp, %ebp
	movl	$-14, EAX(%esp)
	jmp	resume_userspace
syscall_badsys:
	movl	$-38, EAX(%esp)
	jmp	resume_userspace

# Interrupt stubs: push the vector (complemented) and join the common path.
	.p2align 2
irq_entries:
vector = 0
	.rept 16
	pushl	$~vector
	jmp	common_interrupt
	.p2align 2
vector = vector + 1
	.endr

common_interrupt:
	call	save_all
	movl	%esp, %eax
	call	do_IRQ
	jmp	ret_from_intr
ret_from_intr:
	movl	$-8192, %ebp
	andl	%esp, %ebp
	movl	EFLAGS(%esp), %eax
	movb	CS(%esp), %al
	testl	$0x20003, %eax
	jz	resume_kernel
	jmp	resume_userspace
resume_kernel:
	cli
	cmpl	$0, TI_preempt_count(%ebp)
	jnz	restore_nocheck
	jmp	restore_all

# Exceptions: with and without an error code pushed by the CPU.
divide_error:
	pushl	$0
	pushl	$do_divide_error
	jmp	error_code
page_fault:
	pushl	$do_page_fault
error_code:
	pushl	%ds
	pushl	%eax
	xorl	%eax, %eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	decl	%eax
	pushl	%ecx
	pushl	%ebx
	cld
	pushl	%es
	popl	%ecx
	movl	ES(%esp), %edi
	movl	ORIG_EAX(%esp), %edx
	movl	%eax, ORIG_EAX(%esp)
	movl	%ecx, ES(%esp)
	movl	$(__USER_DS), %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%esp, %eax
	call	*%edi
	jmp	ret_from_exception
ret_from_exception:
	cli
	jmp	ret_from_intr

# The lazy-FPU trap: clear TS, restore this task's FPU state, return.
device_not_available:
	pushl	$-1
	call	save_all
	movl	%cr0, %eax
	testl	$0x4, %eax
	jne	device_not_available_emulate
	clts
	movl	current_task, %eax
	testb	$1, 0x10(%eax)
	jz	1f
	fxrstor	0x200(%eax)
	jmp	2f
1:	fninit
	fnclex
	orb	$1, 0x10(%eax)
2:	jmp	ret_from_exception
device_not_available_emulate:
	pushl	$0
	call	math_emulate
	addl	$4, %esp
	jmp	ret_from_exception

# Context switch: save the FPU state of the task losing the CPU if it used the FPU.
switch_fpu:
	movl	4(%esp), %eax
	testb	$1, 0x10(%eax)
	jz	1f
	fxsave	0x200(%eax)
	fnclex
	andb	$~1, 0x10(%eax)
	movl	%cr0, %ecx
	orl	$8, %ecx
	movl	%ecx, %cr0
1:	ret

	.data
	.p2align 2
sysenter_return:
	.long	0
