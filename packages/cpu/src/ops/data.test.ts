import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('data movement', () => {
  it('byte registers alias EAX..EBX (AH is bits 8-15)', () => {
    const r = run('mov $0x11223344, %eax\nmov $0x55, %ah\nmovb %ah, %bl');
    expect(r.regs.eax).toBe(0x11225544);
    expect(r.regs.ebx & 0xff).toBe(0x55);
  });
  it('movzx/movsx, cbw/cwde/cwd/cdq', () => {
    const r = run('mov $0x80, %al\nmovsbl %al, %ebx\nmovzbl %al, %ecx\ncbtw\ncwtl\ncltd');
    expect(r.regs.ebx).toBe(0xffffff80);
    expect(r.regs.ecx).toBe(0x80);
    expect(r.regs.eax).toBe(0xffffff80);
    expect(r.regs.edx).toBe(0xffffffff);
  });
  it('lea computes without touching memory; scaled index', () => {
    const r = run('mov $0x100, %ebx\nmov $3, %esi\nlea 8(%ebx,%esi,4), %eax');
    expect(r.regs.eax).toBe(0x114);
  });
  it('xchg, bswap, cmov reads its source even when false', () => {
    const r = run(
      'mov $1, %eax\nmov $2, %ebx\nxchg %eax, %ebx\nmov $0x11223344, %ecx\nbswap %ecx\ncmp %eax, %eax\n.byte 0x0f, 0x45, 0xd1 # cmovne %ecx, %edx (not in @vmi386/asm yet)',
    );
    expect([r.regs.eax, r.regs.ebx, r.regs.ecx, r.regs.edx]).toEqual([2, 1, 0x44332211, 0]);
  });
  it('moffs forms and xlat', () => {
    const r = run('movl $0x03020100, 0x3000\nmov 0x3000, %eax\nmov $0x3000, %ebx\nmov $2, %al\nxlat');
    expect(r.regs.eax & 0xff).toBe(2);
  });
  it('lahf/sahf move SF ZF AF PF CF', () => {
    const r = run('xor %eax, %eax\nlahf\nmov %ah, %bl\nmov $0xd5, %ah\nsahf\nlahf');
    expect(r.regs.ebx & 0xff).toBe(0x46);
    expect((r.regs.eax >>> 8) & 0xff).toBe(0xd7);
  });
  it('an aligned 32-bit store over code that already ran: the new code runs', () => {
    // The store replaces the immediate of \`mov $1, %eax\` (4-aligned: target sits at 3 mod 4).
    const r = run(`
        jmp start
        .p2align 2
        nop
        nop
        nop
      target:
        mov $1, %eax
        ret
      start:
        call target
        mov $2, %ebx
        mov $(target + 1), %edi
        mov %ebx, (%edi)
        call target`);
    expect(r.regs.eax).toBe(2);
  });
});
