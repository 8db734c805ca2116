# Integer instructions: ALU, shifts, multiply/divide, bit operations, setcc, BCD, conversions,
# moves and extensions, over every addressing form, with symbolic operands left as relocations.
	.text
	.globl	integer_start
integer_start:
add_forms:
	addl	%eax, %ebx
	add	%cx, %dx
	addb	%ah, %bl
	add	0xfffffff0(%edx), %esi
	addw	%di, table(,%eax,4)
	add	$1, %eax
	add	$0x100, %eax
	add	$-128, %ebx
	addb	$0x7f, %al
	addw	$0x1234, %ax
	addl	$0x12345678, %fs:0x10
	addb	$3, 0x7f(%ecx)
	addl	$counter, %edx
	add	$0xffff, %si
	addw	$-1, %es:4(%edi)
or_forms:
	orl	%eax, %ebx
	or	%cx, %dx
	orb	%ah, %bl
	or	%gs:(%eax), %esi
	orw	%di, 4(%ebx)
	or	$1, %eax
	or	$0x100, %eax
	or	$-128, %ebx
	orb	$0x7f, %al
	orw	$0x1234, %ax
	orl	$0x12345678, buffer(%ebx)
	orb	$3, (%eax)
	orl	$counter, %edx
	or	$0xffff, %si
	orw	$-1, 12(%ebx,%edi,4)
adc_forms:
	adcl	%eax, %ebx
	adc	%cx, %dx
	adcb	%ah, %bl
	adc	(,%ecx,8), %esi
	adcw	%di, (,%ecx,8)
	adc	$1, %eax
	adc	$0x100, %eax
	adc	$-128, %ebx
	adcb	$0x7f, %al
	adcw	$0x1234, %ax
	adcl	$0x12345678, 0x80(%ecx)
	adcb	$3, 12(%ebx,%edi,4)
	adcl	$counter, %edx
	adc	$0xffff, %si
	adcw	$-1, table(,%eax,4)
sbb_forms:
	sbbl	%eax, %ebx
	sbb	%cx, %dx
	sbbb	%ah, %bl
	sbb	-0x80(%ebp,%edx,2), %esi
	sbbw	%di, counter
	sbb	$1, %eax
	sbb	$0x100, %eax
	sbb	$-128, %ebx
	sbbb	$0x7f, %al
	sbbw	$0x1234, %ax
	sbbl	$0x12345678, (%esp)
	sbbb	$3, %gs:(%eax)
	sbbl	$counter, %edx
	sbb	$0xffff, %si
	sbbw	$-1, 8(%esp)
and_forms:
	andl	%eax, %ebx
	and	%cx, %dx
	andb	%ah, %bl
	and	buffer(%ebx), %esi
	andw	%di, (%eax)
	and	$1, %eax
	and	$0x100, %eax
	and	$-128, %ebx
	andb	$0x7f, %al
	andw	$0x1234, %ax
	andl	$0x12345678, -8(%ebp)
	andb	$3, 0xfffffff0(%edx)
	andl	$counter, %edx
	and	$0xffff, %si
	andw	$-1, (%esp)
sub_forms:
	subl	%eax, %ebx
	sub	%cx, %dx
	subb	%ah, %bl
	sub	(%ebx,%esi), %esi
	subw	%di, (%esp)
	sub	$1, %eax
	sub	$0x100, %eax
	sub	$-128, %ebx
	subb	$0x7f, %al
	subw	$0x1234, %ax
	subl	$0x12345678, 12(%ebx,%edi,4)
	subb	$3, %es:4(%edi)
	subl	$counter, %edx
	sub	$0xffff, %si
	subw	$-1, (,%ecx,8)
xor_forms:
	xorl	%eax, %ebx
	xor	%cx, %dx
	xorb	%ah, %bl
	xor	0x100(%esi), %esi
	xorw	%di, %es:4(%edi)
	xor	$1, %eax
	xor	$0x100, %eax
	xor	$-128, %ebx
	xorb	$0x7f, %al
	xorw	$0x1234, %ax
	xorl	$0x12345678, buffer(%ebx)
	xorb	$3, 12(%ebx,%edi,4)
	xorl	$counter, %edx
	xor	$0xffff, %si
	xorw	$-1, buffer(%ebx)
cmp_forms:
	cmpl	%eax, %ebx
	cmp	%cx, %dx
	cmpb	%ah, %bl
	cmp	-8(%ebp), %esi
	cmpw	%di, 12(%ebx,%edi,4)
	cmp	$1, %eax
	cmp	$0x100, %eax
	cmp	$-128, %ebx
	cmpb	$0x7f, %al
	cmpw	$0x1234, %ax
	cmpl	$0x12345678, 8(%esp)
	cmpb	$3, %fs:0x10
	cmpl	$counter, %edx
	cmp	$0xffff, %si
	cmpw	$-1, counter
test_forms:
	test	%eax, %ebx
	testb	$0x80, %al
	testl	$0x200, (%edx)
	test	(%ecx), %si
	testw	$1, %ax
	test	%bh, %bl
	testl	$counter, %edi
unary_forms:
	inc	%eax
	inc	%cx
	inc	%dh
	incl	8(%esp)
	incw	4(%ebx)
	incb	%es:4(%edi)
	dec	%eax
	dec	%cx
	dec	%dh
	decl	0x7f(%ecx)
	decw	buffer(%ebx)
	decb	0x80(%ecx)
	not	%eax
	not	%cx
	not	%dh
	notl	counter+4
	notw	4(%ebx)
	notb	0x7f(%ecx)
	neg	%eax
	neg	%cx
	neg	%dh
	negl	0x100(%esi)
	negw	%gs:(%eax)
	negb	counter+4
	mul	%eax
	mul	%cx
	mul	%dh
	mull	4(%ebx)
	mulw	0x7f(%ecx)
	mulb	0x100(%esi)
	div	%eax
	div	%cx
	div	%dh
	divl	%fs:0x10
	divw	buffer(%ebx)
	divb	buffer(%ebx)
	idiv	%eax
	idiv	%cx
	idiv	%dh
	idivl	0x7f(%ecx)
	idivw	0x100(%esi)
	idivb	table(,%eax,4)
	imul	%eax
	imul	%cx
	imul	%dh
	imull	0xfffffff0(%edx)
	imulw	-0x80(%ebp,%edx,2)
	imulb	%gs:(%eax)
	imul	%ebx, %ecx
	imul	(%esi), %eax
	imulw	4(%ebp), %dx
	imul	$3, %eax
	imul	$300, %ebx, %ecx
	imul	$-5, (%edi), %edx
	imulw	$0x1234, %si, %di
	imul	$counter, %eax, %eax
shift_forms:
	rol	%eax
	rol	$1, %ebx
	rol	$4, %cx
	rolb	%cl, %dl
	roll	$31, counter
	rolw	(%esp)
	rol	%cl, %esi
	ror	%eax
	ror	$1, %ebx
	ror	$4, %cx
	rorb	%cl, %dl
	rorl	$31, -0x80(%ebp,%edx,2)
	rorw	-8(%ebp)
	ror	%cl, %esi
	rcl	%eax
	rcl	$1, %ebx
	rcl	$4, %cx
	rclb	%cl, %dl
	rcll	$31, table(,%eax,4)
	rclw	8(%esp)
	rcl	%cl, %esi
	rcr	%eax
	rcr	$1, %ebx
	rcr	$4, %cx
	rcrb	%cl, %dl
	rcrl	$31, -0x80(%ebp,%edx,2)
	rcrw	table(,%eax,4)
	rcr	%cl, %esi
	shl	%eax
	shl	$1, %ebx
	shl	$4, %cx
	shlb	%cl, %dl
	shll	$31, 0xfffffff0(%edx)
	shlw	8(%esp)
	shl	%cl, %esi
	sal	%eax
	sal	$1, %ebx
	sal	$4, %cx
	salb	%cl, %dl
	sall	$31, 0x80(%ecx)
	salw	0xfffffff0(%edx)
	sal	%cl, %esi
	shr	%eax
	shr	$1, %ebx
	shr	$4, %cx
	shrb	%cl, %dl
	shrl	$31, counter+4
	shrw	(%eax)
	shr	%cl, %esi
	sar	%eax
	sar	$1, %ebx
	sar	$4, %cx
	sarb	%cl, %dl
	sarl	$31, 4(%ebx)
	sarw	%fs:0x10
	sar	%cl, %esi
	shld	$4, %eax, %ebx
	shld	%cl, %ax, (%esi)
	shldl	%edx, %eax
	shrd	$28, %edx, %eax
	shrd	%cl, %bx, %cx
	shrdw	$1, %si, 8(%ebp)
bit_forms:
	bt	%eax, %ebx
	btl	$5, (%ecx)
	btw	$15, %dx
	bt	%ecx, bitmap
	bt	%si, 2(%edi)
	bts	%eax, %ebx
	btsl	$5, (%ecx)
	btsw	$15, %dx
	bts	%ecx, bitmap
	bts	%si, 2(%edi)
	btr	%eax, %ebx
	btrl	$5, (%ecx)
	btrw	$15, %dx
	btr	%ecx, bitmap
	btr	%si, 2(%edi)
	btc	%eax, %ebx
	btcl	$5, (%ecx)
	btcw	$15, %dx
	btc	%ecx, bitmap
	btc	%si, 2(%edi)
	lock btsl	$0, (%eax)
	lock btrl %ecx, bitmap
	bsf	%eax, %ecx
	bsf	(%esi), %dx
	bsr	%ebx, %eax
	bsrl	counter, %edi
setcc_forms:
	seto	%al
	setno	table(,%eax,4)
	setb	%dl
	setc	%gs:(%eax)
	setnae	%ah
	setae	0xfffffff0(%edx)
	setnb	%dh
	setnc	0x100(%esi)
	sete	%al
	setz	counter
	setne	%dl
	setnz	12(%ebx,%edi,4)
	setbe	%ah
	setna	0xfffffff0(%edx)
	seta	%dh
	setnbe	(%ebx,%esi)
	sets	%al
	setns	counter+4
	setp	%dl
	setpe	4(%ebx)
	setnp	%ah
	setpo	%fs:0x10
	setl	%dh
	setnge	-8(%ebp)
	setge	%al
	setnl	counter+4
	setle	%dl
	setng	%es:4(%edi)
	setg	%ah
	setnle	(,%ecx,8)
bcd_forms:
	daa
	das
	aaa
	aas
	aam
	aam	$16
	aad
	aad	$8
conversion_forms:
	cbw
	cwde
	cwd
	cdq
	cbtw
	cwtl
	cwtd
	cltd
move_forms:
	mov	%eax, %esp
	mov	%ecx, %ecx
	mov	%edx, %ebx
	mov	%ebx, %esp
	mov	%esp, %edx
	mov	%ebp, %esp
	mov	%esi, %esi
	mov	%edi, %ebx
	mov	counter, %eax
	mov	%eax, counter
	movb	buffer, %al
	movw	%ax, buffer+2
	mov	%es:counter, %eax
	mov	$0, %eax
	mov	$counter, %ebx
	movb	$0x41, %ah
	movw	$0xbeef, %si
	movl	$0xdeadbeef, (%edi)
	movb	$1, 3(%eax,%ebx,2)
	movw	$2, (%ebp)
	mov	(%esp), %ebp
	mov	%esp, %ebp
	mov	8(%ebp), %eax
	mov	-4(%ebp), %ecx
	mov	%edx, 0x10(%esp)
	mov	%bl, (%esi,%ecx)
	mov	buffer(,%ecx,4), %eax
	movl	$table, table+4
	mov	%ds, %ax
	mov	%ax, %es
	mov	%ds, %eax
	mov	%eax, %fs
	mov	%gs, (%ebx)
	movw	(%ebx), %ss
	movw	%cs, counter
extension_forms:
	movzbl	%al, %eax
	movzbw	(%esi), %cx
	movzwl	%ax, %edx
	movzb	%dl, %ebx
	movzw	counter, %esi
	movsbl	%cl, %ecx
	movsbw	%al, %ax
	movswl	(%edi), %ebp
	movsb	%bh, %edi
	movsw	4(%esp), %eax
	movzx	%al, %eax
	movzxb	(%eax), %ebx
	movzxw	%cx, %edx
	movsx	%dl, %si
	movsxw	buffer, %eax
exchange_forms:
	xchg	%eax, %ecx
	xchg	%ebx, %eax
	xchg	%ax, %dx
	xchg	%ecx, %edx
	xchg	%al, %ah
	xchg	(%esi), %ebx
	xchgl	%eax, counter
	lock xchg %ecx, (%edi)
	cmpxchg	%ecx, (%edx)
	lock cmpxchgl %ebx, lockword
	cmpxchgb %al, %bl
	xadd	%eax, (%ebx)
	lock xaddl %ecx, lockword
	xaddw	%ax, %dx
	bswap	%eax
	bswap	%edi
	cmpxchg8b	(%esi)
	lock cmpxchg8b lockword
address_forms:
	lea	(%eax), %edx
	lea	4(%ebx), %esi
	lea	-8(%ebp), %ebx
	lea	0x100(%esi), %esp
	lea	(%esp), %ecx
	lea	8(%esp), %edi
	lea	(%ebx,%esi), %edx
	lea	12(%ebx,%edi,4), %edi
	lea	(,%ecx,8), %esi
	lea	table(,%eax,4), %edi
	lea	counter, %esi
	lea	counter+4, %ecx
	lea	-0x80(%ebp,%edx,2), %ecx
	leaw	(%eax), %ax
	lds	(%eax), %esi
	les	farptr, %edi
	lss	stack_ptr, %esp
	lfs	4(%ebx), %eax
	lgs	(%ecx), %dx
	boundl	%eax, bounds
	bound	%dx, (%ebx)
stack_forms:
	push	%eax
	push	%bp
	pushl	counter
	pushw	(%eax)
	push	$1
	push	$0x1234
	push	$counter
	pushw	$-2
	push	%es
	push	%cs
	push	%ss
	push	%ds
	push	%fs
	push	%gs
	pushw	%ds
	pop	%ebx
	pop	%di
	popl	4(%esp)
	pop	%es
	pop	%ss
	pop	%ds
	pop	%fs
	pop	%gs
	popw	%es
	pusha
	popa
	pushaw
	popal
	pushf
	popf
	pushfw
	popfl
	enter	$16, $0
	enter	$0x100, $1
	leave
	leavew
flag_forms:
	clc
	stc
	cmc
	cld
	std
	lahf
	sahf
	nop
	nopl	(%eax)
	nopw	%ax
	pause
	xlat
	xlatb
	xlat	%es:(%ebx)
integer_end:
	.data
counter:	.long 0, 0
lockword:	.long 0, 0
bitmap:	.fill 8, 4, 0
buffer:	.fill 64, 1, 0
table:	.long integer_start, integer_end
farptr:	.long 0
	.word 0x10
stack_ptr:	.long 0x9000
	.word 0x18
bounds:	.long 0, 100
	# CMOVcc (P6): every condition, register and memory sources, both sizes
	cmovo %eax, %ebx
	cmovne %eax, %ebx
	cmovzw (%ecx), %dx
	cmovgl 4(%esp), %esi
	cmovb %cx, %ax
	cmovnae %edx, %ecx
	cmovpe 0x1234, %edi
	cmovnle %ebp, %esp
