# The start of a Linux-2.6-style i386 kernel (head.S): 32-bit entry at a physical address, clearing
# BSS, building identity and PAGE_OFFSET page tables with addresses computed from link-time
# symbols, enabling paging, reloading the GDT and segments, and checking the CPU type with EFLAGS.

__PAGE_OFFSET = 0xC0000000
__BOOT_CS = 0x10
__BOOT_DS = 0x18
PTRS_PER_PGD = 1024
PAGE_SIZE = 4096
X86_CR0_PG = 0x80000000
X86_CR0_PE = 0x00000001
X86_CR4_PSE = 0x00000010

	.text
	.globl	startup_32
startup_32:
	cld
	lgdt	boot_gdt_descr - __PAGE_OFFSET
	movl	$(__BOOT_DS), %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs

# Clear BSS first so that there are no surprises.
	xorl	%eax, %eax
	movl	$__bss_start - __PAGE_OFFSET, %edi
	movl	$__bss_stop - __PAGE_OFFSET, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	rep ; stosl

# Copy the boot parameters out of the way.
	movl	$(boot_params - __PAGE_OFFSET), %edi
	movl	$(0x800 / 4), %ecx
	cld
	rep
	movsl
	movl	boot_params - __PAGE_OFFSET + 0x228, %esi
	andl	%esi, %esi
	jz	1f
	movl	$(saved_command_line - __PAGE_OFFSET), %edi
	movl	$(2048 / 4), %ecx
	rep
	movsl
1:

# Initialize page tables: identity-map and map at PAGE_OFFSET as much as the kernel needs.
page_pde_offset = (__PAGE_OFFSET >> 20)
	movl	$(pg0 - __PAGE_OFFSET), %edi
	movl	$(swapper_pg_dir - __PAGE_OFFSET), %edx
	movl	$0x007, %eax
10:
	leal	0x007(%edi), %ecx
	movl	%ecx, (%edx)
	movl	%ecx, page_pde_offset(%edx)
	addl	$4, %edx
	movl	$1024, %ecx
11:
	stosl
	addl	$0x1000, %eax
	loop	11b
	leal	(0x007 + 0x100000)(%edi), %ebp
	cmpl	%ebp, %eax
	jb	10b
	movl	%edi, (init_pg_tables_end - __PAGE_OFFSET)

# Enable paging and jump to the virtual address.
	movl	$swapper_pg_dir - __PAGE_OFFSET, %eax
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$X86_CR4_PSE, %eax
	movl	%eax, %cr4
	movl	%cr0, %eax
	orl	$X86_CR0_PG, %eax
	movl	%eax, %cr0
	ljmp	$__BOOT_CS, $1f
1:
	lss	stack_start, %esp

# Check the CPU: can we flip AC (486) and ID (CPUID)?
	pushl	$0
	popfl
	movl	$3, x86
	pushfl
	popl	%eax
	movl	%eax, %ecx
	xorl	$0x40000, %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	xorl	%ecx, %eax
	pushl	%ecx
	popfl
	testl	$0x40000, %eax
	je	is386
	movl	$4, x86
	movl	%ecx, %eax
	xorl	$0x200000, %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	xorl	%ecx, %eax
	pushl	%ecx
	popfl
	andl	$0x200000, %eax
	je	is486
	xorl	%eax, %eax
	cpuid
	movl	%eax, X86_CPUID
	movl	%ebx, X86_VENDOR_ID
	movl	%edx, X86_VENDOR_ID + 4
	movl	%ecx, X86_VENDOR_ID + 8
	orl	%eax, %eax
	je	is486
	movl	$1, %eax
	cpuid
	movb	%al, %cl
	andb	$0x0f, %ah
	movb	%ah, x86
	andb	$0xf0, %al
	movb	%al, x86_model
	andb	$0x0f, %cl
	movb	%cl, x86_mask
	movl	%edx, x86_capability
is486:
	movl	$0x50022, %ecx
	jmp	2f
is386:
	movl	$2, %ecx
2:
	movl	%cr0, %eax
	andl	$0x80000011, %eax
	orl	%ecx, %eax
	movl	%eax, %cr0
	call	check_x87
	lgdt	early_gdt_descr
	lidt	idt_descr
	ljmp	$(__BOOT_CS), $1f
1:
	movl	$(__BOOT_DS), %eax
	movl	%eax, %ss
	movl	%eax, %ds
	movl	%eax, %es
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	lldt	%ax
	cld
	call	start_kernel
L6:
	jmp	L6

# Is there an FPU? Set MP or EM in CR0 accordingly.
check_x87:
	movb	$0, X86_HARD_MATH
	clts
	fninit
	fstsw	%ax
	cmpb	$0, %al
	je	1f
	movl	%cr0, %eax
	xorl	$4, %eax
	movl	%eax, %cr0
	ret
	.p2align 2
1:	movb	$1, X86_HARD_MATH
	.byte	0xDB, 0xE4
	ret

# Build the IDT with 256 entries pointing at ignore_int (interrupt gates).
setup_idt:
	lea	ignore_int, %edx
	movl	$(__BOOT_CS << 16), %eax
	movw	%dx, %ax
	movw	$0x8E00, %dx
	lea	idt_table, %edi
	mov	$256, %ecx
rp_sidt:
	movl	%eax, (%edi)
	movl	%edx, 4(%edi)
	addl	$8, %edi
	dec	%ecx
	jne	rp_sidt
	ret

ignore_int:
	cld
	pushl	%eax
	pushl	%ecx
	pushl	%edx
	pushl	%es
	pushl	%ds
	movl	$(__BOOT_DS), %eax
	movl	%eax, %ds
	movl	%eax, %es
	pushl	16(%esp)
	pushl	24(%esp)
	pushl	32(%esp)
	pushl	40(%esp)
	pushl	$int_msg
	call	printk
	addl	$(5 * 4), %esp
	popl	%ds
	popl	%es
	popl	%edx
	popl	%ecx
	popl	%eax
	iret

	.data
	.p2align 2
stack_start:
	.long	init_thread_union + 8192
	.long	__BOOT_DS
x86:	.byte	0
x86_model:	.byte	0
x86_mask:	.byte	0
	.p2align 2
x86_capability:	.long	0
X86_CPUID:	.long	0
X86_VENDOR_ID:	.fill	12, 1, 0
X86_HARD_MATH:	.byte	0
int_msg:	.asciz	"Unknown interrupt or fault at EIP %p %p %p\n"
	.p2align 2
	.word	0
idt_descr:
	.word	256 * 8 - 1
	.long	idt_table
	.word	0
early_gdt_descr:
	.word	8 * 32 - 1
	.long	0
	.word	0
boot_gdt_descr:
	.word	__BOOT_DS + 7
	.long	boot_gdt - __PAGE_OFFSET
	.p2align 3
boot_gdt:
	.fill	2, 8, 0
	.quad	0x00cf9a000000ffff
	.quad	0x00cf92000000ffff
