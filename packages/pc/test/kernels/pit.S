/*
 * 8254 programming as kernels do it, reporting only what does not depend on how fast time passes:
 * read-back status bytes (OUT, access, mode) after programming, a latched count within range, a
 * mode 0 one-shot interrupt on IRQ0 and OUT going high, and channel 2 gated through port 0x61
 * reaching terminal count. Exits through isa-debug-exit with 0x44 (status 137).
 */
#include "multiboot-header.inc"
#include "idt.inc"

  /* Latches channel N's status with the read-back command and prints it. */
  .macro status label, channel, mask=0xff
  mov $(0xe0 | (2 << \channel)), %al
  outb %al, $0x43
  inb $(0x40 + \channel), %al
  and $\mask, %al
  movzbl %al, %eax
  mov $\label, %esi
  call field
  .endm

  .text
  .globl _start
_start:
  mov $stack_top, %esp
  set_gate 0x20, timer
  lidt idt_pointer
  mov $0x11, %al; outb %al, $0x20; outb %al, $0xa0
  mov $0x20, %al; outb %al, $0x21
  mov $0x28, %al; outb %al, $0xa1
  mov $0x04, %al; outb %al, $0x21
  mov $0x02, %al; outb %al, $0xa1
  mov $0x01, %al; outb %al, $0x21; outb %al, $0xa1
  mov $0xff, %al; outb %al, $0x21; outb %al, $0xa1

  /* Channel 0, mode 2, 100 Hz. */
  mov $0x34, %al; outb %al, $0x43
  mov $0x9c, %al; outb %al, $0x40
  mov $0x2e, %al; outb %al, $0x40
  /* OUT is masked: the datasheet keeps mode 2's OUT high except in the last clock of each period,
     QEMU models it low between reloads. */
  status s_mode2, 0, 0x7f
  /* Counter latch: the count is in (0, 0x2e9c]. */
  mov $0x00, %al; outb %al, $0x43
  inb $0x40, %al
  mov %al, %cl
  inb $0x40, %al
  mov %al, %ch
  movzwl %cx, %eax
  xor %edx, %edx
  cmp $0, %eax
  je 1f
  cmp $0x2e9c, %eax
  ja 1f
  inc %edx
1: mov %edx, %eax
  mov $s_latch, %esi
  call field

  /* Channel 0, mode 3, lobyte only; a written 0 is 65536 (a 27 ms high half: OUT is high when read). */
  mov $0x16, %al; outb %al, $0x43
  mov $0x00, %al; outb %al, $0x40
  status s_mode3, 0

  /* IRR0 may hold an edge from the periodic modes above (masked IRQs still latch): ICW1 clears it,
     before the one-shot is armed so its own edge cannot be lost. */
  mov $0x11, %al; outb %al, $0x20
  mov $0x20, %al; outb %al, $0x21
  mov $0x04, %al; outb %al, $0x21
  mov $0x01, %al; outb %al, $0x21
  mov $0xff, %al; outb %al, $0x21

  /* Channel 0, mode 0 one-shot (65535 ticks, 55 ms): OUT low until terminal count, then IRQ0 once. */
  mov $0x30, %al; outb %al, $0x43
  mov $0xff, %al; outb %al, $0x40
  mov $0xff, %al; outb %al, $0x40
  status s_mode0_armed, 0
  mov $0xfe, %al; outb %al, $0x21
2: cli
  cmpl $0, ticks
  jne 3f
  sti
  hlt
  jmp 2b
3: status s_mode0_fired, 0
  mov $s_ticks, %esi; mov ticks, %eax; call field
  mov $0xff, %al; outb %al, $0x21

  /* Channel 2 through port 0x61: gate on, speaker off, mode 0, wait for OUT2 (bit 5). */
  inb $0x61, %al
  and $0xfc, %al
  or $0x01, %al
  outb %al, $0x61
  mov $0xb0, %al; outb %al, $0x43
  mov $100, %al; outb %al, $0x42
  mov $0, %al; outb %al, $0x42
  mov $10000000, %ecx
4: inb $0x61, %al
  test $0x20, %al
  jnz 5f
  loop 4b
5: inb $0x61, %al
  and $0x23, %al
  movzbl %al, %eax
  mov $s_port61, %esi; call field
  status s_ch2, 2

  mov $0x44, %al
  outb %al, $0xf4
6: hlt
  jmp 6b

timer:
  push %eax
  incl ticks
  mov $0x20, %al
  outb %al, $0x20
  pop %eax
  iret

#include "console.inc"

  .data
idt_pointer: .word 256 * 8 - 1
  .long idt
s_mode2: .asciz "status.mode2.without-out="
s_latch: .asciz "latch.in-range="
s_mode3: .asciz "status.mode3="
s_mode0_armed: .asciz "status.mode0.armed="
s_mode0_fired: .asciz "status.mode0.fired="
s_ticks: .asciz "irq0="
s_port61: .asciz "port61="
s_ch2: .asciz "status.ch2="

  .bss
  .align 8
idt: .space 256 * 8
ticks: .long 0
  .space 4096
stack_top:
