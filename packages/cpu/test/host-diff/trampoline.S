/* Enters a case with every register and EFLAGS from case_regs; returns when the SIGTRAP/fault handler
   redirects execution to resume_host (see harness.c). */
  .text
  .globl run_case, resume_host
run_case:
  push %ebp
  push %ebx
  push %esi
  push %edi
  mov %esp, saved_host_esp
  pushl case_regs + 32          /* EFLAGS, loaded while still on the host stack */
  popfl
  mov case_regs + 0, %eax
  mov case_regs + 4, %ecx
  mov case_regs + 8, %edx
  mov case_regs + 12, %ebx
  mov case_regs + 20, %ebp
  mov case_regs + 24, %esi
  mov case_regs + 28, %edi
  mov case_regs + 16, %esp
  jmp *case_regs + 36
resume_host:
  pop %edi
  pop %esi
  pop %ebx
  pop %ebp
  ret
  .section .note.GNU-stack, "", @progbits
