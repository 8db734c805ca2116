// SYSENTER/SYSEXIT and their MSRs (Intel SDM Vol. 2B "SYSENTER" and "SYSEXIT"; Vol. 3A 5.8.7
// "Performing Fast Calls to System Procedures with the SYSENTER and SYSEXIT Instructions"). The standard
// GDT has the layout they need: SYSENTER_CS = 0x08, then 0x10 (SS), 0x18 (user CS), 0x20 (user SS).
import { describe, expect, it } from 'vitest';
import { runProgram } from './run.js';

const IF_BIT = 0x200;

const WRMSR = (index: number, value: string) => `
    movl $${index}, %ecx
    movl ${value}, %eax
    xorl %edx, %edx
    wrmsr`;

describe('SYSENTER and SYSEXIT (SDM Vol. 2B)', () => {
  it('SDM Vol. 2B "SYSENTER"/"SYSEXIT": enter ring 0 from the MSRs with IF cleared, return to ring 3 at EDX with ESP = ECX', () => {
    const r = runProgram({
      code: `
${WRMSR(0x174, '$0x08')}
${WRMSR(0x175, '$stack0_top - 64')}
${WRMSR(0x176, '$entry')}
    TO_RING3 user, 0x202
user:
    movl $back, %edx
    movl %esp, %ecx
    sysenter
entry:
    movl %esp, %ss:results + 0
    movw %cs, %ss:results + 4
    movw %ss, %ss:results + 8
    pushfl
    popl %ss:results + 12
    movl $0xabcd0000, %ecx
    sysexit
back:
    movl %esp, %ss:results + 16
    movw %cs, %ss:results + 20
    movw %ss, %ss:results + 24
    movl $stack3_top, %esp
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(r.at('stack0_top') - 64);
    expect(r.result(1) & 0xffff).toBe(0x08);
    expect(r.result(2) & 0xffff).toBe(0x10);
    expect(r.result(3) & IF_BIT).toBe(0); // SYSENTER clears IF
    expect(r.result(4)).toBe(0xabcd0000);
    expect(r.result(5) & 0xffff).toBe(0x1b);
    expect(r.result(6) & 0xffff).toBe(0x23);
  });

  it('SDM Vol. 2B "SYSENTER": #GP(0) when IA32_SYSENTER_CS is 0', () => {
    const r = runProgram({
      code: `
    TO_RING3 user
user:
fault:
    sysenter
    DONE`,
    });
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 2B "SYSEXIT": #GP(0) when CPL is not 0 (ring 3 and ring 1)', () => {
    for (const [macro, cs] of [
      ['TO_RING3', 0x1b],
      ['TO_RING1', 0x31],
    ] as const) {
      const r = runProgram({
        code: `
${WRMSR(0x174, '$0x08')}
    ${macro} start
start:
fault:
    sysexit
    DONE`,
      });
      expect(r.exception.vector).toBe(13);
      expect(r.exception.frame[0]).toBe(0);
      expect(r.exception.frame[1]).toBe(r.at('fault'));
      expect(r.exception.frame[2]).toBe(cs);
    }
  });

  it('SDM Vol. 2B "SYSEXIT": #GP(0) when IA32_SYSENTER_CS is 0', () => {
    const r = runProgram({ code: 'fault:\n    sysexit\n    DONE' });
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 2B "STI" and "SYSEXIT": STI; SYSEXIT with an interrupt pending delivers it only in ring 3, after SYSEXIT', () => {
    const r = runProgram(
      {
        code: `
    SET_GATE 0x50, irq, 0x08, 0x8e
${WRMSR(0x174, '$0x08')}
    movl $user, %edx
    movl $stack3_top, %ecx
    movw $0x23, %ax
    movw %ax, %ds
    movw %ax, %es
    sti
    sysexit
user:
    nop
    DONE
irq:
    movl 0(%esp), %eax
    movl %eax, %ss:results + 0
    movl 4(%esp), %eax
    movl %eax, %ss:results + 4
    iret`,
      },
      {
        setup(cpu) {
          cpu.setInterruptLine(true);
          cpu.interruptAcknowledge = () => {
            cpu.setInterruptLine(false);
            return 0x50;
          };
        },
      },
    );
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(r.at('user'));
    expect(r.result(1)).toBe(0x1b);
  });
});
