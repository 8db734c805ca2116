/** `kernel.S`: the top-level unit: includes every other file in order. The text of the file, embedded so that no file access is needed. */
// biome-ignore lint/complexity/noUselessStringRaw: every kernel file is embedded the same way, so that a backslash added later stays one
export const kernelS = String.raw`/*
 * kernel.S: the vmi386 guest-entry fixture, one assembly unit. The order of
 * the includes matters only for the section-start labels below (each section's
 * pieces are laid out in source order) and for .set symbols used later.
 */
#include <mach_asm.h>
#include "defs.h"

	.section __ex_table,"a"
	.balign 4
__start___ex_table:
	.bss
	.balign 4
__bss_start:
	.text

#include "vsyscall.S"
#include "head.S"
#include "entry.S"
#include "traps.S"
#include "sched.S"
#include "lib.S"
#include "user.S"

	.bss
	.balign THREAD_SIZE
	.globl init_thread_union
init_thread_union:			/* task n's thread_info and kernel stack */
	.skip NR_TASKS * THREAD_SIZE
	.balign PAGE_SIZE
user_stack_pages:
	.skip NR_TASKS * PAGE_SIZE
user_stack16_page:
	.skip PAGE_SIZE
	/*
	 * The data user mode may read (mapped read-only at USER_DATA_BASE), as
	 * Linux's vDSO data page: jiffies, so that a task can wait for a tick
	 * with plain loads instead of system calls.
	 */
	.globl user_data_page, jiffies
user_data_page:
jiffies:
	.skip 4
	.balign PAGE_SIZE
	.balign 4
__bss_stop:

	.section __ex_table,"a"
__stop___ex_table:

	.if jiffies - user_data_page - (USER_JIFFIES - USER_DATA_BASE)
	.error "USER_JIFFIES is not where jiffies is on the user data page"
	.endif
	.if (USER_DATA_BASE >> 22) - (VSYSCALL_BASE >> 22)
	.error "the user data page must share the vsyscall page's page table"
	.endif
`;
