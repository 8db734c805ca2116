# Directives that only talk or stop: .warning, .print, .att_syntax, .end (nothing after it counts).
	.att_syntax
	.text
	.byte 1
	.warning "this is only a warning"
	.print "printed by GNU as, ignored by vmi386"
	.pushsection .rodata
	.byte 2
	.previous
	.byte 3
	.previous
	.byte 4
	.popsection
	.byte 5
	.section .data
	.pushsection .text
	.byte 6
	.pushsection .bss
	.skip 2
	.popsection
	.byte 7
	.popsection
	.byte 8
	.end
	.byte 0xff
	this is not even assembled
