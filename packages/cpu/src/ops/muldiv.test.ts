import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

const CF = 0x1;
const OF = 0x800;

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('MUL/IMUL/DIV/IDIV', () => {
  it('mul gives the 64-bit product in EDX:EAX; CF = OF = high half non-zero', () => {
    const r = run('mov $0xffffffff, %eax\nmov $0xffffffff, %ecx\nmul %ecx');
    expect(r.regs.edx).toBe(0xfffffffe);
    expect(r.regs.eax).toBe(1);
    expect(r.regs.eflags & (CF | OF)).toBe(CF | OF);
  });
  it('one-operand imul sign-extends', () => {
    const r = run('mov $-3, %eax\nmov $7, %ecx\nimul %ecx');
    expect(r.regs.eax).toBe(0xffffffeb);
    expect(r.regs.edx).toBe(0xffffffff);
    expect(r.regs.eflags & (CF | OF)).toBe(0);
  });
  it('two- and three-operand imul truncate and flag overflow', () => {
    const r = run('mov $0x10000, %eax\nimul %eax, %eax\nmov $3, %ebx\nimul $-5, %ebx, %ecx');
    expect(r.regs.eax).toBe(0);
    expect(r.regs.ecx).toBe(0xfffffff1);
  });
  it('div of a 64-bit dividend', () => {
    const r = run('mov $1, %edx\nmov $0, %eax\nmov $3, %ecx\ndiv %ecx');
    expect(r.regs.eax).toBe(0x55555555);
    expect(r.regs.edx).toBe(1);
  });
  it('idiv truncates toward zero; the remainder has the dividend sign', () => {
    const r = run('mov $-7, %eax\ncltd\nmov $2, %ecx\nidiv %ecx');
    expect(r.regs.eax).toBe(0xfffffffd);
    expect(r.regs.edx).toBe(0xffffffff);
  });
  it('divide by zero and quotient overflow are #DE faults at the instruction', () => {
    expect(runAsm('xor %ecx, %ecx\ndiv %ecx').stop).toMatchObject({ vector: 0, eip: 0x1002 });
    expect(runAsm('mov $0x80000000, %eax\ncltd\nmov $-1, %ecx\nidiv %ecx').stop).toMatchObject({ vector: 0 });
    expect(runAsm('mov $0x100, %ax\nmov $1, %cl\ndiv %cl').stop).toMatchObject({ vector: 0 });
  });
});
