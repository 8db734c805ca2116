/** `head.S`: Multiboot entry, paging, GDT/IDT/TSS, SYSENTER MSRs, PIC, PIT, task creation, idle. The text of the file, embedded so that no file access is needed. */
export const headS = String.raw`/*
 * head.S: Multiboot entry, paging, descriptor tables, devices, the first tasks.
 *
 * Multiboot enters at startup_32 (physical) with paging off: until the jump to
 * high memory every absolute address is the linked virtual one minus
 * __PAGE_OFFSET. Those few instructions run before the kernel knows where it
 * is, so, as in Linux's head.S, they use the plain control-register
 * instructions rather than <mach_asm.h> hook points (a hook point patched into
 * a relative call would not reach the ROM from a physical address).
 */
#define MULTIBOOT_MAGIC		0x1BADB002
#define MULTIBOOT_FLAGS		0x00000000

	.text
	.balign 4
multiboot_header:
	.long MULTIBOOT_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

ENTRY(startup_32)
	cld
	/* Clear .bss. */
	xorl %eax, %eax
	movl $(__bss_start - __PAGE_OFFSET), %edi
	movl $(__bss_stop - __PAGE_OFFSET), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	rep stosl

	/* pg0 maps physical 0-4 MiB: supervisor, writable. */
	movl $(pg0 - __PAGE_OFFSET), %edi
	movl $0x003, %eax
1:	stosl
	addl $0x1000, %eax
	cmpl $(pg0 - __PAGE_OFFSET + PAGE_SIZE), %edi
	jne 1b

	/* Map it at 0 (for the next few instructions) and at PAGE_OFFSET. */
	movl $(pg0 - __PAGE_OFFSET + 0x003), %eax
	movl %eax, swapper_pg_dir - __PAGE_OFFSET
	movl %eax, swapper_pg_dir - __PAGE_OFFSET + (__PAGE_OFFSET >> 22) * 4
	movl $(swapper_pg_dir - __PAGE_OFFSET), %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP | CR0_NE | CR0_MP | CR0_TS), %eax
	andl $~CR0_EM, %eax
	movl %eax, %cr0
	movl $startup_high, %eax
	jmp *%eax

startup_high:
	/* Running at PAGE_OFFSET: take the idle task's stack, drop the identity mapping. */
	movl $(init_thread_union + THREAD_SIZE), %esp
	movl $0, swapper_pg_dir
	call paging_init
	GET_CR3
	SET_CR3

	lgdt cpu_gdt_descr
	ljmp $__KERNEL_CS, $1f
1:	/*
	 * The kernel's own stack selector carries the privilege level it runs
	 * at: 0 on bare hardware, 1 under a hypervisor (CS's RPL is the CPL).
	 * SS loads need RPL = CPL, so they use kernel_ds and espfix_ss.
	 */
	movl %cs, %eax
	andl $SEGMENT_RPL_MASK, %eax
	movl %eax, kernel_rpl
	orl %eax, kernel_ds
	orl %eax, espfix_ss
	movl kernel_ds, %eax
	movl %eax, %ss
	movl $(init_thread_union + THREAD_SIZE), %esp
	movl $__USER_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	pushl $0
	popfl

	call trap_init
	call cpu_init
	call serial_init
	call pic_init
	call pit_init

	movl $banner, %eax
	call printk
	call fork_tasks
	jmp cpu_idle

/*
 * User mappings: the .user pages at USER_CODE_BASE (read-only), one stack page
 * per task and the 16-bit stack page (read-write), the vsyscall page at
 * VSYSCALL_BASE and the user data page (jiffies) at USER_DATA_BASE, both
 * read-only. Kernel pages stay supervisor-only.
 */
paging_init:
	movl $(user_pgtable - __PAGE_OFFSET + 0x007), swapper_pg_dir + (USER_CODE_BASE >> 22) * 4
	movl $(user_start - __PAGE_OFFSET + 0x005), %eax
	movl $(user_pgtable + ((USER_CODE_BASE >> 12) & 1023) * 4), %edi
	movl $((user_end - user_start) >> 12), %ecx
1:	stosl
	addl $PAGE_SIZE, %eax
	loop 1b
	movl $(user_stack_pages - __PAGE_OFFSET + 0x007), %eax
	movl $(user_pgtable + ((USER_STACK_BASE >> 12) & 1023) * 4), %edi
	movl $NR_TASKS, %ecx
2:	stosl
	addl $PAGE_SIZE, %eax
	loop 2b
	movl $(user_stack16_page - __PAGE_OFFSET + 0x007), user_pgtable + ((USER_STACK16_PAGE >> 12) & 1023) * 4
	movl $(vsyscall_pgtable - __PAGE_OFFSET + 0x007), swapper_pg_dir + (VSYSCALL_BASE >> 22) * 4
	movl $(vsyscall_page - __PAGE_OFFSET + 0x005), vsyscall_pgtable + ((VSYSCALL_BASE >> 12) & 1023) * 4
	movl $(user_data_page - __PAGE_OFFSET + 0x005), vsyscall_pgtable + ((USER_DATA_BASE >> 12) & 1023) * 4
	ret

/* eax = address of a descriptor, edx = base: sets the descriptor's base fields. */
set_desc_base:
	movw %dx, 2(%eax)
	shrl $16, %edx
	movb %dl, 4(%eax)
	movb %dh, 7(%eax)
	ret

/* eax = vector, edx = handler, ecx = gate type and DPL (high half of the gate's second word). */
set_gate:
	leal idt_table(,%eax,8), %eax
	pushl %ebx
	movl %edx, %ebx
	andl $0x0000ffff, %ebx
	orl $(__KERNEL_CS << 16), %ebx
	movl %ebx, (%eax)
	andl $0xffff0000, %edx
	orl %ecx, %edx
	movl %edx, 4(%eax)
	popl %ebx
	ret

#define INTR_GATE	0x8E00
#define TRAP_GATE	0x8F00
#define SYSTEM_GATE	0xEF00

trap_init:
	pushl %ebx
	xorl %ebx, %ebx
1:	movl %ebx, %eax
	movl $ignore_int, %edx
	movl $INTR_GATE, %ecx
	call set_gate
	incl %ebx
	cmpl $256, %ebx
	jne 1b
	movl $trap_gates, %ebx
2:	movl (%ebx), %eax
	cmpl $-1, %eax
	je 3f
	movl 4(%ebx), %edx
	movl 8(%ebx), %ecx
	call set_gate
	addl $12, %ebx
	jmp 2b
3:	xorl %ebx, %ebx
4:	leal 0x20(%ebx), %eax
	leal irq_entries_start(,%ebx,8), %edx
	movl $INTR_GATE, %ecx
	call set_gate
	incl %ebx
	cmpl $16, %ebx
	jne 4b
	lidt idt_descr
	popl %ebx
	ret

/* TSS, LDT, ESPFIX descriptors; the TSS's esp0; SYSENTER MSRs. */
cpu_init:
	movl $(cpu_gdt_table + __TSS), %eax
	movl $init_tss, %edx
	call set_desc_base
	movl $(cpu_gdt_table + __LDT), %eax
	movl $(init_thread_union + TI_ldt), %edx
	call set_desc_base
	movl kernel_ds, %eax
	movl %eax, init_tss + TSS_ss0
	movl $(init_thread_union + THREAD_SIZE), init_tss + TSS_esp0
	movw $TSS_HW_SIZE, init_tss + TSS_iomap_base	/* beyond the limit: no I/O bitmap */
	movl $__TSS, %eax
	ltr %ax
	movl $__LDT, %eax
	SET_LDT

	/* SYSENTER needs the SEP feature (CPUID.1:EDX bit 11). */
	pushl %ebx
	movl $1, %eax
	CPUID
	popl %ebx
	testl $(1 << 11), %edx
	jnz 1f
	movl $no_sep_msg, %eax
	call panic
1:	movl $MSR_IA32_SYSENTER_CS, %ecx
	movl $__KERNEL_CS, %eax
	xorl %edx, %edx
	WRMSR
	movl $MSR_IA32_SYSENTER_ESP, %ecx
	movl $(init_tss + TSS_STRUCT_SIZE), %eax
	xorl %edx, %edx
	WRMSR
	movl $MSR_IA32_SYSENTER_EIP, %ecx
	movl $sysenter_entry, %eax
	xorl %edx, %edx
	WRMSR
	/* Read one back (RDMSR); the checker reports whether it matches. */
	movl $MSR_IA32_SYSENTER_EIP, %ecx
	RDMSR
	movl %eax, sysenter_eip_readback
	ret

/* The 8259 pair: IRQ 0-15 at vectors 0x20-0x2F, only the timer unmasked. */
pic_init:
	movb $0x11, %al
	outb %al, $0x20
	outb %al, $0xA0
	movb $0x20, %al
	outb %al, $0x21
	movb $0x28, %al
	outb %al, $0xA1
	movb $0x04, %al
	outb %al, $0x21
	movb $0x02, %al
	outb %al, $0xA1
	movb $0x01, %al
	outb %al, $0x21
	outb %al, $0xA1
	movb $0xFE, %al
	outb %al, $0x21
	movb $0xFF, %al
	outb %al, $0xA1
	ret

/* PIT channel 0, mode 2 (rate generator), HZ ticks per second. */
pit_init:
	movb $0x34, %al
	outb %al, $0x43
	movb $(LATCH & 0xff), %al
	outb %al, $0x40
	movb $(LATCH >> 8), %al
	outb %al, $0x40
	ret

/*
 * Tasks 1..NR_TASKS-1 start in ring 3 at their program's entry: each kernel
 * stack gets the pt_regs an interrupt from user mode would have left, and
 * under it the frame switch_to pops, returning into ret_from_fork.
 */
fork_tasks:
	pushl %ebx
	pushl %esi
	pushl %edi
	movl $1, %ebx
1:	movl %ebx, %edi
	shll $13, %edi
	addl $init_thread_union, %edi		/* edi = thread_info */
	movl %ebx, TI_pid(%edi)
	movl $TASK_RUNNING, TI_state(%edi)
	movl task_names(,%ebx,4), %eax
	movl %eax, TI_name(%edi)
	leal (THREAD_SIZE - PT_REGS_SIZE)(%edi), %esi	/* esi = pt_regs */
	movl $__USER_DS, OLDSS(%esi)
	movl %ebx, %eax
	shll $12, %eax
	addl $(USER_STACK_BASE + PAGE_SIZE), %eax
	movl %eax, OLDESP(%esi)
	movl $(IF_MASK | 0x2), EFLAGS(%esi)
	movl $__USER_CS, CS(%esi)
	movl task_entries(,%ebx,4), %eax
	movl %eax, EIP(%esi)
	movl $-1, ORIG_EAX(%esi)
	movl $__USER_DS, DS(%esi)
	movl $__USER_DS, ES(%esi)
	movl $ret_from_fork, -4(%esi)
	leal -20(%esi), %eax			/* ebp, ebx, esi, edi: zero */
	movl %eax, TI_esp(%edi)
	incl %ebx
	cmpl $NR_TASKS, %ebx
	jne 1b
	popl %edi
	popl %esi
	popl %ebx
	ret

/* The idle task (pid 0): halt until there is something to do. */
cpu_idle:
	GET_THREAD_INFO(%ebp)
1:	CLI
	testl $_TIF_NEED_RESCHED, TI_flags(%ebp)
	jnz 2f
	STI_HLT
	jmp 1b
2:	STI
	call schedule
	jmp 1b

	.section .rodata
banner:
	.ascii "vmi386 guest-entry: a Linux 2.6.16 entry.S fixture\n"
	.asciz "tasks: checker int80-loop sysenter-loop stack16 x87-a x87-b fault-pf fault-iret fault-iret16\n"
no_sep_msg:
	.asciz "the CPU has no SYSENTER (CPUID.1:EDX.SEP = 0)"

	.data
	.balign 8
cpu_gdt_table:
	.quad 0x0000000000000000	/* 0x00 null */
	.fill 11, 8, 0			/* 0x08-0x58 unused */
	.quad 0x00cf9a000000ffff	/* 0x60 kernel 4 GiB code */
	.quad 0x00cf92000000ffff	/* 0x68 kernel 4 GiB data */
	.quad 0x00cffa000000ffff	/* 0x73 user 4 GiB code */
	.quad 0x00cff2000000ffff	/* 0x7b user 4 GiB data */
	.quad 0x0000890000000067	/* 0x80 TSS (base set by cpu_init) */
	.quad 0x000082000000001f	/* 0x88 LDT (base set per task) */
	.fill 8, 8, 0			/* 0x90-0xC8 unused */
	.quad 0x00cf92000000ffff	/* 0xD0 ESPFIX_SS: 32-bit data, base set per use */
	.fill 5, 8, 0			/* 0xD8-0xF8 unused */

	.balign 4
	.word 0
cpu_gdt_descr:
	.word GDT_ENTRIES * 8 - 1
	.long cpu_gdt_table
	.word 0
idt_descr:
	.word 256 * 8 - 1
	.long idt_table

/* vector, handler, gate: the exceptions the fixture handles, Linux's choice of gate. */
	.balign 4
trap_gates:
	.long 0, divide_error, TRAP_GATE
	.long 2, nmi, INTR_GATE
	.long 6, invalid_op, TRAP_GATE
	.long 7, device_not_available, TRAP_GATE
	.long 8, double_fault, INTR_GATE
	.long 10, invalid_TSS, TRAP_GATE
	.long 11, segment_not_present, TRAP_GATE
	.long 12, stack_segment, TRAP_GATE
	.long 13, general_protection, TRAP_GATE
	.long 14, page_fault, INTR_GATE
	.long 0x80, system_call, SYSTEM_GATE
	.long -1

	.globl built_for_rpl, kernel_rpl
built_for_rpl:				/* the ring the backend's header was written for */
	.long KERNEL_RPL
kernel_rpl:				/* the ring the kernel found itself in at boot */
	.long 0
kernel_ds:				/* __KERNEL_DS | kernel_rpl */
	.long __KERNEL_DS
espfix_ss:				/* __ESPFIX_SS | kernel_rpl */
	.long __ESPFIX_SS

	.bss
	.balign PAGE_SIZE
swapper_pg_dir:
	.skip PAGE_SIZE
pg0:
	.skip PAGE_SIZE
user_pgtable:
	.skip PAGE_SIZE
	.globl demand_page
demand_page:				/* USER_DEMAND_PAGE once pid 2 touches it */
	.skip PAGE_SIZE
vsyscall_pgtable:
	.skip PAGE_SIZE
idt_table:
	.skip 256 * 8
	.balign 64
	.globl init_tss
init_tss:
	.skip TSS_STRUCT_SIZE
sysenter_eip_readback:
	.skip 4
`;
