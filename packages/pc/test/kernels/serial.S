/*
 * Probes the 16550A the way drivers do (scratch, divisor latch, LSR, MSR, IIR with and without
 * FIFOs, loopback), then sends a message interrupt-driven: THR-empty interrupts on IRQ4 through the
 * 8259A, one byte per interrupt. Exits through isa-debug-exit with 0x33 (status 103).
 */
#include "multiboot-header.inc"
#include "idt.inc"
  .set COM1, 0x3f8

  /* Reads a port into the log (printing now would go through the very UART being probed). */
  .macro probe label, port, mask=0xff
  mov $\port, %dx
  inb %dx, %al
  and $\mask, %al
  movzbl %al, %eax
  mov log_end, %edi
  movl $\label, (%edi)
  mov %eax, 4(%edi)
  addl $8, log_end
  .endm

  .macro outp port, value
  mov $\port, %dx
  mov $\value, %al
  outb %al, %dx
  .endm

  .text
  .globl _start
_start:
  mov $stack_top, %esp
  set_gate 0x24, com1_interrupt
  lidt idt_pointer
  mov $0x11, %al; outb %al, $0x20; outb %al, $0xa0
  mov $0x20, %al; outb %al, $0x21
  mov $0x28, %al; outb %al, $0xa1
  mov $0x04, %al; outb %al, $0x21
  mov $0x02, %al; outb %al, $0xa1
  mov $0x01, %al; outb %al, $0x21; outb %al, $0xa1
  mov $0xef, %al; outb %al, $0x21             /* IRQ4 only */
  mov $0xff, %al; outb %al, $0xa1

  outp COM1 + 1, 0x00                         /* IER: nothing */
  outp COM1 + 7, 0xa5
  probe s_scr, COM1 + 7
  outp COM1 + 3, 0x80                         /* DLAB */
  outp COM1 + 0, 0x03                         /* 38400 baud */
  outp COM1 + 1, 0x00
  probe s_dll, COM1 + 0
  probe s_dlm, COM1 + 1
  outp COM1 + 3, 0x03                         /* 8N1 */
  probe s_lcr, COM1 + 3
  probe s_lsr, COM1 + 5
  probe s_iir, COM1 + 2
  outp COM1 + 2, 0x07                         /* FIFOs on and cleared */
  probe s_iir_fifo, COM1 + 2
  outp COM1 + 2, 0x00
  probe s_iir_nofifo, COM1 + 2

  /* Loopback: RTS, DTR, OUT1, OUT2 → CTS, DSR, RI, DCD; THR → RBR. */
  outp COM1 + 4, 0x1f
  probe s_msr_loop, COM1 + 6, 0xf0
  outp COM1 + 0, 0x5a
  probe s_lsr_loop, COM1 + 5
  probe s_rbr_loop, COM1 + 0
  probe s_lsr_after, COM1 + 5
  outp COM1 + 4, 0x10
  probe s_msr_loop0, COM1 + 6, 0xf0

  /* Interrupt-driven transmission. */
  outp COM1 + 4, 0x0b                         /* DTR, RTS, OUT2: IRQ4 reaches the PIC */
  outp COM1 + 1, 0x02                         /* IER: THR empty */
  /* Wait for the last interrupt without a lost wake-up: test with interrupts off, then `sti; hlt`
     (the STI shadow lets no interrupt in before HLT starts waiting). */
1: cli
  cmpl $0, done
  jne 2f
  sti
  hlt
  jmp 1b
2:
  probe s_iir_end, COM1 + 2
  mov $log, %ebx
3: cmp log_end, %ebx
  jae 4f
  mov (%ebx), %esi
  mov 4(%ebx), %eax
  call field
  add $8, %ebx
  jmp 3b
4: mov $s_count, %esi; mov interrupts, %eax; call field
  mov $s_first_iir, %esi; mov first_iir, %eax; call field
  mov $0x33, %al
  outb %al, $0xf4
5: hlt
  jmp 5b

com1_interrupt:
  push %eax
  push %edx
  push %esi
  mov $COM1 + 2, %dx
  inb %dx, %al                                /* reading IIR acknowledges THR empty */
  cmpl $0, interrupts
  jne 1f
  movzbl %al, %eax
  mov %eax, first_iir
1: incl interrupts
  mov next_byte, %esi
  lodsb
  test %al, %al
  jz 2f
  mov $COM1, %dx
  outb %al, %dx
  mov %esi, next_byte
  jmp 3f
2: mov $COM1 + 1, %dx
  xor %al, %al
  outb %al, %dx                               /* IER: off */
  movl $1, done
3: mov $0x20, %al
  outb %al, $0x20
  pop %esi
  pop %edx
  pop %eax
  iret

#include "console.inc"

  .data
idt_pointer: .word 256 * 8 - 1
  .long idt
next_byte: .long message
log_end: .long log
message: .asciz "sent by IRQ4\n"
s_scr: .asciz "scr="
s_dll: .asciz "dll="
s_dlm: .asciz "dlm="
s_lcr: .asciz "lcr="
s_lsr: .asciz "lsr="
s_iir: .asciz "iir="
s_iir_fifo: .asciz "iir.fifo="
s_iir_nofifo: .asciz "iir.nofifo="
s_msr_loop: .asciz "msr.loopback="
s_lsr_loop: .asciz "lsr.loopback="
s_rbr_loop: .asciz "rbr.loopback="
s_lsr_after: .asciz "lsr.after-read="
s_msr_loop0: .asciz "msr.loopback-off="
s_count: .asciz "interrupts="
s_first_iir: .asciz "first-iir="
s_iir_end: .asciz "iir.end="

  .bss
  .align 8
idt: .space 256 * 8
log: .space 32 * 8
interrupts: .long 0
first_iir: .long 0
done: .long 0
  .space 4096
stack_top:
