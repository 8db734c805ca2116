/** `lib.S`: COM1 console, printk, the seed’s spinlock. The text of the file, embedded so that no file access is needed. */
// biome-ignore lint/complexity/noUselessStringRaw: every kernel file is embedded the same way, so that a backslash added later stays one
export const libS = String.raw`/*
 * lib.S: the COM1 console, printk, and the spinlock of the seed.
 */
	.text
serial_init:
	movw $(COM1 + 1), %dx		/* no UART interrupts */
	xorb %al, %al
	outb %al, %dx
	movw $(COM1 + 3), %dx		/* DLAB on */
	movb $0x80, %al
	outb %al, %dx
	movw $(COM1 + 0), %dx		/* 115200 baud */
	movb $0x01, %al
	outb %al, %dx
	movw $(COM1 + 1), %dx
	xorb %al, %al
	outb %al, %dx
	movw $(COM1 + 3), %dx		/* 8N1, DLAB off */
	movb $0x03, %al
	outb %al, %dx
	movw $(COM1 + 2), %dx		/* FIFOs on, cleared */
	movb $0xC7, %al
	outb %al, %dx
	movw $(COM1 + 4), %dx		/* DTR, RTS */
	movb $0x03, %al
	outb %al, %dx
	ret

/* %al = character: wait for the transmitter holding register, then send. */
serial_putc:
	movb %al, %ah
	movw $(COM1 + 5), %dx
1:	inb %dx, %al
	testb $0x20, %al
	jz 1b
	movb %ah, %al
	movw $COM1, %dx
	outb %al, %dx
	ret

/* console_write(%eax = buffer, %edx = length) -> length, under console_lock. */
console_write:
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %eax, %esi
	movl %edx, %edi
	movl $console_lock, %eax
	call _spin_lock_irqsave
	pushl %eax
	xorl %ebx, %ebx
1:	cmpl %edi, %ebx
	jae 2f
	movb (%esi,%ebx), %al
	call serial_putc
	incl %ebx
	jmp 1b
2:	popl %edx
	movl $console_lock, %eax
	call _spin_unlock_irqrestore
	movl %edi, %eax
	popl %edi
	popl %esi
	popl %ebx
	ret

/* printk(%eax = NUL-terminated string) */
ENTRY(printk)
	movl %eax, %edx
1:	cmpb $0, (%edx)
	je 2f
	incl %edx
	jmp 1b
2:	subl %eax, %edx
	jmp console_write

/* printk_hex(%eax = value, %edx = digits): "0x" and that many hex digits. */
printk_hex:
	subl $12, %esp
	movb $0x30, (%esp)		/* '0' */
	movb $0x78, 1(%esp)		/* 'x' */
	leal 2(%esp,%edx), %ecx		/* one past the last digit */
	pushl %edx
1:	decl %ecx
	pushl %eax
	andl $0xf, %eax
	movb hex_digits(%eax), %al
	movb %al, (%ecx)
	popl %eax
	shrl $4, %eax
	decl %edx
	jnz 1b
	popl %edx
	addl $2, %edx
	movl %esp, %eax
	call console_write
	addl $12, %esp
	ret

/* printk_dec(%eax = unsigned value) */
printk_dec:
	pushl %ebx
	subl $12, %esp
	leal 12(%esp), %ecx
	movl $10, %ebx
1:	xorl %edx, %edx
	divl %ebx
	addb $0x30, %dl		/* '0' */
	decl %ecx
	movb %dl, (%ecx)
	testl %eax, %eax
	jnz 1b
	leal 12(%esp), %edx
	subl %ecx, %edx
	movl %ecx, %eax
	call console_write
	addl $12, %esp
	popl %ebx
	ret

/*
 * The spinlock of the seed (include/asm-i386/spinlock.h, 2.6.16,
 * __raw_spin_lock_string_flags): the lock byte is 1 when free. Taken with
 * interrupts disabled; while it is held elsewhere the loop re-enables
 * interrupts if the caller had them enabled, spins, and disables them again
 * before retrying.
 *
 * _spin_lock_irqsave(%eax = lock) -> %eax = saved EFLAGS
 */
ENTRY(_spin_lock_irqsave)
	pushl %ebx
	movl %eax, %ebx
	SAVE_FL
	movl %eax, %edx			/* flags */
	CLI
	GET_THREAD_INFO(%ecx)
	incl TI_preempt_count(%ecx)
1:	lock; decb (%ebx)
	jns 4f
spin_wait_begin:
2:	testl $0x200, %edx
	jz 3f
	STI
3:	rep;nop
	cmpb $0, (%ebx)
	jle 3b
	CLI
spin_wait_end:
	jmp 1b
4:	movl %edx, %eax
	popl %ebx
	ret

/* _spin_unlock_irqrestore(%eax = lock, %edx = saved EFLAGS) */
ENTRY(_spin_unlock_irqrestore)
	movb $1, (%eax)
	GET_THREAD_INFO(%ecx)
	decl TI_preempt_count(%ecx)
	testl $IF_MASK, %edx
	jz 1f
	STI
1:	ret

	.section .rodata
hex_digits:
	.ascii "0123456789abcdef"

	.data
	.balign 4
	.globl console_lock, spin_test_lock
nmi_count:
	.long 0
nmi_16bit_count:
	.long 0
spin_irq_hits:
	.long 0
fpu_restores:
	.long 0
spin_test_release_at:
	.long 0
espfix_base:
	.long 0
console_lock:
	.byte 1
spin_test_lock:
	.byte 1
	.text
`;
