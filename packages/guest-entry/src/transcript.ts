/**
 * The console transcript of a complete, passing run of the fixture, with either backend, on any
 * platform (QEMU, `vmi386 run`). Nothing in it depends on timing: the kernel prints its banner
 * before any task runs, the three faulting tasks are killed one after the other (each waits
 * for the one before) while the checker is still waiting for them, and the checker prints only after
 * every other task has exited.
 */
export const EXPECTED_TRANSCRIPT = `vmi386 guest-entry: a Linux 2.6.16 entry.S fixture
tasks: checker int80-loop sysenter-loop stack16 x87-a x87-b fault-pf fault-iret fault-iret16
pid 7 (fault-pf) killed: page fault at 0x00001000, error 0x0004
pid 8 (fault-iret) killed: iret exception
pid 9 (fault-iret16) killed: iret exception
PASS system_call: int $0x80 loop, syscall trace
PASS sysenter_entry: vsyscall loop, syscall trace, badsys
PASS ldt_ss: 16-bit stack keeps ESP and registers (system calls, interrupts)
PASS device_not_available: x87 task a
PASS device_not_available: x87 task b
PASS syscall_fault and page fault: task killed
PASS iret_exc: task killed
PASS iret_exc from ldt_ss on the ESPFIX stack: task killed
PASS work_notifysig: signal delivered
PASS syscall_badsys: -ENOSYS
PASS resume_kernel: kernel preemption
PASS spinlock: interrupt taken in the STI window
PASS nmi
PASS nmi_16bit_stack
PASS device_not_available: lazy FPU restores
PASS WRMSR/RDMSR: SYSENTER_EIP reads back
PASS timer interrupt: jiffies advance
summary: 17 passed, 0 failed
`;

/** The value the checker writes to port 0xF4 when every check passed. */
export const PASSING_EXIT_STATUS = 0;
