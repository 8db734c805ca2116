# Symbol table details: declared-only globals, weak undefined, local common, sizes and types.
	.globl declared_only
	.weak weak_undefined
	.long weak_undefined
	.type typed_undefined, @function
	.long typed_undefined
	.local local_common
	.comm local_common, 8, 4
	.long local_common
	.section .bss.page_aligned, "aw", @nobits
	.p2align 12
page:
	.skip 4096
	.data
	.p2align 3, 0xaa
	.byte 1
	.p2align 2, 0xbb
obj:
	.long 1, 2, 3
	.size obj, 12
	.type obj, %object
	.globl obj2
	.type obj2, STT_OBJECT
obj2:	.quad 0
	.size obj2, . - obj2
	.text
func:
	ret
	.type func, @function
	.size func, 1
	absolute_value = 0x12345678
	.globl absolute_value
	negative = -1
	expr_label = func + 1
	.long expr_label
