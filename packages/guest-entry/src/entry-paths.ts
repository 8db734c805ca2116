/**
 * The entry paths of the seed (the VMI patch to Linux 2.6.16 entry.S and spinlock.h), where the
 * fixture implements each, and what makes a run go through it. `docs/entry-paths.md` is this
 * table in prose; a test boots both images under QEMU and checks that every `label` is executed.
 */
export interface EntryPath {
  /** The seed's name for the path (a label of entry.S, or the macro site it patches). */
  path: string;
  /** The `<mach_asm.h>` macros on the path. */
  macros: readonly string[];
  /** Source file and the label (a symbol of the image) where the path starts. */
  file: string;
  label: string;
  /** What drives a run through it, and the checker line that reports it. */
  reachedBy: string;
}

export const entryPaths: readonly EntryPath[] = [
  {
    path: 'ret_from_exception (preempt_stop)',
    macros: ['CLI'],
    file: 'entry.S',
    label: 'ret_from_exception',
    reachedBy:
      'every exception handled through error_code: pid 2’s demand-page fault, the page faults of fault-pf and the iret fault of fault-iret',
  },
  {
    path: 'ret_from_intr',
    macros: [],
    file: 'entry.S',
    label: 'ret_from_intr',
    reachedBy: 'every timer interrupt (common_interrupt → do_IRQ → ret_from_intr); "PASS timer interrupt"',
  },
  {
    path: 'resume_userspace',
    macros: ['CLI'],
    file: 'entry.S',
    label: 'resume_userspace',
    reachedBy: 'timer interrupts taken in ring 3; syscall_badsys and syscall_fault returns',
  },
  {
    path: 'resume_kernel / need_resched (CONFIG_PREEMPT)',
    macros: ['CLI'],
    file: 'entry.S',
    label: 'need_resched',
    reachedBy:
      'the kspin system call busy-waits in the kernel with interrupts on; "PASS resume_kernel: kernel preemption"',
  },
  {
    path: 'preempt_schedule_irq',
    macros: ['STI', 'CLI'],
    file: 'sched.S',
    label: 'preempt_schedule_irq',
    reachedBy: 'a timer tick in kspin with TIF_NEED_RESCHED set (every tick sets it)',
  },
  {
    path: 'sysenter_entry / sysenter_past_esp',
    macros: ['STI', 'CLI', 'STI_SYSEXIT'],
    file: 'entry.S',
    label: 'sysenter_past_esp',
    reachedBy: 'sysenter-loop (pid 3) through __kernel_vsyscall; "PASS sysenter_entry"',
  },
  {
    path: 'system_call / syscall_call',
    macros: [],
    file: 'entry.S',
    label: 'syscall_call',
    reachedBy: 'int80-loop (pid 2) and every other int $0x80; "PASS system_call"',
  },
  {
    path: 'syscall_exit',
    macros: ['CLI'],
    file: 'entry.S',
    label: 'syscall_exit',
    reachedBy: 'every int $0x80 return; ret_from_fork enters each new task through it',
  },
  {
    path: 'restore_all / restore_nocheck',
    macros: ['IRET'],
    file: 'entry.S',
    label: 'restore_nocheck',
    reachedBy: 'every return through IRET',
  },
  {
    path: 'iret_exc (exception table)',
    macros: ['STI'],
    file: 'entry.S',
    label: 'iret_exc',
    reachedBy:
      'fault-iret (pid 8) empties the LDT entry of its code segment; IRET faults; "PASS iret_exc: task killed"',
  },
  {
    path: 'iret_exc from ldt_ss (error_code on the ESPFIX_SS stack)',
    macros: ['IRET', 'STI'],
    file: 'entry.S',
    label: 'error_code',
    reachedBy:
      'fault-iret16 (pid 9) does what fault-iret does from a 16-bit stack: the faulting IRET is ldt_ss’s, taken on the ESPFIX_SS stack, and UNWIND_ESPFIX_STACK switches back; "PASS iret_exc from ldt_ss on the ESPFIX stack"',
  },
  {
    path: 'ldt_ss',
    macros: ['CLI', 'IRET'],
    file: 'entry.S',
    label: 'ldt_ss',
    reachedBy:
      'stack16 (pid 4) makes system calls on a 16-bit LDT stack segment, then spins in ring 3, watching jiffies on the user data page with no system call, until a timer interrupt has found it there (timer_interrupt counts those per task) and checks that ldt_ss counted as many returns; "PASS ldt_ss: 16-bit stack keeps ESP and registers (system calls, interrupts)"',
  },
  {
    path: 'setup_x86_bogus_stack (ESPFIX_SS)',
    macros: [],
    file: 'traps.S',
    label: 'setup_x86_bogus_stack',
    reachedBy: 'every ldt_ss return to the 16-bit stack',
  },
  {
    path: 'work_pending / work_resched',
    macros: ['CLI'],
    file: 'entry.S',
    label: 'work_resched',
    reachedBy: 'sched_yield (the x87 tasks) and timer ticks in ring 3 set TIF_NEED_RESCHED',
  },
  {
    path: 'work_notifysig',
    macros: [],
    file: 'entry.S',
    label: 'work_notifysig',
    reachedBy: 'the checker sends itself a signal with kill; "PASS work_notifysig: signal delivered"',
  },
  {
    path: 'syscall_trace_entry',
    macros: [],
    file: 'entry.S',
    label: 'syscall_trace_entry',
    reachedBy: 'int80-loop and sysenter-loop with their trace flag on (settrace); they check the counts',
  },
  {
    path: 'syscall_exit_work',
    macros: ['STI'],
    file: 'entry.S',
    label: 'syscall_exit_work',
    reachedBy: 'the same traced calls, on their way out',
  },
  {
    path: 'syscall_badsys',
    macros: [],
    file: 'entry.S',
    label: 'syscall_badsys',
    reachedBy:
      'system call 1000 through int $0x80 (checker) and sysenter (sysenter-loop); "PASS syscall_badsys"',
  },
  {
    path: 'syscall_fault (sysenter sixth argument)',
    macros: [],
    file: 'entry.S',
    label: 'syscall_fault',
    reachedBy:
      'fault-pf (pid 7) enters with an unmapped user stack; "PASS syscall_fault and page fault: task killed"',
  },
  {
    path: 'device_not_available',
    macros: ['GET_CR0', 'CLI'],
    file: 'entry.S',
    label: 'device_not_available',
    reachedBy: 'x87-a and x87-b (pids 5, 6) after every switch; "PASS device_not_available: …"',
  },
  {
    path: 'math_state_restore (lazy FPU)',
    macros: ['CLTS'],
    file: 'traps.S',
    label: 'math_state_restore',
    reachedBy: 'the same #NM; schedule() saves the state with FNSAVE and sets TS through GET_CR0/SET_CR0',
  },
  {
    path: 'nmi',
    macros: [],
    file: 'entry.S',
    label: 'nmi',
    reachedBy: 'the nmitest system call raises vector 2 on the flat stack; "PASS nmi"',
  },
  {
    path: 'nmi_16bit_stack',
    macros: ['IRET'],
    file: 'entry.S',
    label: 'nmi_16bit_stack',
    reachedBy:
      'nmitest raises vector 2 again on the ESPFIX_SS stack (the state between ldt_ss’s lss and IRET); "PASS nmi_16bit_stack"',
  },
  {
    path: 'page_fault',
    macros: ['GET_CR2'],
    file: 'traps.S',
    label: 'do_page_fault',
    reachedBy:
      'int80-loop (pid 2): a read of its demand page (USER_DEMAND_PAGE), which do_page_fault maps and returns from; fault-pf: kernel-mode fault fixed up through the exception table, then a user-mode fault that kills it',
  },
  {
    path: 'general_protection',
    macros: [],
    file: 'entry.S',
    label: 'general_protection',
    reachedBy: 'fault-iret: IRET to an empty LDT code descriptor raises #GP in the kernel',
  },
  {
    path: 'error_code',
    macros: [],
    file: 'entry.S',
    label: 'error_code',
    reachedBy: 'page_fault, general_protection and iret_exc',
  },
  {
    path: 'timer interrupt',
    macros: [],
    file: 'traps.S',
    label: 'timer_interrupt',
    reachedBy: 'PIT channel 0 at 100 Hz on IRQ 0; "PASS timer interrupt: jiffies advance"',
  },
  {
    path: 'spinlock spin loop (STI_STRING / CLI_STRING)',
    macros: ['SAVE_FL', 'CLI', 'STI'],
    file: 'lib.S',
    label: 'spin_wait_begin',
    reachedBy:
      'spintest: the lock word is 0 until a timer tick taken inside the loop frees it; "PASS spinlock: interrupt taken in the STI window"',
  },
  {
    path: 'safe halt (idle)',
    macros: ['STI_HLT'],
    file: 'head.S',
    label: 'cpu_idle',
    reachedBy: 'the idle task whenever no task is runnable (at the latest after the checker’s kspin)',
  },
];

/** Seed paths the fixture has but no run can reach, and why. */
export const unreachedPaths: readonly { label: string; why: string }[] = [
  { label: 'device_not_available_emulate', why: 'CR0.EM is never set: the fixture has an FPU' },
  { label: 'work_notifysig_v86', why: 'no virtual-8086 mode' },
];
