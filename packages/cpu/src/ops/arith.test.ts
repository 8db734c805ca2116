import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

const CF = 0x1;
const PF = 0x4;
const AF = 0x10;
const ZF = 0x40;
const SF = 0x80;
const OF = 0x800;
const STATUS = CF | PF | AF | ZF | SF | OF;

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop.reason).toBe('exception');
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('ADD/SUB/CMP flags (SDM vol. 1, 3.4.3.1)', () => {
  it('add wraps to zero with CF ZF AF PF', () => {
    const r = run('mov $0xffffffff, %eax\nadd $1, %eax');
    expect(r.regs.eax).toBe(0);
    expect(r.regs.eflags & STATUS).toBe(CF | ZF | AF | PF);
  });
  it('add signed overflow sets OF and SF', () => {
    const r = run('mov $0x7fffffff, %eax\nadd $1, %eax');
    expect(r.regs.eax).toBe(0x80000000);
    expect(r.regs.eflags & STATUS).toBe(OF | SF | AF | PF);
  });
  it('8-bit add keeps the upper bytes', () => {
    const r = run('mov $0x123456ff, %eax\naddb $1, %al');
    expect(r.regs.eax).toBe(0x12345600);
    expect(r.regs.eflags & (CF | ZF)).toBe(CF | ZF);
  });
  it('sub borrow sets CF and SF', () => {
    const r = run('mov $1, %eax\nsub $2, %eax');
    expect(r.regs.eax).toBe(0xffffffff);
    expect(r.regs.eflags & STATUS).toBe(CF | SF | AF | PF);
  });
  it('cmp does not write', () => {
    const r = run('mov $5, %ecx\ncmp $5, %ecx');
    expect(r.regs.ecx).toBe(5);
    expect(r.regs.eflags & STATUS).toBe(ZF | PF);
  });
  it('adc and sbb use the carry', () => {
    const r = run(
      'stc\nmov $0xffffffff, %eax\nmov $0, %edx\nadc $0, %eax\nadc $0, %edx\nstc\nmov $0, %ebx\nsbb $0, %ebx',
    );
    expect(r.regs.eax).toBe(0);
    expect(r.regs.edx).toBe(1);
    expect(r.regs.ebx).toBe(0xffffffff);
    expect(r.regs.eflags & CF).toBe(CF);
  });
  it('16-bit forms with the operand-size prefix', () => {
    const r = run('mov $0x11118000, %eax\nsub $1, %ax');
    expect(r.regs.eax).toBe(0x11117fff);
    expect(r.regs.eflags & STATUS).toBe(OF | AF | PF);
  });
});

describe('INC/DEC/NEG/NOT', () => {
  it('inc preserves CF', () => {
    const r = run('stc\nmov $0x7f, %bl\ninc %bl');
    expect(r.regs.ebx & 0xff).toBe(0x80);
    expect(r.regs.eflags & STATUS).toBe(CF | OF | SF | AF);
  });
  it('inc/dec of a 32-bit register keep the CF of the ADD, SUB or logic instruction before them', () => {
    // CF is still lazy (the operands of the ADD/SUB) when INC/DEC replace the lazy state.
    const r = run(
      'mov $-1, %eax\nadd $1, %eax\ninc %ecx\nsetc %bl\nxor %eax, %eax\nsub $1, %eax\ndec %ecx\nsetc %bh\nand %eax, %eax\ninc %ecx\nsetc %dl',
    );
    expect(r.regs.ebx & 0xffff).toBe(0x0101);
    expect(r.regs.edx & 0xff).toBe(0);
  });
  it('dec to zero', () => {
    const r = run('clc\nmov $1, %ecx\ndec %ecx');
    expect(r.regs.eflags & STATUS).toBe(ZF | PF);
  });
  it('neg sets CF unless zero', () => {
    const r = run('mov $5, %eax\nneg %eax');
    expect(r.regs.eax).toBe(0xfffffffb);
    expect(r.regs.eflags & CF).toBe(CF);
    const z = run('xor %eax, %eax\nneg %eax');
    expect(z.regs.eflags & CF).toBe(0);
  });
  it('not changes no flags', () => {
    const r = run('stc\nmov $0xf0f0f0f0, %eax\nnot %eax');
    expect(r.regs.eax).toBe(0x0f0f0f0f);
    expect(r.regs.eflags & CF).toBe(CF);
  });
});

describe('memory operands and LOCK', () => {
  it('read-modify-write on memory', () => {
    const r = run('movl $10, 0x2000\naddl $5, 0x2000\nlock incl 0x2000\nmov 0x2000, %eax');
    expect(r.regs.eax).toBe(16);
  });
  it('LOCK with a register destination is #UD', () => {
    const r = runAsm('.byte 0xf0, 0x01, 0xc0');
    expect(r.stop).toMatchObject({ reason: 'exception', vector: 6, eip: 0x1000 });
  });
  it('cmpxchg and xadd', () => {
    const r = run(
      'movl $7, 0x2000\nmov $7, %eax\nmov $9, %ecx\nlock cmpxchg %ecx, 0x2000\nmov 0x2000, %ebx\nmov $1, %edx\nlock xadd %edx, 0x2000',
    );
    expect(r.regs.ebx).toBe(9);
    expect(r.regs.edx).toBe(9);
    expect(r.memory.readU32(0x2000)).toBe(10);
  });
  it('cmpxchg8b', () => {
    const r = run(
      'movl $1, 0x2000\nmovl $2, 0x2004\nmov $1, %eax\nmov $2, %edx\nmov $3, %ebx\nmov $4, %ecx\ncmpxchg8b 0x2000',
    );
    expect(r.memory.readU32(0x2000)).toBe(3);
    expect(r.memory.readU32(0x2004)).toBe(4);
    expect(r.regs.eflags & ZF).toBe(ZF);
  });
});

describe('BCD', () => {
  it('daa after packed add', () => {
    const r = run('mov $0x79, %al\nadd $0x35, %al\ndaa');
    expect(r.regs.eax & 0xff).toBe(0x14);
    expect(r.regs.eflags & CF).toBe(CF);
  });
  it('aam by zero is #DE', () => {
    const r = runAsm('aam $0');
    expect(r.stop).toMatchObject({ reason: 'exception', vector: 0, eip: 0x1000 });
  });
});
