import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

const TOP = 4 * 1024 * 1024;

function run(src: string) {
  const r = runAsm(`${src}\nint3`);
  expect(r.stop).toMatchObject({ vector: 3 });
  return r;
}

describe('stack instructions', () => {
  it('push %esp pushes the value before the push; pop %esp loads the popped value', () => {
    const r = run('push %esp\npop %eax\npush $0x1234\npop %esp');
    expect(r.regs.eax).toBe(TOP);
    expect(r.regs.esp).toBe(0x1234);
  });
  it('pusha/popa round trip, popa skips ESP', () => {
    const r = run('mov $1, %eax\nmov $2, %ebx\npusha\nxor %eax, %eax\nxor %ebx, %ebx\npopa');
    expect([r.regs.eax, r.regs.ebx, r.regs.esp]).toEqual([1, 2, TOP]);
  });
  it('enter/leave build and tear down a frame with nesting', () => {
    const r = run('mov $0x5000, %ebp\nenter $16, $2\nmov %ebp, %eax\nmov %esp, %ebx\nleave');
    expect(r.regs.eax).toBe(TOP - 4);
    expect(r.regs.ebx).toBe(TOP - 4 - 8 - 16);
    expect(r.regs.ebp).toBe(0x5000);
    expect(r.regs.esp).toBe(TOP);
  });
  it('pushf/popf: at CPL 3 with IOPL 0 popf cannot change IF or IOPL', () => {
    const r = runAsm('pushl $0x3202\npopf\npushf\npop %eax\nint3', { ring: 3 });
    expect(r.regs.eax & 0x3200).toBe(0);
  });
  it('pop to memory addressed through ESP uses the incremented ESP', () => {
    const r = run('push $7\npush $9\npopl 0(%esp)\npop %eax');
    expect(r.regs.eax).toBe(9);
  });
  it('a push over code that already ran: the new code runs (the push writes the immediate of a mov)', () => {
    const r = run(`
        jmp start
      target:
        mov $1, %eax
        ret
      start:
        call target
        mov $(target + 5), %esp
        push $2
        mov $${TOP}, %esp
        call target`);
    expect(r.regs.eax).toBe(2);
  });
  it('push of a register and a call over code that already ran: the new code runs', () => {
    // The pushed dword replaces the immediate of \`mov $1, %eax\` (bytes 1–4 of target).
    const r = run(`
        jmp start
      target:
        mov $1, %eax
        ret
      start:
        call target
        mov $(target + 5), %esp
        mov $2, %ebx
        push %ebx
        mov $${TOP}, %esp
        call target
        mov %eax, %esi
        mov $(target + 5), %esp
        call next
      next:
        mov $${TOP}, %esp
        call target
        mov $next, %ebx`);
    expect(r.regs.esi).toBe(2);
    expect(r.regs.eax).toBe(r.regs.ebx);
  });
});
