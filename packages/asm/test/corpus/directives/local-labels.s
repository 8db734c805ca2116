# Numeric local labels: redefinition, backward and forward references, in jumps and data.
	.text
1:	nop
	jmp 1b
	jmp 1f
	nop
1:	nop
	jmp 1b
2:	jne 2b
	jne 2f
	.long 1b, 2b, 2f
2:	ret
	.rept 3
3:	.byte 3
	.long 3b
	.endr
	.long 3b - 1b
10:	jmp 10f
	.fill 10, 1, 0x90
10:	jmp 10b
	.macro loop_body
5:	decl %ecx
	jnz 5b
	.endm
	loop_body
	loop_body
0:	jmp 0b
	jmp 0f
0:	nop
	.data
1:	.long 1b, 1f
1:	.long 1b
	.text
	.long 1b
