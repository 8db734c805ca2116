# Character constants with and without the closing quote, in directives and operands,
# including the characters that also separate operands and statements.
	.data
	.long	'0', 'a'+1, 'z
	.byte	'0, ',', ';', '\'', '\\'
	.byte	',' ; .byte ';'
	.text
	movl	$'0', %eax
	movl	$'0'+1, %eax
	movb	$',', %al
	movb	$'\'', %al
	movb	$';', %al ; movb $'x, %ah
	cmpb	$'a', (%esi)
	movw	$'0' << 8 | '1', %bx
