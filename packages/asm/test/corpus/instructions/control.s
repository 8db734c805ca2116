# Control transfer: short and near jumps chosen by relaxation (forward and backward), every
# condition, loops, near/far/indirect calls and jumps, returns, software interrupts.
	.text
	.globl	control_start
control_start:
near_back:
	jo	near_back
	jo	1f
1:	nop
	jno	near_back
	jb	near_back
	jc	near_back
	jnae	near_back
	jae	near_back
	jae	1f
1:	nop
	jnb	near_back
	jnc	near_back
	je	near_back
	jz	near_back
	jne	near_back
	jne	1f
1:	nop
	jnz	near_back
	jbe	near_back
	jna	near_back
	ja	near_back
	jnbe	near_back
	jnbe	1f
1:	nop
	js	near_back
	jns	near_back
	jp	near_back
	jpe	near_back
	jnp	near_back
	jnp	1f
1:	nop
	jpo	near_back
	jl	near_back
	jnge	near_back
	jge	near_back
	jnl	near_back
	jnl	1f
1:	nop
	jle	near_back
	jng	near_back
	jg	near_back
	jnle	near_back
	jmp	near_back
	jmp	far_forward
	jne	far_forward
	jmp	2f
	nop
2:
	jmp	2b
	je	external_target
	jmp	external_target
	jmp	.
	jmp	.+2
	jc	control_start
loops:
3:	dec	%ecx
	loop	3b
	loope	3b
	loopz	3b
	loopne	3b
	loopnz	3b
	jecxz	4f
	jcxz	4f
	nop
4:
calls:
	call	function
	call	external_function
	call	*%eax
	call	*(%eax)
	call	*8(%ebx,%esi,4)
	call	*handlers(,%eax,4)
	callw	*%ax
	call	*%es:4(%ebp)
	lcall	$0x10, $function
	lcall	*farptr
	lcallw	*(%ebx)
	lcall	$0x23, $0x12345678
	jmp	*%edx
	jmp	*(%esi)
	jmp	*jumptable(,%ecx,4)
	jmpw	*%bx
	ljmp	$0x10, $1f
1:
	ljmp	*farptr
	ljmpw	$0x8, $0x1234
	ljmp	*(%eax)
	jmp	$0x18, $control_start
filler:
	movl	$0x0, %eax
	movl	$0x1, %ebx
	movl	$0x2, %ecx
	movl	$0x3, %edx
	movl	$0x4, %eax
	movl	$0x5, %ebx
	movl	$0x6, %ecx
	movl	$0x7, %edx
	movl	$0x8, %eax
	movl	$0x9, %ebx
	movl	$0xa, %ecx
	movl	$0xb, %edx
	movl	$0xc, %eax
	movl	$0xd, %ebx
	movl	$0xe, %ecx
	movl	$0xf, %edx
	movl	$0x10, %eax
	movl	$0x11, %ebx
	movl	$0x12, %ecx
	movl	$0x13, %edx
	movl	$0x14, %eax
	movl	$0x15, %ebx
	movl	$0x16, %ecx
	movl	$0x17, %edx
	movl	$0x18, %eax
	movl	$0x19, %ebx
	movl	$0x1a, %ecx
	movl	$0x1b, %edx
	movl	$0x1c, %eax
	movl	$0x1d, %ebx
	movl	$0x1e, %ecx
	movl	$0x1f, %edx
	movl	$0x20, %eax
	movl	$0x21, %ebx
	movl	$0x22, %ecx
	movl	$0x23, %edx
	movl	$0x24, %eax
	movl	$0x25, %ebx
	movl	$0x26, %ecx
	movl	$0x27, %edx
	movl	$0x28, %eax
	movl	$0x29, %ebx
	movl	$0x2a, %ecx
	movl	$0x2b, %edx
	movl	$0x2c, %eax
	movl	$0x2d, %ebx
	movl	$0x2e, %ecx
	movl	$0x2f, %edx
	movl	$0x30, %eax
	movl	$0x31, %ebx
far_forward:
	jmp	near_back
	jz	near_back
	jmp	*%eax
function:
	push	%ebp
	mov	%esp, %ebp
	leave
	ret
	ret	$8
	retw
	retl	$4
	lret
	lret	$12
	lretw
	iret
	iretw
	iretl
	int	$0x80
	int	$3
	int3
	into
	int	$0xff
table_user:
	movl	$function, %eax
	cmpl	$far_forward - near_back, %ecx
	movl	$(far_forward - control_start), %edx
	.data
handlers:	.long function, far_forward, 0
jumptable:	.long near_back, loops, calls
farptr:	.long function
	.word 0x10
