// A tiny Multiboot kernel linked like vmlinux (virtual 0xC0100000, physical 0x00100000): it
// prints a message held in .rodata (addressed through its virtual address minus PAGE_OFFSET,
// so the relocation to the virtual address is exercised) on COM1 and leaves QEMU through
// isa-debug-exit.
export const MULTIBOOT_KERNEL = `
	PAGE_OFFSET = 0xC0000000
	.section .multiboot, "a"
	.p2align 2
	.long 0x1BADB002, 0, -0x1BADB002

	.text
	.globl _start
	.type _start, @function
_start:
	movl $(message - PAGE_OFFSET), %esi
	movl $(message_end - message), %ecx
	movw $0x3f8, %dx
1:	movb (%esi), %al
	outb %al, %dx
	incl %esi
	loop 1b
	movw $0xf4, %dx
	movb $0x10, %al
	outb %al, %dx
2:	hlt
	jmp 2b
	.size _start, . - _start

	.section .rodata
message:
	.ascii "hello from vmi386 asm\\n"
message_end:

	.data
counter:
	.long message, _start

	.bss
	.lcomm stack, 4096
`;
