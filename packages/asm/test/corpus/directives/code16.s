# .code16 and .code32: instructions, jumps (rel8 and rel16), data and NOP padding in 16-bit code.
	.text
	.code16
start16:
	movw $0x1234, %ax
	movl $0x12345678, %eax
	movw %ax, %ds
	jmp 1f
	nop
1:	jmp far16
	.fill 200, 1, 0x90
far16:
	je start16
	jne undefined16
	jmp undefined16
	call undefined16
	.word start16, far16 - start16
	.byte 0xcc
	.p2align 4
	.byte 0xcc
	.p2align 5
	.byte 0xcc, 0xcc, 0xcc
	.balign 32
	.long start32
	.code32
start32:
	movl $0x12345678, %eax
	movw $0x1234, %ax
	jmp start16
	.byte 0xcc
	.p2align 4
	.code16
	.fill 5, 1, 0xcc
	.p2align 5
	.fill 3, 1, 0xcc
	.p2align 7
	.code32
	ret
