# .rept, .irp and .irpc, nested and combined with macros and symbols.
	.text
	.rept 3
	.byte 0xee
	.endr
	.rept 0
	.byte 0xff
	.endr
	i = 0
	.rept 8
	.byte i * i
	i = i + 1
	.endr
	.irp reg, eax, ebx, ecx, edx, esi, edi, ebp
	pushl %\reg
	.endr
	.irp value, 1, 2, 3
	.long \value * 0x100
	.endr
	.irp empty
	.byte 0x99
	.endr
	.irpc ch, hello
	.ascii "\ch"
	.endr
	.irpc digit, 0123
	.byte \digit + 0x30
	.endr
	.rept 2
	.irp n, 4, 5
	.byte \n
	.endr
	.endr
	.macro table name, count
\name:
	.rept \count
	.long \name
	.endr
	.endm
	table t1, 2
	table t2, 3
	.rept 3
	nop
	.endr
	j = 10
	.rept 4
	.if j & 1
	.byte j
	.else
	.byte -j
	.endif
	j = j + 1
	.endr
