# Real-mode code: a boot-sector-like entry in .code16 with 16-bit addressing, operand- and
# address-size prefixes, the switch to protected mode, and back to .code32.
	.text
	.code16
	.globl	real_start
real_start:
	cli
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$0x7c00, %sp
	sti
	cld
	mov	(%bx), %ax
	movb	%cl, (%bx)
	addw	$1, (%bx)
	lea	(%bx), %si
	mov	(%bp), %ax
	movb	%cl, (%bp)
	addw	$1, (%bp)
	lea	(%bp), %si
	mov	(%si), %ax
	movb	%cl, (%si)
	addw	$1, (%si)
	lea	(%si), %si
	mov	(%di), %ax
	movb	%cl, (%di)
	addw	$1, (%di)
	lea	(%di), %si
	mov	(%bx,%si), %ax
	movb	%cl, (%bx,%si)
	addw	$1, (%bx,%si)
	lea	(%bx,%si), %si
	mov	(%bx,%di), %ax
	movb	%cl, (%bx,%di)
	addw	$1, (%bx,%di)
	lea	(%bx,%di), %si
	mov	(%bp,%si), %ax
	movb	%cl, (%bp,%si)
	addw	$1, (%bp,%si)
	lea	(%bp,%si), %si
	mov	(%bp,%di), %ax
	movb	%cl, (%bp,%di)
	addw	$1, (%bp,%di)
	lea	(%bp,%di), %si
	mov	4(%bx,%di), %ax
	movb	%cl, 4(%bx,%di)
	addw	$1, 4(%bx,%di)
	lea	4(%bx,%di), %si
	mov	-2(%bp), %ax
	movb	%cl, -2(%bp)
	addw	$1, -2(%bp)
	lea	-2(%bp), %si
	mov	0x80(%si), %ax
	movb	%cl, 0x80(%si)
	addw	$1, 0x80(%si)
	lea	0x80(%si), %si
	mov	0x1234(%bp,%si), %ax
	movb	%cl, 0x1234(%bp,%si)
	addw	$1, 0x1234(%bp,%si)
	lea	0x1234(%bp,%si), %si
	mov	message(%bx), %ax
	movb	%cl, message(%bx)
	addw	$1, message(%bx)
	lea	message(%bx), %si
	mov	%es:(%di), %ax
	movb	%cl, %es:(%di)
	addw	$1, %es:(%di)
	incw	%es:(%di)
	mov	%ss:(%bp), %ax
	movb	%cl, %ss:(%bp)
	addw	$1, %ss:(%bp)
	incw	%ss:(%bp)
	mov	%ds:(%bp), %ax
	movb	%cl, %ds:(%bp)
	addw	$1, %ds:(%bp)
	incw	%ds:(%bp)
	mov	message, %ax
	movb	%cl, message
	addw	$1, message
	lea	message, %si
	mov	message+2, %ax
	movb	%cl, message+2
	addw	$1, message+2
	lea	message+2, %si
	mov	(%eax), %ax
	mov	4(%esp), %ecx
	movl	$0x12345678, %eax
	mov	%eax, %ebx
	add	$1, %eax
	add	$0x100, %ax
	push	$1
	pushl	$0x10000
	pushw	%cs
	pushl	%ds
	pop	%es
	pushf
	popfl
	pusha
	popal
	movzbw	%al, %ax
	movzbl	(%si), %eax
	movswl	%ax, %edx
	shl	$1, %ax
	shll	$4, %eax
	imul	$10, %ax
	inc	%ax
	decl	%eax
	incb	(%bx)
	notw	2(%bp)
	setne	%al
	bt	$1, %ax
	btl	$1, %eax
	xchg	%ax, %bx
	xchg	%eax, %ecx
	cbw
	cwde
	lodsb
	stosw
	rep movsb
	rep movsl
	movsb	(%esi), (%edi)
	in	$0x92, %al
	or	$2, %al
	out	%al, $0x92
	int	$0x10
	int	$0x13
1:	lodsb
	test	%al, %al
	jz	2f
	mov	$0x0e, %ah
	int	$0x10
	jmp	1b
2:
	loop	2b
	jcxz	3f
	jecxz	3f
3:
	call	print
	call	*%ax
	call	*(%bx)
	calll	print
	jmp	*%bx
	jmp	*table16(%bx)
	lcall	$0x7c0, $print
	je	far16
	jmp	far16
	lgdt	gdt_pointer
	lgdtl	gdt_pointer
	lidt	idt_pointer
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmp	$0x08, $protected
	ljmpl	$0x08, $protected
	data32 call print
	addr32 movb (%eax), %al
	data32
	addr32
	fninit
	fnstsw	%ax
	fldl	(%bx)
	fistps	2(%bp)
	fxsave	(%si)
	iret
	iretl
	ret
	retl
	lret
	movw	$0x0, (%bx)
	movw	$0x1, (%bp)
	movw	$0x2, (%si)
	movw	$0x3, (%di)
	movw	$0x4, (%bx,%si)
	movw	$0x5, (%bx,%di)
	movw	$0x6, (%bp,%si)
	movw	$0x7, (%bp,%di)
	movw	$0x8, 4(%bx,%di)
	movw	$0x9, -2(%bp)
	movw	$0xa, 0x80(%si)
	movw	$0xb, 0x1234(%bp,%si)
	movw	$0xc, message(%bx)
	movw	$0xd, %es:(%di)
	movw	$0xe, %ss:(%bp)
	movw	$0xf, %ds:(%bp)
	movw	$0x10, message
	movw	$0x11, message+2
	movw	$0x12, (%bx)
	movw	$0x13, (%bp)
	movw	$0x14, (%si)
	movw	$0x15, (%di)
	movw	$0x16, (%bx,%si)
	movw	$0x17, (%bx,%di)
	movw	$0x18, (%bp,%si)
	movw	$0x19, (%bp,%di)
	movw	$0x1a, 4(%bx,%di)
	movw	$0x1b, -2(%bp)
	movw	$0x1c, 0x80(%si)
	movw	$0x1d, 0x1234(%bp,%si)
	movw	$0x1e, message(%bx)
	movw	$0x1f, %es:(%di)
	movw	$0x20, %ss:(%bp)
	movw	$0x21, %ds:(%bp)
	movw	$0x22, message
	movw	$0x23, message+2
	movw	$0x24, (%bx)
	movw	$0x25, (%bp)
	movw	$0x26, (%si)
	movw	$0x27, (%di)
far16:
	hlt
	jmp	far16
print:
	push	%bp
	mov	%sp, %bp
	enter	$4, $0
	leave
	ret
message:	.asciz "vmi386"
table16:	.word print, far16
gdt_pointer:	.word 23
	.long 0
idt_pointer:	.word 0x3ff
	.long 0
	.code32
protected:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	$0x90000, %esp
	mov	(%bx), %ax
	mov	(%si), %eax
	jmp	*%eax
	call	print
	jmp	far16
	ljmpw	$0x18, $real_start
