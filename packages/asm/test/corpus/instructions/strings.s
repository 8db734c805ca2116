# String instructions with rep prefixes and explicit operands, port I/O, and prefixes written alone,
# before an instruction, and as segment overrides.
	.text
strings_start:
	movsb
	movsw
	movsl
	rep movsb
	rep movsl
	cmpsb
	cmpsw
	cmpsl
	repe cmpsb
	repne cmpsw
	scasb
	scasw
	scasl
	repe scasb
	repne scasw
	lodsb
	lodsw
	lodsl
	rep lodsb
	rep lodsl
	stosb
	stosw
	stosl
	rep stosb
	rep stosl
	insb
	insw
	insl
	rep insb
	rep insl
	outsb
	outsw
	outsl
	rep outsb
	rep outsl
	repz cmpsl
	repnz scasb
	rep; movsb
	cld; rep; stosl
	movsb	(%esi), (%edi)
	movsl	%ds:(%esi), %es:(%edi)
	movsw	%fs:(%esi), %es:(%edi)
	cmpsb	%es:(%edi), (%esi)
	scasb	%es:(%edi), %al
	scasl	(%edi)
	lodsb	(%esi), %al
	lodsl	%gs:(%esi), %eax
	lods	(%esi), %ax
	stosb	%al, %es:(%edi)
	stos	%eax, (%edi)
	insb	%dx, %es:(%edi)
	insl	%dx, (%edi)
	outsb	(%esi), %dx
	outsw	%cs:(%esi), %dx
	movsb	(%si), (%di)
	addr16 lodsb
	es lodsb
ports:
	in	$0x60, %al
	in	$0x40, %ax
	inl	$0x80, %eax
	in	%dx, %al
	in	%dx, %ax
	in	%dx, %eax
	inb	$0x64
	out	%al, $0x80
	out	%ax, $0x20
	outl	%eax, $0xcf
	out	%al, %dx
	out	%ax, %dx
	out	%eax, %dx
	outb	%dx
prefixes:
	lock
	incl	(%eax)
	lock incl (%eax)
	lock; addl $1, counter
	lock addl $1, %fs:(%eax)
	lock orb $1, (%ebx)
	lock andw $0xff, (%edx)
	lock subl %eax, (%ecx)
	lock xorl %eax, (%esi)
	lock adcl $0, (%edi)
	lock sbbl $0, 4(%edi)
	lock notl (%eax)
	lock negl (%eax)
	lock decl counter
	lock btcl $3, (%eax)
	rep
	repe
	repne
	cs
	ds
	es
	fs
	gs
	ss
	cs nop
	gs movl %eax, (%ebx)
	fs
	movl (%eax), %eax
	data16
	addr16
	data16 movsb
	data16 lgdt (%eax)
	movl %fs:counter, %eax
	movl %ss:(%eax), %ecx
	movl %ds:(%ebp), %ecx
	rep ret
	rep nop
	.data
counter:	.long 0
# The port written as objdump prints it: (%dx).
	in	(%dx), %al
	in	(%dx), %eax
	out	%ax, (%dx)
	insb	(%dx), %es:(%edi)
	outsl	%ds:(%esi), (%dx)
	rep insw	(%dx), %es:(%edi)
