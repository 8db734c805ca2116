import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('string instructions', () => {
  it('rep stosl fills and counts ECX down', () => {
    const r = run('mov $0x3000, %edi\nmov $0xaabbccdd, %eax\nmov $1000, %ecx\ncld\nrep stosl');
    expect(r.regs.ecx).toBe(0);
    expect(r.regs.edi).toBe(0x3000 + 4000);
    expect(r.memory.readU32(0x3000 + 3996)).toBe(0xaabbccdd);
  });
  it('std makes movsb go backwards', () => {
    const r = run(
      'movl $0x44332211, 0x3000\nmov $0x3003, %esi\nmov $0x4003, %edi\nmov $4, %ecx\nstd\nrep movsb\ncld',
    );
    expect(r.memory.readU32(0x4000)).toBe(0x44332211);
    expect(r.regs.esi).toBe(0x2fff);
  });
  it('overlapping forward rep movsb replicates like hardware', () => {
    const r = run('movb $7, 0x3000\nmov $0x3000, %esi\nmov $0x3001, %edi\nmov $8, %ecx\ncld\nrep movsb');
    expect(Array.from(r.memory.read(0x3000, 9))).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7]);
  });
  it('repne scasb finds a byte', () => {
    const r = run(
      'movl $0x00646362, 0x3000\nmov $0x3000, %edi\nxor %eax, %eax\nmov $-1, %ecx\ncld\nrepne scasb',
    );
    expect(r.regs.edi).toBe(0x3004);
    expect(r.regs.ecx).toBe(0xfffffffb);
  });
  it('16-bit addressing uses SI/DI/CX', () => {
    const r = run(
      'movl $0x3000, %esi\nmov $0x12340000, %edi\nmov $0x3100, %di\nmov $0xffff0002, %ecx\ncld\naddr16 rep movsw',
    );
    expect(r.regs.ecx).toBe(0xffff0000);
    expect(r.regs.edi).toBe(0x12343104);
  });
});
