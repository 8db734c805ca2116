import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('bit instructions', () => {
  it('bt/bts/btr/btc on registers set CF from the old bit', () => {
    const r = run('mov $5, %eax\nbts $1, %eax\nbtr $0, %eax\nbtc $2, %eax\nbt $1, %eax');
    expect(r.regs.eax).toBe(2);
    expect(r.regs.eflags & 1).toBe(1);
  });
  it('a register bit offset addresses memory beyond the operand, also negatively', () => {
    const r = run(
      'movl $0, 0x3000\nmovl $0, 0x3004\nmov $0x3004, %ebx\nmov $-31, %ecx\nbts %ecx, (%ebx)\nmov $33, %ecx\nbts %ecx, (%ebx)',
    );
    expect(r.memory.readU32(0x3000)).toBe(2);
    expect(r.memory.readU32(0x3008)).toBe(2);
  });
  it('bsf/bsr; a zero source sets ZF and leaves the destination', () => {
    const r = run(
      'mov $0x00f0, %eax\nbsf %eax, %ebx\nbsr %eax, %ecx\nmov $77, %edx\nxor %eax, %eax\nbsf %eax, %edx',
    );
    expect([r.regs.ebx, r.regs.ecx, r.regs.edx]).toEqual([4, 7, 77]);
    expect(r.regs.eflags & 0x40).toBe(0x40);
  });
});
