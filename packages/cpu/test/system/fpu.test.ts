// The x87 as the system sees it: #NM from CR0.TS/EM/MP (Intel SDM Vol. 3A 2.5 "Control Registers",
// Table 2-2 "Action Taken By x87 FPU Instructions for Different Combinations of EM, MP, and TS", and
// 6.15 "Interrupt 7—Device Not Available Exception (#NM)"), a kernel's lazy FPU switch with CLTS and
// FXSAVE/FXRSTOR, and #MF (6.15 "Interrupt 16—x87 FPU Floating-Point Error (#MF)").
import { describe, expect, it } from 'vitest';
import { runProgram } from './run.js';

const NM = 7;
const MF = 16;

const SET_CR0 = (bits: string) => `
    movl %cr0, %eax
    orl $${bits}, %eax
    movl %eax, %cr0`;

describe('x87 system behaviour (SDM Vol. 3A 2.5, 6.15)', () => {
  it('SDM Vol. 3A Table 2-2: with CR0.TS = 1 an x87 instruction raises #NM (a fault, no error code)', () => {
    const r = runProgram({ code: `    fninit\n${SET_CR0('0x08')}\nfault:\n    fld1\n    DONE` });
    expect(r.exception.vector).toBe(NM);
    expect(r.exception.frame.slice(0, 2)).toEqual([r.at('fault'), 0x08]);
    expect(r.exception.esp).toBe(r.at('stack0_top') - 12);
  });

  it('SDM Vol. 3A Table 2-2: with CR0.EM = 1 an x87 instruction raises #NM', () => {
    const r = runProgram({ code: `    fninit\n${SET_CR0('0x04')}\nfault:\n    fldz\n    DONE` });
    expect(r.exception.vector).toBe(NM);
    expect(r.exception.frame[0]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A Table 2-2: WAIT raises #NM when MP = 1 and TS = 1, and not when MP = 0', () => {
    const mp = runProgram({ code: `    fninit\n${SET_CR0('0x0a')}\nfault:\n    fwait\n    DONE` });
    expect(mp.exception.vector).toBe(NM);
    expect(mp.exception.frame[0]).toBe(mp.at('fault'));
    const noMp = runProgram({
      code: `    fninit\n    movl %cr0, %eax\n    andl $~0x02, %eax\n    orl $0x08, %eax\n    movl %eax, %cr0\n    fwait\n    DONE`,
    });
    expect(noMp.exception.vector).toBe(-1);
    expect(noMp.done).toBe(true);
  });

  it('SDM Vol. 3A 2.5 and Vol. 2A "CLTS": a lazy FPU switch: #NM, CLTS and FXRSTOR in the handler, then the user instruction re-executes', () => {
    const r = runProgram({
      data: `
    .p2align 4
fpu_area: .fill 512, 1, 0
    .p2align 3
sum: .quad 0`,
      code: `
    SET_GATE 7, nm_handler, 0x08, 0x8e
    fninit
    fld1                              # the "user task's" saved state: ST(0) = 1
    fxsave fpu_area
    fninit
${SET_CR0('0x0a')}                     # MP and TS: the FPU belongs to another task
    TO_RING3 user
user:
    fld1
    faddp                             # 1 + the restored ST(0)
    fstpl sum
    DONE
nm_handler:
    incl %ss:results + 0
    clts
    fxrstor %ss:fpu_area
    iret`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(1); // exactly one #NM
    const sum = new DataView(r.memory.read(r.at('sum'), 8).buffer).getFloat64(0, true);
    expect(sum).toBe(2);
    expect(r.cpu.cr0 & 0x08).toBe(0);
  });

  it('SDM Vol. 3A 6.15 "Interrupt 16": an unmasked x87 exception is reported as #MF by the next waiting instruction (CR0.NE = 1), not by FNSTSW', () => {
    const r = runProgram({
      data: `
cw: .word 0x037b`,
      code: `
${SET_CR0('0x20')}
    fninit
    fldcw cw                          # ZE unmasked
    fld1
    fldz
    fdivrp                            # 1/0: ZE pending
    fnstsw %ax                        # non-waiting: no #MF
    movzwl %ax, %eax
    RESULT 0, %eax
fault:
    fwait
    DONE`,
    });
    expect(r.result(0) & 0x80ff).toBe(0x8084); // B, ES, ZE
    expect(r.exception.vector).toBe(MF);
    expect(r.exception.frame.slice(0, 2)).toEqual([r.at('fault'), 0x08]);
    expect(r.exception.esp).toBe(r.at('stack0_top') - 12);
  });

  it('SDM Vol. 3A 6.15 "Interrupt 16": FNSAVE does not wait, and clears the pending exception', () => {
    const r = runProgram({
      data: `
cw: .word 0x037b
    .p2align 2
area: .fill 108, 1, 0`,
      code: `
${SET_CR0('0x20')}
    fninit
    fldcw cw
    fld1
    fldz
    fdivrp
    fnsave area
    fwait
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.memory.readU16(r.at('area') + 4) & 0x80ff).toBe(0x8084);
  });

  // Skipped: the core limit-checks only the first byte of an x87 memory operand (ops/fpu.ts readAddr(…, 1)).
  it('SDM Vol. 3A 5.3 "Limit Checking": an x87 memory operand must fit in the segment (8-byte load across the limit: #GP(0))', () => {
    const r = runProgram({
      gdt: '    DESC 0x200000, 0x0fff, 0x92, 0x4   # 0x40 data, limit 0xfff',
      code: `
    fninit
    movw $0x40, %ax
    movw %ax, %es
    fldl %es:0xff8                    # bytes 0xff8–0xfff: inside
    RESULT 0, $1
fault:
    fldl %es:0xffc                    # bytes 0xffc–0x1003: past the limit
    DONE`,
    });
    expect(r.result(0)).toBe(1);
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 6.15 "Interrupt 14" (restartable faults): FSTP m64 across into a not-present page faults with the FPU unchanged and completes after the handler maps the page', () => {
    const r = runProgram({
      data: `
    .p2align 12
pgdir:  .fill 1024, 4, 0
pgtab:  .fill 1024, 4, 0`,
      code: `
    SET_GATE 14, pf_handler, 0x08, 0x8e
    movl $pgtab, %eax
    orl $3, %eax
    movl %eax, pgdir
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $12, %eax
    orl $3, %eax
    movl %eax, pgtab(,%ecx,4)
    incl %ecx
    cmpl $1024, %ecx
    jb 1b
    andl $~1, pgtab + 4*0x301         # 0x301000 not present
    movl $pgdir, %eax
    movl %eax, %cr3
    movl %cr0, %eax
    orl $0x80000000, %eax
    movl %eax, %cr0
    fninit
    fldpi
    fld1
store:
    fstpl 0x300ffc                    # 4 bytes in the present page, 4 in the missing one
    fnstsw %ax
    movzwl %ax, %eax
    RESULT 1, %eax
    movl 0x300ffc, %eax
    RESULT 2, %eax
    movl 0x301000, %eax
    RESULT 3, %eax
    DONE
pf_handler:
    incl %ss:results + 0
    movl %cr2, %eax
    movl %eax, %ss:results + 16
    movl 4(%esp), %eax
    movl %eax, %ss:results + 20       # faulting EIP
    fnstsw %ax
    movzwl %ax, %eax
    movl %eax, %ss:results + 24       # the status word inside the handler: TOP not yet popped
    orl $1, pgtab + 4*0x301
    invlpg 0x301000
    addl $4, %esp                     # drop the error code
    iret`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(1); // one #PF
    expect(r.result(4)).toBe(0x301000);
    expect(r.result(5)).toBe(r.at('store'));
    expect((r.result(6) >> 11) & 7).toBe(6); // two pushes: TOP = 6, still ST(0) = 1.0 when the fault hit
    expect((r.result(1) >> 11) & 7).toBe(7); // after the restart: popped once
    expect([r.result(2), r.result(3)]).toEqual([0x00000000, 0x3ff00000]); // 1.0 as a double
  });

  it('SDM Vol. 2A "FCOMI/FCOMIP/FUCOMI/FUCOMIP" and "FCMOVcc": i686 compares set ZF/PF/CF, FCMOV reads them', () => {
    const r = runProgram({
      data: `
    .p2align 3
out: .quad 0`,
      code: `
    fninit
    fld1
    fldz                              # ST(0) = 0, ST(1) = 1
    # (raw bytes: @vmi386/asm does not know the P6 mnemonics fcomi/fcmovb/fucomip yet)
    .byte 0xdb, 0xf1                  # fcomi %st(1), %st: 0 < 1 gives CF
    pushfl
    popl %ss:results + 0
    .byte 0xda, 0xc1                  # fcmovb %st(1), %st: CF = 1, so ST(0) ← 1
    .byte 0xdf, 0xe9                  # fucomip %st(1), %st: 1 = 1 gives ZF, and pops
    pushfl
    popl %ss:results + 4
    fstpl out
    fnstsw %ax
    movzwl %ax, %eax
    RESULT 2, %eax
    DONE`,
    });
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0) & 0x8d5).toBe(0x001);
    expect(r.result(1) & 0x8d5).toBe(0x040);
    expect(r.memory.readU32(r.at('out') + 4)).toBe(0x3ff00000); // 1.0
    expect((r.result(2) >> 11) & 7).toBe(0); // two loads, one popping compare, one popping store
  });
});
