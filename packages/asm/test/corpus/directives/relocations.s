# Every relocation type GAS emits for i386 (REL, addend in the bytes), against local, global,
# weak, undefined, common and absolute targets, from data and from instructions.
	.text
	.globl global_fn
	.weak weak_fn
local_fn:
	ret
global_fn:
	ret
weak_fn:
	ret
	call local_fn
	call global_fn
	call weak_fn
	call undefined_fn
	call 0x1000
	jmp 0x2000
	jne 0x3000
	jmp *undefined_table(,%eax,4)
	movl $undefined_data, %eax
	movl $local_data + 8, %ebx
	movl undefined_data + 4, %ecx
	movl local_data, %edx
	movl common_obj, %esi
	leal global_data(%eax), %edi
	jecxz undefined_fn
	loop undefined_fn
	.data
local_data:
	.long 0
	.globl global_data
global_data:
	.long local_fn, global_fn, weak_fn, undefined_fn, common_obj
	.long local_fn + 4, global_fn - 4, undefined_fn + 0x100
	.long undefined_fn - ., local_fn - ., global_fn - ., 0x1234 - .
	.word local_fn, global_fn, undefined_fn, undefined_fn + 2
	.word undefined_fn - .
	.byte local_fn, undefined_fn, undefined_fn - .
	.long local_data - global_data, global_data - local_data
	.long . - local_data
	.comm common_obj, 16
	.code16
	.text
	jmp undefined16
	call undefined16
	jne undefined16
	movw $undefined16, %ax
	.code32
