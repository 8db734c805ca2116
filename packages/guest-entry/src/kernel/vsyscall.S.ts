/** `vsyscall.S`: the vsyscall page with the SYSENTER trampoline. The text of the file, embedded so that no file access is needed. */
// biome-ignore lint/complexity/noUselessStringRaw: every kernel file is embedded the same way, so that a backslash added later stays one
export const vsyscallS = String.raw`/*
 * vsyscall.S: the page mapped read-only at VSYSCALL_BASE in every task, with
 * Linux's SYSENTER trampoline (arch/i386/kernel/vsyscall-sysenter.S). It is
 * linked inside the kernel image but runs at VSYSCALL_BASE, so it only uses
 * relative jumps, and the addresses the kernel needs are computed as offsets
 * into the page.
 */
	.section .vsyscall,"ax"
	.balign PAGE_SIZE
vsyscall_page:
__kernel_vsyscall:
	pushl %ecx
	pushl %edx
	pushl %ebp
.Lenter_kernel:
	movl %esp,%ebp
	sysenter

	/* 7: align return point with nop's to make disassembly easier */
	.space 7,0x90

	/* 14: System call restart point is here! (SYSENTER_RETURN - 2) */
	jmp .Lenter_kernel
	/* 16: System call normal return point is here! */
vsyscall_sysenter_return:
	pop %ebp
	pop %edx
	pop %ecx
	ret
	.balign PAGE_SIZE
vsyscall_end:

.set SYSENTER_RETURN, VSYSCALL_BASE + (vsyscall_sysenter_return - vsyscall_page)
.set VSYSCALL_ENTRY, VSYSCALL_BASE + (__kernel_vsyscall - vsyscall_page)
`;
