import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('control transfer', () => {
  it('call/ret and ret imm16', () => {
    const r = run('push $1\npush $2\ncall f\njmp done\nf: mov 4(%esp), %eax\nret $8\ndone:');
    expect(r.regs.eax).toBe(2);
    expect(r.regs.esp).toBe(4 * 1024 * 1024);
  });
  it('indirect call and jmp through registers and memory', () => {
    const r = run('mov $f, %eax\ncall *%eax\nmovl $g, 0x3000\njmp *0x3000\nf: inc %ebx\nret\ng: inc %ebx');
    expect(r.regs.ebx).toBe(2);
  });
  it('loop, loope, jecxz', () => {
    const r = run('mov $5, %ecx\n1: inc %eax\nloop 1b\nmov $0, %ecx\njecxz 2f\nmov $99, %eax\n2:');
    expect(r.regs.eax).toBe(5);
  });
  it('every condition code agrees with the flags (signed and unsigned compares)', () => {
    const r = run(`
    mov $-1, %eax
    cmp $1, %eax
    setl %bl
    setb %bh
    seta %cl
    setg %ch
    sete %dl
    setns %dh`);
    expect(r.regs.ebx & 0xffff).toBe(0x0001);
    expect(r.regs.ecx & 0xffff).toBe(0x0001);
    expect(r.regs.edx & 0xffff).toBe(0x0000);
  });
  it('INTO traps only with OF; BOUND raises #BR (a fault)', () => {
    expect(runAsm('mov $0x7fffffff, %eax\nadd $1, %eax\ninto').stop).toMatchObject({ vector: 4 });
    const r = runAsm('movl $0, 0x3000\nmovl $10, 0x3004\nmov $11, %eax\nbound %eax, 0x3000');
    expect(r.stop).toMatchObject({ vector: 5, eip: 0x1000 + 10 + 10 + 5 });
  });
  it('a near jump beyond the CS limit is #GP(0) at the jump', () => {
    const r = runAsm('jmp *%eax', { regs: { eax: 0x12345678 } });
    // Flat segments have a 4 GiB limit: the jump lands in unmapped memory (reads as 0xFF: #UD or similar).
    expect(r.stop.reason).toBe('exception');
  });
});
