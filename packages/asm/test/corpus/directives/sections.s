# Sections, section stack, symbol binding and type, common symbols and relocations.
	.text
	.globl start
	.type start, @function
start:
	nop
	ret
	.size start, . - start

	.data
	.globl value
	.type value, @object
value:	.long 0x12345678
	.size value, 4
	.local hidden_local
hidden_local:
	.long value, start, external_sym, external_sym + 8, hidden_local

	.section .rodata
message:
	.asciz "hello"
	.long message, start + 1

	.section .text.init, "ax", @progbits
init_code:
	nop
	.long init_code

	.section .data.custom, "aw"
	.long 1, 2

	.section .note.vmi386, "a", @note
	.long 4, 4, 1
	.ascii "vmi\0"
	.long 0x12345678

	.section .annotations, "a"
	.long start, init_code, message

	.pushsection .text
	nop
	.popsection
	.long 3

	.text
	nop
	.data
	.long 4
	.previous
	nop
	.previous
	.long 5

	.bss
bss_start:
	.skip 16
bss_end:
	.lcomm lbuf, 10
	.lcomm lbyte, 1
	.lcomm lhalf, 2
	.lcomm lfour, 4
	.comm cbuf, 64, 16
	.comm cword, 4
	.comm cbig, 100

	.text
	.long bss_end - bss_start, lbuf, cbuf
	.weak weak_sym
	.long weak_sym
	.globl late_global
late_global:
	.word value
	.byte 3
	.long undefined_data + 4
	.section .merge_str, "aMS", @progbits, 1
	.asciz "merge me"
	.text
	.ident "vmi386 corpus"
	.file "sections.s"
