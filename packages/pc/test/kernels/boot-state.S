/*
 * Reports the machine state a Multiboot loader hands over, then counts timer interrupts:
 * PIC remapped to 0x20, PIT channel 0 in mode 2 at ~1 kHz, HLT until five IRQ0s, EOI each.
 * Exits through isa-debug-exit with 0x2a (status 85).
 */
  .section .multiboot, "a"
  .align 4
  .long 0x1BADB002, 0x00000003, -(0x1BADB002 + 0x00000003)

  .text
  .globl _start
_start:
  mov %esp, saved_esp
  mov %eax, saved_eax
  mov %ebx, saved_ebx
  pushf
  pop saved_eflags
  mov $stack_top, %esp

  mov $s_eax, %esi; mov saved_eax, %eax; call field
  mov $s_ebx, %esi; mov saved_ebx, %eax; call field
  mov $s_esp, %esi; mov saved_esp, %eax; call field
  mov $s_eflags, %esi; mov saved_eflags, %eax; and $0x00020200, %eax; call field
  mov $s_cr0, %esi; mov %cr0, %eax; call field
  mov $s_cs, %esi; xor %eax, %eax; mov %cs, %ax; call field
  mov $s_ds, %esi; xor %eax, %eax; mov %ds, %ax; call field
  mov $s_ss, %esi; xor %eax, %eax; mov %ss, %ax; call field
  mov saved_ebx, %ebx
  mov $s_cmdline, %esi; call puts
  mov 16(%ebx), %esi; call puts
  mov $'\n', %al; call putc

  /* IDT: vector 0x20 -> timer, everything else absent. */
  mov $timer, %eax
  mov %ax, idt + 0x20 * 8
  movw $0x08, idt + 0x20 * 8 + 2
  movw $0x8e00, idt + 0x20 * 8 + 4
  shr $16, %eax
  mov %ax, idt + 0x20 * 8 + 6
  lidt idt_pointer

  /* 8259A: ICW1..ICW4, then unmask IRQ0 only. */
  mov $0x11, %al; outb %al, $0x20; outb %al, $0xa0
  mov $0x20, %al; outb %al, $0x21
  mov $0x28, %al; outb %al, $0xa1
  mov $0x04, %al; outb %al, $0x21
  mov $0x02, %al; outb %al, $0xa1
  mov $0x01, %al; outb %al, $0x21; outb %al, $0xa1
  mov $0xfe, %al; outb %al, $0x21
  mov $0xff, %al; outb %al, $0xa1

  /* 8254 channel 0, mode 2, count 1193. */
  mov $0x34, %al; outb %al, $0x43
  mov $1193 & 0xff, %al; outb %al, $0x40
  mov $1193 >> 8, %al; outb %al, $0x40

  sti
1: hlt
  cmpl $5, ticks
  jb 1b
  cli
  mov $s_ticks, %esi; mov ticks, %eax; call field

  /* Read back the ISR after the last EOI: nothing in service. */
  mov $0x0b, %al; outb %al, $0x20
  inb $0x20, %al
  movzbl %al, %eax
  mov $s_isr, %esi; call field

  /* UART scratch register round trip. */
  mov $0x5a, %al; mov $0x3ff, %dx; outb %al, %dx; inb %dx, %al
  movzbl %al, %eax
  mov $s_scr, %esi; call field

  mov $s_bye, %esi; call puts
  mov $0x2a, %al
  outb %al, $0xf4
  cli
2: hlt
  jmp 2b

timer:
  push %eax
  incl ticks
  mov $0x20, %al
  outb %al, $0x20
  pop %eax
  iret

#include "console.inc"

  .data
  .align 8
idt_pointer:
  .word 256 * 8 - 1
  .long idt
s_eax: .asciz "eax="
s_ebx: .asciz "ebx="
s_esp: .asciz "esp="
s_eflags: .asciz "eflags.vm_if="
s_cr0: .asciz "cr0="
s_cs: .asciz "cs="
s_ds: .asciz "ds="
s_ss: .asciz "ss="
s_cmdline: .asciz "cmdline="
s_ticks: .asciz "ticks="
s_isr: .asciz "isr="
s_scr: .asciz "scr="
s_bye: .asciz "bye\n"

  .bss
  .align 8
idt: .space 256 * 8
ticks: .long 0
saved_esp: .long 0
saved_eax: .long 0
saved_ebx: .long 0
saved_eflags: .long 0
  .space 4096
stack_top:
