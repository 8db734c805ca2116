# Jump relaxation as GNU as does it: rel8 boundaries, growth chains, other sections, globals, weak, undefined.
	.text
	.globl global_target
	.weak weak_target
top:
	jmp fwd127
	.fill 127, 1, 0x90
fwd127:
	jmp fwd128
	.fill 128, 1, 0x90
fwd128:
	je fwd127b
	.fill 127, 1, 0x90
fwd127b:
	jne fwd128b
	.fill 128, 1, 0x90
fwd128b:
back128:
	.fill 126, 1, 0x90
	jmp back128
back129:
	.fill 127, 1, 0x90
	jmp back129
back128c:
	.fill 126, 1, 0x90
	jz back128c
back129c:
	.fill 127, 1, 0x90
	jz back129c
# A chain: each jump grows only because the next one grew.
	jmp chain_end
	jmp chain0
	.fill 1, 1, 0x90
chain0:
	jmp chain1
	.fill 1, 1, 0x90
chain1:
	jmp chain2
	.fill 1, 1, 0x90
chain2:
	jmp chain3
	.fill 1, 1, 0x90
chain3:
	jmp chain4
	.fill 1, 1, 0x90
chain4:
	jmp chain5
	.fill 1, 1, 0x90
chain5:
	jmp chain6
	.fill 1, 1, 0x90
chain6:
	jmp chain7
	.fill 1, 1, 0x90
chain7:
	jmp chain8
	.fill 1, 1, 0x90
chain8:
	jmp chain9
	.fill 1, 1, 0x90
chain9:
	jmp chain10
	.fill 1, 1, 0x90
chain10:
	jmp chain11
	.fill 1, 1, 0x90
chain11:
	jmp chain12
	.fill 1, 1, 0x90
chain12:
	jmp chain13
	.fill 1, 1, 0x90
chain13:
	jmp chain14
	.fill 1, 1, 0x90
chain14:
	jmp chain15
	.fill 1, 1, 0x90
chain15:
	jmp chain16
	.fill 1, 1, 0x90
chain16:
	jmp chain17
	.fill 1, 1, 0x90
chain17:
	jmp chain18
	.fill 1, 1, 0x90
chain18:
	jmp chain19
	.fill 1, 1, 0x90
chain19:
	jmp chain20
	.fill 1, 1, 0x90
chain20:
	jmp chain21
	.fill 1, 1, 0x90
chain21:
	jmp chain22
	.fill 1, 1, 0x90
chain22:
	jmp chain23
	.fill 1, 1, 0x90
chain23:
	jmp chain24
	.fill 1, 1, 0x90
chain24:
	jmp chain25
	.fill 1, 1, 0x90
chain25:
	jmp chain26
	.fill 1, 1, 0x90
chain26:
	jmp chain27
	.fill 1, 1, 0x90
chain27:
	jmp chain28
	.fill 1, 1, 0x90
chain28:
	jmp chain29
	.fill 1, 1, 0x90
chain29:
	jmp chain30
	.fill 1, 1, 0x90
chain30:
	jmp chain31
	.fill 1, 1, 0x90
chain31:
	jmp chain32
	.fill 1, 1, 0x90
chain32:
	jmp chain33
	.fill 1, 1, 0x90
chain33:
	jmp chain34
	.fill 1, 1, 0x90
chain34:
	jmp chain35
	.fill 1, 1, 0x90
chain35:
	jmp chain36
	.fill 1, 1, 0x90
chain36:
	jmp chain37
	.fill 1, 1, 0x90
chain37:
	jmp chain38
	.fill 1, 1, 0x90
chain38:
	jmp chain39
	.fill 1, 1, 0x90
chain39:
	.fill 40, 1, 0x90
chain_end:
	nop
cc_near:
	jo cc_near
	jno cc_near
	jb cc_near
	jc cc_near
	jnae cc_near
	jae cc_near
	jnb cc_near
	jnc cc_near
	je cc_near
	jz cc_near
	jne cc_near
	jnz cc_near
	jbe cc_near
	jna cc_near
	ja cc_near
	jnbe cc_near
	js cc_near
	jns cc_near
	jp cc_near
	jpe cc_near
	jnp cc_near
	jpo cc_near
	jl cc_near
	jnge cc_near
	jge cc_near
	jnl cc_near
	jle cc_near
	jng cc_near
	jg cc_near
	jnle cc_near
	.fill 100, 1, 0x90
	jo cc_far
	jno cc_far
	jb cc_far
	jc cc_far
	jnae cc_far
	jae cc_far
	jnb cc_far
	jnc cc_far
	je cc_far
	jz cc_far
	jne cc_far
	jnz cc_far
	jbe cc_far
	jna cc_far
	ja cc_far
	jnbe cc_far
	js cc_far
	jns cc_far
	jp cc_far
	jpe cc_far
	jnp cc_far
	jpo cc_far
	jl cc_far
	jnge cc_far
	jge cc_far
	jnl cc_far
	jle cc_far
	jng cc_far
	jg cc_far
	jnle cc_far
	.fill 200, 1, 0x90
cc_far:
	jmp global_target
	je global_target
global_target:
	nop
	jmp weak_target
	jne weak_target
weak_target:
	nop
	jmp undefined_target
	jg undefined_target
	jmp other_section
	jle other_section
	jmp top + 2
	jmp . + 2
	jmp .
	jmp 1f
	.p2align 7
1:	nop
	jmp 2f
	.balign 64
	.fill 60, 1, 0x90
2:	nop
	call global_target
	call local_function
	call undefined_function
local_function:
	ret
	loop local_function
	jecxz local_function
	jmp *%eax
	jmp *(%ebx)
	.section .text.other, "ax"
other_section:
	jmp top
	jmp other_section
	ret
