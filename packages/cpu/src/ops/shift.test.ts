import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

const CF = 0x1;
const OF = 0x800;
const ZF = 0x40;

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('shifts and rotates (SDM vol. 2, SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR)', () => {
  it('shl by 1 sets CF from the top bit and OF = CF xor new top bit', () => {
    const r = run('mov $0xc0000000, %eax\nshl $1, %eax');
    expect(r.regs.eax).toBe(0x80000000);
    expect(r.regs.eflags & (CF | OF)).toBe(CF);
  });
  it('shr by CL; a count of 0 changes no flags', () => {
    const r = run('stc\nmov $0x10, %eax\nmov $0, %cl\nshr %cl, %eax');
    expect(r.regs.eax).toBe(0x10);
    expect(r.regs.eflags & CF).toBe(CF);
    const s = run('mov $0x11, %eax\nmov $4, %cl\nshr %cl, %eax');
    expect(s.regs.eax).toBe(1);
    expect(s.regs.eflags & CF).toBe(0);
  });
  it('sar keeps the sign; counts are masked to 5 bits', () => {
    const r = run('mov $0x80000000, %eax\nsar $31, %eax\nmov $1, %ebx\nshl $33, %ebx');
    expect(r.regs.eax).toBe(0xffffffff);
    expect(r.regs.ebx).toBe(2);
  });
  it('8-bit rotate through carry uses count mod 9', () => {
    const r = run('clc\nmov $0x81, %al\nrcl $9, %al');
    expect(r.regs.eax & 0xff).toBe(0x81);
  });
  it('rol/ror set CF from the bit rotated around', () => {
    const r = run('mov $0x80000001, %eax\nrol $1, %eax');
    expect(r.regs.eax).toBe(3);
    expect(r.regs.eflags & CF).toBe(CF);
    const s = run('mov $2, %eax\nror $2, %eax');
    expect(s.regs.eax).toBe(0x80000000);
    expect(s.regs.eflags & CF).toBe(CF);
  });
  it('shld/shrd shift bits in from the other register', () => {
    const r = run(
      'mov $0x12345678, %eax\nmov $0xabcdef01, %edx\nshld $8, %edx, %eax\nmov $0x12345678, %ebx\nshrd $8, %edx, %ebx',
    );
    expect(r.regs.eax).toBe(0x345678ab);
    expect(r.regs.ebx).toBe(0x01123456);
  });
  it('sets ZF from the result', () => {
    const r = run('mov $1, %eax\nshr $1, %eax');
    expect(r.regs.eflags & (ZF | CF)).toBe(ZF | CF);
  });
});
