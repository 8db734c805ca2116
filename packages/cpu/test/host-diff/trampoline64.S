/* The x86-64 build of trampoline.S: enters a case with the 32-bit registers and EFLAGS from
   case_regs (each write zero-extends, so RSP is the case's ESP), and returns when the SIGTRAP/fault
   handler redirects execution to resume_host (see harness.c). */
  .text
  .globl run_case, resume_host
run_case:
  push %rbp
  push %rbx
  push %r12
  push %r13
  push %r14
  push %r15
  mov %rsp, saved_host_esp(%rip)
  mov case_regs + 32(%rip), %eax   /* EFLAGS, loaded while still on the host stack */
  push %rax
  popfq
  mov case_regs + 36(%rip), %r11d  /* the stub */
  mov case_regs + 0(%rip), %eax
  mov case_regs + 4(%rip), %ecx
  mov case_regs + 8(%rip), %edx
  mov case_regs + 12(%rip), %ebx
  mov case_regs + 20(%rip), %ebp
  mov case_regs + 24(%rip), %esi
  mov case_regs + 28(%rip), %edi
  mov case_regs + 16(%rip), %esp
  jmp *%r11
resume_host:
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  pop %rbp
  ret
  .section .note.GNU-stack, "", @progbits
