// Protected-mode segmentation rules (Intel SDM Vol. 3A, chapter 5 "Protection", and the per-instruction
// pages of Vol. 2): each test is one small program; the default handlers record the exception frame.
import { describe, expect, it } from 'vitest';
import { runProgram } from './run.js';

const GP = 13;
const NP = 11;
const SS_FAULT = 12;

/** Runs ring-3 code (label `user`) after the ring-0 code in `setup`. */
function ring3(user: string, extra: { gdt?: string; data?: string; setup?: string } = {}) {
  return runProgram({
    code: `${extra.setup ?? ''}\n    TO_RING3 user\nuser:\n${user}`,
    gdt: extra.gdt,
    data: extra.data,
  });
}

describe('segmentation (SDM Vol. 3A, chapter 5)', () => {
  it('SDM Vol. 3A 5.6 "Privilege Level Checking When Accessing Data Segments": CPL 3 loading a DPL-0 data segment raises #GP(selector)', () => {
    const r = ring3(`
fault:
    movw $0x10, %ax
    movw %ax, %ds
    DONE`);
    expect(r.exception.vector).toBe(GP);
    const [error, eip, cs, eflags, esp, ss] = r.exception.frame;
    expect(error).toBe(0x10);
    expect(eip).toBe(r.at('fault') + 4); // the faulting mov %ax,%ds (after the 4-byte movw $0x10,%ax)
    expect(cs).toBe(0x1b);
    expect(eflags & 0xfff).toBe(0x002);
    expect(esp).toBe(r.at('stack3_top'));
    expect(ss).toBe(0x23);
    expect(r.exception.esp).toBe(r.at('stack0_top') - 24); // SS, ESP, EFLAGS, CS, EIP, error code
  });

  it('SDM Vol. 3A 5.6: a selector whose RPL is above the DPL raises #GP(selector) even at CPL 0', () => {
    const r = runProgram({
      code: `
fault:
    movw $0x13, %ax
    movw %ax, %ds
    DONE`,
    });
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0x10); // the error code holds the selector index with RPL cleared
    expect(r.exception.frame[1]).toBe(r.at('fault') + 4);
    expect(r.exception.frame[2]).toBe(0x08);
  });

  it('SDM Vol. 3A 5.7 "Privilege Level Checking When Loading the SS Register": SS must have RPL = DPL = CPL', () => {
    const r = runProgram({
      code: `
fault:
    movw $0x23, %ax
    movw %ax, %ss
    DONE`,
    });
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0x20);
    expect(r.exception.frame[1]).toBe(r.at('fault') + 4);
  });

  it('SDM Vol. 3A 6.15 "Interrupt 11—Segment Not Present": a not-present data segment raises #NP(selector)', () => {
    const r = runProgram({
      gdt: '    DESC 0, 0xfffff, 0x12, 0xc      # 0x40 data, not present',
      code: `
fault:
    movw $0x40, %ax
    movw %ax, %es
    DONE`,
    });
    expect(r.exception.vector).toBe(NP);
    expect(r.exception.frame[0]).toBe(0x40);
    expect(r.exception.frame[1]).toBe(r.at('fault') + 4);
  });

  it('SDM Vol. 3A 6.15 "Interrupt 12—Stack Fault": a not-present stack segment raises #SS(selector)', () => {
    const r = runProgram({
      gdt: '    DESC 0, 0xfffff, 0x12, 0xc      # 0x40 data, not present',
      code: `
fault:
    movw $0x40, %ax
    movw %ax, %ss
    DONE`,
    });
    expect(r.exception.vector).toBe(SS_FAULT);
    expect(r.exception.frame[0]).toBe(0x40);
    expect(r.exception.frame[1]).toBe(r.at('fault') + 4);
  });

  it('SDM Vol. 3A 5.4.1 "Null Segment Selector Checking": a null DS loads, using it raises #GP(0); a null SS raises #GP(0)', () => {
    const ds = runProgram({
      code: `
    xorl %eax, %eax
    movw %ax, %ds
    RESULT 0, $1
use:
    movl (%ebx), %eax
    DONE`,
    });
    expect(ds.result(0)).toBe(1);
    expect(ds.exception.vector).toBe(GP);
    expect(ds.exception.frame[0]).toBe(0);
    expect(ds.exception.frame[1]).toBe(ds.at('use'));
    const ss = runProgram({
      code: `
    xorl %eax, %eax
fault:
    movw %ax, %ss
    DONE`,
    });
    expect(ss.exception.vector).toBe(GP);
    expect(ss.exception.frame[0]).toBe(0);
    expect(ss.exception.frame[1]).toBe(ss.at('fault'));
  });

  it('SDM Vol. 3A 5.3 "Limit Checking": a data access past the limit raises #GP(0), the last byte inside is fine', () => {
    const r = runProgram({
      gdt: '    DESC 0x200000, 0x0fff, 0x92, 0x4   # 0x40 data, byte-granular limit 0xfff',
      code: `
    movw $0x40, %ax
    movw %ax, %es
    movb %es:0xfff, %al          # the last byte: allowed
    RESULT 0, $1
fault:
    movl %es:0xffd, %eax         # bytes 0xffd..0x1000: past the limit
    DONE`,
    });
    expect(r.result(0)).toBe(1);
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 5.3: a stack access past the SS limit raises #SS(0)', () => {
    const r = ring3(
      `
    movw $0x43, %ax
    movw %ax, %ss
    movl $2, %esp
fault:
    pushl %eax                   # would write offsets 0xfffffffe..: past the limit → #SS(0)
    DONE`,
      { gdt: '    DESC 0x300000, 0x0fff, 0xf2, 0x4   # 0x40 ring-3 data, limit 0xfff' },
    );
    expect(r.exception.vector).toBe(SS_FAULT);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(r.exception.frame[4]).toBe(2); // the user ESP, unchanged by the faulting push
    expect(r.exception.frame[5]).toBe(0x43);
  });

  it('SDM Vol. 3A 5.3 and 3.4.5.1: expand-down segments allow offsets above the limit only (B = 1: up to 4 GiB − 1)', () => {
    const r = runProgram({
      gdt: '    DESC 0, 0x0fff, 0x96, 0x4          # 0x40 expand-down data, limit 0xfff, B = 1',
      code: `
    movw $0x40, %ax
    movw %ax, %es
    movl $0x200000, %ebx
    movl %es:(%ebx), %eax        # above the limit: allowed
    movl %es:0x1000, %eax        # the first valid offset
    movb %es:0xffffffff, %al     # the top of the segment
    RESULT 0, $1
fault:
    movb %es:0xfff, %al          # at the limit: outside an expand-down segment
    DONE`,
    });
    expect(r.result(0)).toBe(1);
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 5.3: an expand-down segment with B = 0 ends at 0xFFFF', () => {
    const r = runProgram({
      gdt: '    DESC 0x100000, 0x0fff, 0x96, 0x0   # 0x40 expand-down data, limit 0xfff, B = 0',
      code: `
    movw $0x40, %ax
    movw %ax, %es
    movb %es:0xffff, %al         # the top of a 16-bit expand-down segment
    RESULT 0, $1
fault:
    movb %es:0x10000, %al        # beyond 0xFFFF
    DONE`,
    });
    expect(r.result(0)).toBe(1);
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 5.4 "Type Checking": writing a read-only data segment or a code segment raises #GP(0)', () => {
    const ro = runProgram({
      gdt: '    DESC 0, 0xfffff, 0x90, 0xc         # 0x40 read-only data',
      code: `
    movw $0x40, %ax
    movw %ax, %es
    movl %es:results, %eax       # reading is fine
    RESULT 0, $1
fault:
    movl %eax, %es:results
    DONE`,
    });
    expect(ro.result(0)).toBe(1);
    expect(ro.exception.vector).toBe(GP);
    expect(ro.exception.frame[0]).toBe(0);
    expect(ro.exception.frame[1]).toBe(ro.at('fault'));
    const code = runProgram({
      code: `
fault:
    movl %eax, %cs:results
    DONE`,
    });
    expect(code.exception.vector).toBe(GP);
    expect(code.exception.frame[0]).toBe(0);
    expect(code.exception.frame[1]).toBe(code.at('fault'));
  });

  it('SDM Vol. 3A 5.8.1.2 "Accessing Conforming Code Segments": a far jump from CPL 3 to conforming DPL-0 code keeps CPL 3', () => {
    const r = ring3(
      `
    ljmp $0x43, $conforming
    DONE
conforming:
    movw %cs, %ax
    movzwl %ax, %eax
    RESULT 0, %eax
    DONE`,
      { gdt: '    DESC 0, 0xfffff, 0x9e, 0xc         # 0x40 conforming code, DPL 0' },
    );
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(0x43); // CS.RPL = CPL = 3
  });

  it('SDM Vol. 3A 5.8.1.1 "Accessing Nonconforming Code Segments": a far jump from CPL 3 to DPL-0 code raises #GP(selector)', () => {
    const r = ring3(`
fault:
    ljmp $0x08, $0
    DONE`);
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0x08);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 5.8.6 "Returning from a Called Procedure": far call and far ret at the same level, then lret to ring 3', () => {
    const r = runProgram({
      code: `
    movl %esp, %esi
    lcall $0x08, $callee
    RESULT 1, %esp
    subl %esp, %esi
    RESULT 2, %esi               # 0: the call's CS:EIP pair was popped
    pushl $0x23
    pushl $stack3_top
    pushl $0x1b
    pushl $user
    lret                         # return to an outer level: pops CS:EIP then ESP, SS
user:
    movw %cs, %ax
    movzwl %ax, %eax
    RESULT 3, %eax
    movw %ss, %ax
    movzwl %ax, %eax
    RESULT 4, %eax
    RESULT 5, %esp
    movw %ds, %ax
    movzwl %ax, %eax
    RESULT 6, %eax
    DONE
callee:
    movl 0(%esp), %eax
    RESULT 0, %eax
    movl 4(%esp), %eax
    RESULT 7, %eax
    lret`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(7)).toBe(0x08); // pushed CS
    expect(r.result(2)).toBe(0);
    expect(r.result(3)).toBe(0x1b);
    expect(r.result(4)).toBe(0x23);
    expect(r.result(5)).toBe(r.at('stack3_top'));
    expect(r.result(6)).toBe(0); // DS held a DPL-0 data segment: nulled on the return to ring 3
  });

  it('SDM Vol. 2A "LDS/LES/LFS/LGS/LSS": lss loads SS:ESP from a far pointer in one instruction', () => {
    const r = runProgram({
      data: `
    .p2align 2
farptr: .long 0x1234
        .word 0x10`,
      code: `
    movl %esp, %edi
    lss farptr, %esp
    RESULT 0, %esp
    movw %ss, %ax
    movzwl %ax, %eax
    RESULT 1, %eax
    movl %edi, %esp
    DONE`,
    });
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(0x1234);
    expect(r.result(1)).toBe(0x10);
  });

  it('SDM Vol. 3A 3.4.5 "Segment Descriptors" (D/B flag): a 16-bit stack segment uses SP and keeps ESP[31:16]', () => {
    const r = runProgram({
      gdt: '    DESC 0x400000, 0xffff, 0x92, 0x0   # 0x40 16-bit data/stack segment at 4 MiB',
      code: `
    movl %esp, %edi
    movw $0x40, %ax
    movw %ax, %ss
    movl $0xabcd0000, %esp
    pushl $0x11223344            # SP = 0 - 4 wraps to 0xFFFC; the high word of ESP stays
    movl %esp, results + 0       # (through DS: SS is not flat here)
    movl $0x400000, %ebx
    movl 0xfffc(%ebx), %eax
    movl %eax, results + 4
    popl %eax
    movl %esp, results + 8
    movl %eax, results + 12
    movw $0x10, %ax
    movw %ax, %ss
    movl %edi, %esp
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(0xabcdfffc);
    expect(r.result(1)).toBe(0x11223344);
    expect(r.result(2)).toBe(0xabcd0000);
    expect(r.result(3)).toBe(0x11223344);
  });

  it('SDM Vol. 3A 5.8.1 "Direct Calls or Jumps to Code Segments": a far jump to a not-present code segment raises #NP(selector), to a data segment #GP(selector)', () => {
    const np = runProgram({
      gdt: '    DESC 0, 0xfffff, 0x1a, 0xc         # 0x40 code, not present',
      code: 'fault:\n    ljmp $0x40, $0\n    DONE',
    });
    expect(np.exception.vector).toBe(NP);
    expect(np.exception.frame[0]).toBe(0x40);
    expect(np.exception.frame[1]).toBe(np.at('fault'));
    const data = runProgram({ code: 'fault:\n    ljmp $0x10, $0\n    DONE' });
    expect(data.exception.vector).toBe(GP);
    expect(data.exception.frame[0]).toBe(0x10);
    expect(data.exception.frame[1]).toBe(data.at('fault'));
  });

  it('SDM Vol. 3A 5.8.6 "Returning from a Called Procedure": a far return to a more privileged level raises #GP(selector)', () => {
    const r = ring3(`
    pushl $0x08
    pushl $0
fault:
    lret
    DONE`);
    expect(r.exception.vector).toBe(GP);
    expect(r.exception.frame[0]).toBe(0x08);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(r.exception.frame[2]).toBe(0x1b);
  });

  it('SDM Vol. 3A 5.8.5 "Stack Switching" (Figure 5-13): a call gate from ring 3 to ring 0 switches stacks and copies the parameters; lret $8 returns', () => {
    const r = ring3(
      `
    movl %esp, %ss:results + 24
    pushl $0x1111
    pushl $0x2222
    lcall $0x43, $0
back:
    movl %esp, %ss:results + 28
    DONE
gate_target:
    xorl %ecx, %ecx
1:  movl (%esp,%ecx,4), %eax
    movl %eax, %ss:results(,%ecx,4)
    incl %ecx
    cmpl $6, %ecx
    jb 1b
    movl %esp, %ss:results + 32
    lret $8`,
      {
        // 0x40: a 32-bit call gate, DPL 3, two parameters, to 0x08:gate_target (offset filled below).
        gdt: '    .word 0, 0x08\n    .byte 2, 0xec\n    .word 0',
        setup: `
    movl $gate_target, %eax
    movw %ax, gdt + 0x40
    shrl $16, %eax
    movw %ax, gdt + 0x46`,
      },
    );
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    const userEsp = r.at('stack3_top');
    expect(r.result(0)).toBe(r.at('back')); // EIP
    expect(r.result(1)).toBe(0x1b); // CS
    expect(r.result(2)).toBe(0x2222); // the parameters, in the caller's order
    expect(r.result(3)).toBe(0x1111);
    expect(r.result(4)).toBe(userEsp - 8); // the caller's ESP (pointing at its parameters)
    expect(r.result(5)).toBe(0x23); // the caller's SS
    expect(r.result(8)).toBe(r.at('stack0_top') - 24);
    expect(r.result(7)).toBe(userEsp); // lret $8 released the parameters on the caller's stack
  });

  it('SDM Vol. 3A 3.4.5 "Segment Descriptors" (D flag): code in a 16-bit code segment uses 16-bit operands by default', () => {
    const r = runProgram({
      gdt: '    DESC 0x10000, 0xffff, 0x9a, 0x0    # 0x40 16-bit code at the image origin',
      code: `
    movl %esp, %esi
    ljmp $0x40, $(code16 - 0x10000)
    .code16
code16:
    pushw $0x1234                     # 16-bit default: 2 bytes
    push %ax                          # 2 bytes
    movl %esp, %edi
    ljmpl $0x08, $back
    .code32
back:
    subl %edi, %esi
    RESULT 0, %esi
    movl %edi, %esp
    movzwl 2(%esp), %eax
    RESULT 1, %eax
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(4);
    expect(r.result(1)).toBe(0x1234);
  });
});
