# Alignment in code (NOP padding for every length), in data (zeros) and with fill/max-skip.
	.text
start:
	.byte 0xcc
	.balign 64
	.fill 62, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 61, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 60, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 59, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 58, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 57, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 56, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 55, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 54, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 53, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 52, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 51, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 50, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 49, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 48, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 47, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 46, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 45, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 44, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 43, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 42, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 41, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 40, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 39, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 38, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 37, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 36, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 35, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 34, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 33, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 32, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 31, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 30, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 29, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 28, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 27, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 26, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 25, 1, 0xcc
	.byte 0xcc
	.balign 64
	.fill 24, 1, 0xcc
	.p2align 6
	.fill 63, 1, 0xcc
	.p2align 7
	nop
	.p2align 8
	nop
	.align 16
	nop
	.align 16, 0x90
	nop
	.balign 8, 0xf4
	nop
	.p2align 4, 0x90, 3
	nop
	.p2align 4,,7
	nop
	.p2align 4,,15
	.balignw 8, 0x1234
	nop
	.balign 4, 0x90
	.balignl 16, 0xdeadbeef
	nop
	.balign 2, 0x90
	.p2alignw 3, 0x9090
	nop
	.balign 4, 0x90
	.p2alignl 4, 0x12345678
	.align 1
	.balign 4
	.balign 4
	.p2align 0
	.data
data_start:
	.byte 1
	.align 4
	.byte 2
	.balign 16
	.byte 3
	.p2align 5
	.byte 4
	.align 8, 0xee
	.long . - data_start
	.section .text.aligned, "ax"
	nop
	.p2align 5
aligned_label:
	nop
	.section .rodata.aligned, "a"
	.byte 1
	.p2align 3
	.quad 5
	.text
after:
	.long after - start, aligned_label
