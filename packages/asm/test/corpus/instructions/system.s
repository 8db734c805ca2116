# System instructions: descriptor tables, tasks, protection checks, control and debug registers,
# segment registers, MSRs, fast system calls, caches and TLB, as a kernel entry path uses them.
	.text
	.globl	system_start
system_start:
	cli
	lgdt	gdt_descriptor
	lidt	idt_descriptor
	lgdtl	(%eax)
	lidtw	(%ebx)
	sgdt	saved_gdt
	sidt	saved_idt
	sgdtl	4(%esp)
	lldt	%ax
	lldt	ldt_selector
	sldt	%eax
	sldt	%dx
	sldt	(%edi)
	ltr	%bx
	ltr	tss_selector
	str	%eax
	str	%cx
	str	saved_tr
	lmsw	%ax
	lmsw	(%esi)
	smsw	%eax
	smsw	%dx
	smsw	saved_msw
	clts
	arpl	%ax, %bx
	arpl	%cx, (%edx)
	lar	%eax, %ecx
	lar	%ax, %dx
	lar	(%ebx), %esi
	lsl	%eax, %ecx
	lsl	segment_sel, %eax
	lslw	%bx, %di
	verr	%ax
	verr	(%ecx)
	verw	%dx
	verw	segment_sel
	invlpg	(%eax)
	invlpg	0x1000(%ebx)
	invlpg	page
	wbinvd
	invd
	hlt
	sti
	mov	%cr0, %eax
	movl	%ebx, %cr0
	mov	%cr0, %edi
	mov	%cr2, %eax
	movl	%ebx, %cr2
	mov	%cr2, %edi
	mov	%cr3, %eax
	movl	%ebx, %cr3
	mov	%cr3, %edi
	mov	%cr4, %eax
	movl	%ebx, %cr4
	mov	%cr4, %edi
	mov	%dr0, %ecx
	movl	%edx, %dr0
	mov	%dr1, %ecx
	movl	%edx, %dr1
	mov	%dr2, %ecx
	movl	%edx, %dr2
	mov	%dr3, %ecx
	movl	%edx, %dr3
	mov	%dr4, %ecx
	movl	%edx, %dr4
	mov	%dr5, %ecx
	movl	%edx, %dr5
	mov	%dr6, %ecx
	movl	%edx, %dr6
	mov	%dr7, %ecx
	movl	%edx, %dr7
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %fs
	mov	%ax, %gs
	mov	%ax, %ss
	mov	%cs, %eax
	mov	%ss, %bx
	movw	%ds, saved_ds
	mov	saved_ds, %es
	mov	$0x174, %ecx
	rdmsr
	wrmsr
	rdtsc
	rdpmc
	cpuid
	sysenter
	sysexit
	sti
	sysexit
	sti; hlt
	pause
	ud2
	.data
gdt_descriptor:	.word 0x27
	.long gdt
idt_descriptor:	.word 0x7ff
	.long idt
gdt:	.fill 5, 8, 0
idt:	.fill 8, 8, 0
saved_gdt:	.fill 6, 1, 0
saved_idt:	.fill 6, 1, 0
ldt_selector:	.word 0x28
tss_selector:	.word 0x30
saved_tr:	.word 0
saved_msw:	.word 0
segment_sel:	.word 0x10
saved_ds:	.word 0
	.p2align 12
page:	.long 0
