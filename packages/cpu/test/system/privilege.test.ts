// IRET in its forms and the IF/IOPL rules of IRET, POPF, CLI and STI at each CPL against IOPL
// (Intel SDM Vol. 2A "IRET/IRETD", "CLI", Vol. 2B "POPF/POPFD", "STI"; Vol. 1 3.4.3.3 "System Flags
// and IOPL Field"). These are the rules that make the i386 not classically virtualizable.
import { describe, expect, it } from 'vitest';
import { runProgram } from './run.js';

const GP = 13;
const IF = 0x200;
const IOPL3 = 0x3000;

/** Stores the EFLAGS value after `popfl` of `value` into results[0] (through SS, flat at every ring). */
const POPF = (value: number) => `
    pushl $${value}
    popfl
    pushfl
    popl %ss:results + 0`;

describe('IRET, POPF, CLI and STI privilege rules (SDM Vol. 2)', () => {
  it('SDM Vol. 2A "IRET/IRETD" (RETURN-TO-SAME-PRIVILEGE-LEVEL): pops EIP, CS and EFLAGS and nothing else', () => {
    const r = runProgram({
      code: `
    movl %esp, %esi
    pushl $0xcc7                 # CF PF ZF SF DF OF
    pushl $0x08
    pushl $target
    iret
target:
    pushfl
    popl results + 0
    cld
    subl %esp, %esi
    RESULT 1, %esi
    DONE`,
    });
    expect(r.done).toBe(true);
    expect(r.result(0) & 0x3fffff).toBe(0xcc7);
    expect(r.result(1)).toBe(0);
  });

  it('SDM Vol. 2A "IRET/IRETD" (RETURN-TO-OUTER-PRIVILEGE-LEVEL): pops SS:ESP too and nulls DS/ES/FS/GS holding more privileged data segments', () => {
    const r = runProgram({
      code: `
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %fs
    movw $0x23, %ax
    movw %ax, %es
    movw %ax, %gs
    pushl $0x23
    pushl $0x0badf00d
    pushl $0x202
    pushl $0x1b
    pushl $user
    iret
user:
    movl %esp, %ss:results + 0
    movl $stack3_top, %esp
    pushfl
    popl %ss:results + 4
    movw %cs, %ss:results + 8
    movw %ss, %ss:results + 12
    movw %ds, %ss:results + 16
    movw %es, %ss:results + 20
    movw %fs, %ss:results + 24
    movw %gs, %ss:results + 28
    DONE`,
    });
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(0x0badf00d);
    expect(r.result(1) & 0x3fffff).toBe(0x202);
    expect(r.result(2) & 0xffff).toBe(0x1b);
    expect(r.result(3) & 0xffff).toBe(0x23);
    expect(r.result(4) & 0xffff).toBe(0); // DS (DPL 0): nulled
    expect(r.result(5) & 0xffff).toBe(0x23); // ES (DPL 3): kept
    expect(r.result(6) & 0xffff).toBe(0); // FS: nulled
    expect(r.result(7) & 0xffff).toBe(0x23); // GS: kept
  });

  it('SDM Vol. 2A "IRET/IRETD" to a 16-bit stack segment: only SP is loaded, ESP[31:16] keeps the kernel stack pointer high word (as real hardware; Linux espfix)', () => {
    const r = runProgram({
      gdt: '    DESC 0, 0xffff, 0xf2, 0x0          # 0x40 ring-3 16-bit data/stack segment',
      code: `
    movw $0x23, %ax
    movw %ax, %ds
    pushl $0x43
    pushl $0xdead1234
    pushl $0x2
    pushl $0x1b
    pushl $user
iret_here:
    iret
user:
    movl %esp, results + 0
    movl $0x23, %eax
    movw %ax, %ss
    movl $stack3_top, %esp
    DONE`,
    });
    expect(r.done).toBe(true);
    const kernelEsp = r.at('stack0_top') - 20;
    expect(kernelEsp >>> 16).not.toBe(0); // so the high word is observable
    expect(r.result(0)).toBe(((kernelEsp & 0xffff0000) | 0x1234) >>> 0);
  });

  it('SDM Vol. 2B "POPF/POPFD": at CPL 0 POPF changes IF and IOPL', () => {
    const r = runProgram({ code: `${POPF(0x3202)}\n    cli\n    DONE` });
    expect(r.done).toBe(true);
    expect(r.result(0) & 0x3fffff).toBe(0x3202);
  });

  it('SDM Vol. 2B "POPF/POPFD": at CPL 3 with IOPL 0 POPF leaves IF and IOPL unchanged, without a fault', () => {
    const set = runProgram({ code: `    TO_RING3 user, 0x2\nuser:${POPF(0x3203)}\n    DONE` });
    expect(set.exception.vector).toBe(-1);
    expect(set.done).toBe(true);
    expect(set.result(0) & 0x3fffff).toBe(0x0003); // CF changed; IF and IOPL did not
    const clear = runProgram({ code: `    TO_RING3 user, 0x202\nuser:${POPF(0x0002)}\n    DONE` });
    expect(clear.done).toBe(true);
    expect(clear.result(0) & IF).toBe(IF); // IF stays set
  });

  it('SDM Vol. 2B "POPF/POPFD": at CPL 1 with IOPL 1 POPF changes IF but not IOPL; with IOPL 0 neither', () => {
    const iopl1 = runProgram({ code: `    TO_RING1 kernel, 0x1002\nkernel:${POPF(0x3202)}\n    DONE` });
    expect(iopl1.done).toBe(true);
    expect(iopl1.result(0) & 0x3fffff).toBe(0x1202);
    const iopl0 = runProgram({ code: `    TO_RING1 kernel, 0x0002\nkernel:${POPF(0x3202)}\n    DONE` });
    expect(iopl0.exception.vector).toBe(-1);
    expect(iopl0.done).toBe(true);
    expect(iopl0.result(0) & 0x3fffff).toBe(0x0002);
  });

  it('SDM Vol. 2A "IRET/IRETD": at CPL 1 with IOPL 0 a same-level IRET cannot set IF (the deprivileged kernel problem)', () => {
    const r = runProgram({
      code: `
    TO_RING1 kernel, 0x0002
kernel:
    pushl $0x3202
    pushl $0x31
    pushl $back
    iret
back:
    pushfl
    popl %ss:results + 0
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0) & 0x3fffff).toBe(0x0002);
  });

  it('SDM Vol. 2A "IRET/IRETD": at CPL 3 with IOPL 3 IRET changes IF but not IOPL', () => {
    const r = runProgram({
      code: `
    TO_RING3 user, 0x3002
user:
    pushl $0x0202
    pushl $0x1b
    pushl $back
    iret
back:
    pushfl
    popl %ss:results + 0
    DONE`,
    });
    expect(r.done).toBe(true);
    expect(r.result(0) & 0x3fffff).toBe(0x3202);
  });

  it('SDM Vol. 2A "CLI" and Vol. 2B "STI": CPL 3 with IOPL 0 raises #GP(0) on CLI and STI', () => {
    for (const insn of ['cli', 'sti']) {
      const r = runProgram({ code: `    TO_RING3 user\nuser:\nfault:\n    ${insn}\n    DONE` });
      expect(r.exception.vector).toBe(GP);
      expect(r.exception.frame[0]).toBe(0);
      expect(r.exception.frame[1]).toBe(r.at('fault'));
      expect(r.exception.frame[2]).toBe(0x1b);
    }
  });

  it('SDM Vol. 2A "CLI" and Vol. 2B "STI": CPL ≤ IOPL may change IF (CPL 3 with IOPL 3, CPL 1 with IOPL 1)', () => {
    const user = runProgram({
      code: `    TO_RING3 user, ${IOPL3 | 0x2}\nuser:\n    sti\n    pushfl\n    popl %ss:results + 0\n    cli\n    pushfl\n    popl %ss:results + 4\n    DONE`,
    });
    expect(user.exception.vector).toBe(-1);
    expect(user.result(0) & IF).toBe(IF);
    expect(user.result(1) & IF).toBe(0);
    const ring1 = runProgram({
      code: '    TO_RING1 kernel, 0x1002\nkernel:\n    sti\n    pushfl\n    popl %ss:results + 0\n    cli\n    DONE',
    });
    expect(ring1.exception.vector).toBe(-1);
    expect(ring1.result(0) & IF).toBe(IF);
    const ring1NoIopl = runProgram({
      code: '    TO_RING1 kernel, 0x0002\nkernel:\nfault:\n    cli\n    DONE',
    });
    expect(ring1NoIopl.exception.vector).toBe(GP);
    expect(ring1NoIopl.exception.frame[1]).toBe(ring1NoIopl.at('fault'));
  });

  it('SDM Vol. 3A 5.9 "Privileged Instructions": at CPL 1 and CPL 3 each of them raises #GP(0)', () => {
    const privileged = [
      'hlt',
      'movl %cr0, %eax',
      'movl %eax, %cr0',
      'movl %cr3, %eax',
      'movl %eax, %cr3',
      'movl %eax, %cr4',
      'lgdt gdtr',
      'lidt idtr',
      'ltr %ax',
      'lldt %ax',
      'lmsw %ax',
      'clts',
      'invlpg 0x1000',
      'rdmsr',
      'wrmsr',
      'wbinvd',
      'invd',
    ];
    const failures: string[] = [];
    for (const insn of privileged) {
      for (const [macro, cs] of [
        ['TO_RING3', 0x1b],
        ['TO_RING1', 0x31],
      ] as const) {
        // EAX holds CR0's value, so that every operand would be acceptable at CPL 0.
        const direct = runProgram({
          code: `    movl %cr0, %ebx\n    ${macro} start\nstart:\n    movl %ebx, %eax\nfault:\n    ${insn}\n    DONE`,
        });
        const e = direct.exception;
        if (e.vector !== 13 || e.frame[0] !== 0 || e.frame[1] !== direct.at('fault') || e.frame[2] !== cs) {
          failures.push(`${insn} at CPL ${cs & 3}: vector ${e.vector} error ${e.frame[0]}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('SDM Vol. 3A 2.8 "System Instruction Summary": SGDT, SIDT, SMSW, STR and PUSHF are not privileged and reveal the real state at CPL 3', () => {
    const r = runProgram({
      data: `
    .p2align 2
gdt_copy: .fill 6, 1, 0
    .p2align 2
idt_copy: .fill 6, 1, 0`,
      code: `
    TO_RING3 user, 0x3202
user:
    sgdt gdt_copy
    sidt idt_copy
    smsw %ax
    movzwl %ax, %eax
    RESULT 0, %eax
    str %ax
    movzwl %ax, %eax
    RESULT 1, %eax
    pushfl
    popl %ss:results + 8
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0) & 1).toBe(1); // CR0.PE
    expect(r.result(1)).toBe(0x28);
    expect(r.result(2) & 0x3200).toBe(0x3200); // IOPL 3 and IF as they really are
    expect(r.memory.readU32(r.at('gdt_copy') + 2)).toBe(r.at('gdt'));
    expect(r.memory.readU32(r.at('idt_copy') + 2)).toBe(r.at('idt'));
  });

  it('SDM Vol. 2A "IRET/IRETD" (Protected Mode Exceptions): returning to a more privileged CS raises #GP(selector)', () => {
    const r = runProgram({
      code: `
    TO_RING3 user
user:
    pushl $0x202
    pushl $0x08
    pushl $0
fault:
    iret
    DONE`,
    });
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0x08);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(r.exception.frame[2]).toBe(0x1b);
  });

  it('SDM Vol. 2A "IRET/IRETD": on a return to an outer level, an SS whose RPL differs from the return CS RPL raises #GP(SS selector)', () => {
    const r = runProgram({
      code: `
    pushl $0x39                       # a ring-1 stack for a ring-3 return
    pushl $stack3_top
    pushl $0x2
    pushl $0x1b
    pushl $0
fault:
    iret
    DONE`,
    });
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0x38);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(r.exception.frame[2]).toBe(0x08);
  });
});
