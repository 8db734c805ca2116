# Data directives: every size, strings with escapes, fills, skips and forward references.
	.data
bytes:
	.byte 0, 1, 127, 128, 255, -1, -128
	.byte 'a, 'z, '0, '\n, '\t, '\\, 'A'
	.byte 0x7f, 0b1010, 017, 3 + 4 * 2
	.word 0, 1, 0x1234, 0xffff, -1, -32768
	.short 0x5678, 'x
	.hword 42
	.value 0x9abc
	.2byte 7
	.long 0, 1, 0x12345678, 0xffffffff, -1, -2147483648
	.int 0xdeadbeef
	.4byte 0x01020304
	.quad 0, 1, -1, 0x123456789abcdef0, 0x7fffffffffffffff
	.8byte 0x1122334455667788
strings:
	.ascii "plain"
	.ascii "escapes: \n\t\r\b\f\\\"\101\x42\0end"
	.ascii "two", "parts"
	.asciz "zero-terminated"
	.asciz "a", "b", ""
	.string "string directive"
	.ascii ""
	.ascii "semi;colon # hash"
fills:
	.fill 3
	.fill 2, 1, 0xaa
	.fill 2, 2, 0x1234
	.fill 3, 4, 0x89abcdef
	.fill 1, 8, 0x11223344
	.fill 0, 4, 5
	.skip 4
	.skip 3, 0xcc
	.space 5
	.space 2, 0x55
	.zero 6
forward:
	.long later, later - forward, end_of_data - bytes
	.word later - forward
	.byte later - forward
	.long . - bytes, . - bytes
later:
	.long 0x11111111
	.balign 4
end_of_data:
	.long end_of_data - later
	.text
	.long bytes, strings + 4, forward - 1
	.word later - bytes
	.byte end_of_data - later
