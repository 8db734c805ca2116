/* The demo's first program: Fibonacci numbers into a table, then int3.
 * Preprocessed because it ends in .S: COUNT comes from a #define. */
#define COUNT 24

	.text
	.globl _start
_start:
	movl	$table, %edi
	xorl	%eax, %eax		# fib(0)
	movl	$1, %edx		# fib(1)
	movl	$COUNT, %ecx
1:	movl	%eax, (%edi)
	addl	$4, %edi
	xaddl	%eax, %edx		# eax = fib(n+1), edx = fib(n) + fib(n+1)
	loop	1b
	movl	table + 4 * (COUNT - 1), %ebx	# the last one computed
	int3

	.data
	.p2align 2
table:	.fill	COUNT, 4, 0
