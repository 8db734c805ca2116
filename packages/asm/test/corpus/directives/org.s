# .org forward (with fill) and .skip with a forward-declared size.
	.text
start:
	.byte 1
	.org 16
	.byte 2
	.org 0x20, 0xcc
	.byte 3
	.org start + 0x30
	.byte 4
	jmp start
	.org 0x50
	.long . - start
	.skip end - middle
middle:
	.byte 5
end:
	.data
	.org 8
	.long 1
	.org 0x10, 0xff
	.long 2
