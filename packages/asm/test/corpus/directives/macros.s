# Macros: named, default, required and variadic parameters, \@, \(), .exitm, .purgem, nesting.
	.text
	.macro emit_byte value
	.byte \value
	.endm

	.macro pair first, second=0x22
	.byte \first, \second
	.endm

	.macro needs value:req, extra=1
	.byte \value + \extra
	.endm

	.macro list head, rest:vararg
	.byte \head
	.ascii "<\rest>"
	.endm

	.macro counter
	.ascii "\@;"
	.endm

	.macro concat prefix, suffix
	.byte \prefix\()\suffix
	.endm

	.macro label_maker name
\name\()_label:
	.long \name\()_label
	.endm

	.macro early_exit flag
	.byte 0xa0
	.if \flag
	.exitm
	.endif
	.byte 0xa1
	.endm

	.macro outer x
	inner \x+1
	.byte \x
	.endm
	.macro inner y
	.byte \y
	.endm

	.macro recursive depth
	.byte \depth
	.if \depth
	recursive (\depth-1)
	.endif
	.endm

	.macro save_regs
	pushl %eax
	pushl %ebx
	pushl %ecx
	.endm
	.macro restore_regs
	popl %ecx
	popl %ebx
	popl %eax
	.endm

	emit_byte 1
	emit_byte 2 + 3
	pair 3
	pair 4, 5
	pair second=6, first=7
	needs 8
	needs 9, 2
	needs extra=3, value=10
	list 11
	list 12, a, b, c
	list 13 x y
	counter
	counter
	concat 1, 4
	concat 0x, 2f
	label_maker first
	label_maker second
	early_exit 1
	early_exit 0
	outer 20
	recursive 5
	save_regs
	movl $1, %eax
	restore_regs
	counter

	.purgem emit_byte
	.macro emit_byte value
	.word \value
	.endm
	emit_byte 0x1234

	.macro quoted text
	.ascii "\text"
	.endm
	quoted "with spaces"
	quoted plain

	.macro op_macro insn, reg
	\insn %\reg
	.endm
	op_macro incl, eax
	op_macro decl, ebx
	op_macro pushl, esi

