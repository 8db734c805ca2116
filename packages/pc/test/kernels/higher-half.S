/*
 * Linked at 0xC0100000 (p_vaddr) and loaded at 0x100000 (p_paddr), like Linux: the loader must start
 * it at e_entry - p_vaddr + p_paddr, with paging off. It maps itself with one 4 MiB PSE page at both
 * 0 and 0xC0000000, jumps high, zero-checks its bss and prints from the high mapping.
 */
  .set KERNEL_BASE, 0xC0000000
  .section .multiboot, "a"
  .align 4
  .long 0x1BADB002, 0x00000003, -(0x1BADB002 + 0x00000003)

  .text
  .globl _start
_start:
  /* Still at physical addresses: every symbol reference subtracts KERNEL_BASE. */
  mov $(stack_top - KERNEL_BASE), %esp
  mov $(page_directory - KERNEL_BASE), %edi
  movl $0x00000083, (%edi)                  /* 0 MiB -> 0, 4 MiB page, present, writable */
  movl $0x00000083, (KERNEL_BASE >> 22) * 4(%edi)
  mov %edi, %cr3
  mov %cr4, %eax
  or $0x10, %eax                            /* CR4.PSE */
  mov %eax, %cr4
  mov %cr0, %eax
  or $0x80000000, %eax
  mov %eax, %cr0
  lea high, %eax
  jmp *%eax
high:
  mov $stack_top, %esp
  mov $s_hello, %esi
  call puts
  /* bss must be zero even though the loader's memory was not. */
  mov $bss_start, %edi
  mov $bss_end, %ecx
  sub %edi, %ecx
  xor %eax, %eax
  repe scasb
  setne %al
  mov $s_bss, %esi
  call field
  mov $0x07, %al
  outb %al, $0xf4
1: hlt
  jmp 1b

#include "console.inc"

  .data
s_hello: .asciz "higher half\n"
s_bss: .asciz "bss dirty="

  .bss
  .align 4096
page_directory: .space 4096
  .space 4096
stack_top:
bss_start:        /* never written: must read as zero */
  .space 8192
bss_end:
