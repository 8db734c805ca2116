// Paging rules (Intel SDM Vol. 3A, chapter 4 "Paging": 4.3 "32-Bit Paging", 4.6 "Access Rights",
// 4.7 "Page-Fault Exceptions", 4.8 "Accessed and Dirty Flags", 4.10 "Caching Translation Information").
// Each program identity-maps the first 4 MiB with 4 KiB user/writable pages, then edits the entries
// for the page at linear 0x300000 (PTE slot 0x300) before it touches it.
import { describe, expect, it } from 'vitest';
import { runProgram } from './run.js';

const PF = 14;
const PAGE = 0x300000;

const TABLES = `
    .p2align 12
pgdir:  .fill 1024, 4, 0
pgtab:  .fill 1024, 4, 0
`;

/** Identity map 0–4 MiB (P | R/W | U/S), PTE for 0x300000 set to \`pte\`, paging on (CR0.WP per \`wp\`). */
function pagingOn(pte: string, wp = false): string {
  return `
    movl $pgtab, %eax
    orl $7, %eax
    movl %eax, pgdir
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $12, %eax
    orl $7, %eax
    movl %eax, pgtab(,%ecx,4)
    incl %ecx
    cmpl $1024, %ecx
    jb 1b
    movl $${pte}, pgtab + 4*0x300
    movl $pgdir, %eax
    movl %eax, %cr3
    movl %cr0, %eax
    orl $${wp ? '0x80010000' : '0x80000000'}, %eax
    movl %eax, %cr0
`;
}

function program(code: string, pte: string, options: { wp?: boolean; user?: boolean } = {}) {
  const body = options.user ? `    TO_RING3 user\nuser:\n${code}` : code;
  return runProgram({ code: `${pagingOn(pte, options.wp)}\n${body}`, data: TABLES });
}

describe('paging (SDM Vol. 3A, chapter 4)', () => {
  it('SDM Vol. 3A 4.7 "Page-Fault Exceptions": a kernel read of a not-present page: #PF, CR2, error code 0', () => {
    const r = program(
      `
fault:
    movl ${PAGE + 0x123}, %eax
    DONE`,
      '0x300006', // not present
    );
    expect(r.exception.vector).toBe(PF);
    expect(r.exception.cr2).toBe(PAGE + 0x123);
    expect(r.exception.frame[0]).toBe(0); // P=0, W/R=0, U/S=0
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(r.exception.frame[2]).toBe(0x08);
  });

  it('SDM Vol. 3A 4.7: a user write to a not-present page: error code 6', () => {
    const r = program(`\nfault:\n    movl %eax, ${PAGE}\n    DONE`, '0x300006', { user: true });
    expect(r.exception.vector).toBe(PF);
    expect(r.exception.cr2).toBe(PAGE);
    expect(r.exception.frame[0]).toBe(6);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(r.exception.frame[2]).toBe(0x1b);
  });

  it('SDM Vol. 3A 4.6 "Access Rights": a user read of a supervisor page: error code 5', () => {
    const r = program(`\nfault:\n    movl ${PAGE + 8}, %eax\n    DONE`, '0x300003', { user: true });
    expect(r.exception.vector).toBe(PF);
    expect(r.exception.cr2).toBe(PAGE + 8);
    expect(r.exception.frame[0]).toBe(5);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 4.6: a user write to a read-only user page: error code 7', () => {
    const r = program(`\n    movl ${PAGE}, %eax\nfault:\n    movl %eax, ${PAGE}\n    DONE`, '0x300005', {
      user: true,
    });
    expect(r.exception.vector).toBe(PF);
    expect(r.exception.frame[0]).toBe(7);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
  });

  it('SDM Vol. 3A 4.6: with CR0.WP = 0 the kernel writes read-only pages; with CR0.WP = 1 it faults (error code 3)', () => {
    const noWp = program(`\n    movl $0x5a5a, ${PAGE}\n    DONE`, '0x300005');
    expect(noWp.exception.vector).toBe(-1);
    expect(noWp.done).toBe(true);
    expect(noWp.memory.readU32(PAGE)).toBe(0x5a5a);
    const wp = program(`\nfault:\n    movl $0x5a5a, ${PAGE}\n    DONE`, '0x300005', { wp: true });
    expect(wp.exception.vector).toBe(PF);
    expect(wp.exception.frame[0]).toBe(3);
    expect(wp.exception.cr2).toBe(PAGE);
    expect(wp.exception.frame[1]).toBe(wp.at('fault'));
    expect(wp.memory.readU32(PAGE)).toBe(0);
  });

  it('SDM Vol. 3A 4.7: an instruction fetch from a not-present page faults with CR2 = EIP = the target', () => {
    const r = program(`\n    movl $${PAGE + 0x10}, %eax\n    jmp *%eax\n    DONE`, '0x300006');
    expect(r.exception.vector).toBe(PF);
    expect(r.exception.cr2).toBe(PAGE + 0x10);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(PAGE + 0x10);
  });

  it('SDM Vol. 3A 4.8 "Accessed and Dirty Flags": a read sets A in the PDE and PTE, a write sets D', () => {
    const r = program(
      `
    andl $~0x20, pgdir            # clear PDE.A (it was set while mapping the code)
    movl %cr3, %eax
    movl %eax, %cr3
    movl ${PAGE}, %eax
    movl pgtab + 4*0x300, %eax
    RESULT 0, %eax
    movl pgdir, %eax
    RESULT 1, %eax
    movl %eax, ${PAGE}
    movl pgtab + 4*0x300, %eax
    RESULT 2, %eax
    DONE`,
      '0x300007',
    );
    expect(r.done).toBe(true);
    expect(r.result(0) & 0x60).toBe(0x20); // PTE: A set, D clear
    expect(r.result(1) & 0x20).toBe(0x20); // PDE: A set
    expect(r.result(2) & 0x60).toBe(0x60); // PTE: A and D
  });

  it('SDM Vol. 3A 4.3 "32-Bit Paging" (Table 4-4): a 4 MiB page with CR4.PSE maps 4 MiB at once', () => {
    const r = program(
      `
    movl %cr4, %eax
    orl $0x10, %eax
    movl %eax, %cr4
    movl $0x00400087, pgdir + 4   # 0x400000–0x7FFFFF → itself (PS, U/S, R/W, P)
    movl $0x00400083, pgdir + 8   # 0x800000–0xBFFFFF → 0x400000 (PS, R/W, P)
    movl %cr3, %eax
    movl %eax, %cr3
    movl $0xfeedf00d, 0x8abcd0
    movl 0x4abcd0, %eax
    RESULT 0, %eax
    DONE`,
      '0x300007',
    );
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(r.result(0)).toBe(0xfeedf00d);
    expect(r.memory.readU32(0x4abcd0)).toBe(0xfeedf00d);
  });

  it('SDM Vol. 3A 4.6 with Table 4-4: CR0.WP applies to a read-only 4 MiB page too — the kernel may write it with WP = 0 and faults (error code 3) with WP = 1', () => {
    const code = (label: string) => `
    movl %cr4, %eax
    orl $0x10, %eax
    movl %eax, %cr4
    movl $0x00400085, pgdir + 4   # 0x400000–0x7FFFFF → itself (PS, U/S, read-only, P)
    movl %cr3, %eax
    movl %eax, %cr3
${label}:
    movl $0x5a5a5a5a, 0x4abcd0
    DONE`;
    const noWp = program(code('write'), '0x300007');
    expect(noWp.exception.vector).toBe(-1);
    expect(noWp.memory.readU32(0x4abcd0)).toBe(0x5a5a5a5a);
    const wp = program(code('fault'), '0x300007', { wp: true });
    expect(wp.exception.vector).toBe(PF);
    expect(wp.exception.frame[0]).toBe(3);
    expect(wp.exception.cr2).toBe(0x4abcd0);
    expect(wp.exception.frame[1]).toBe(wp.at('fault'));
    expect(wp.memory.readU32(0x4abcd0)).toBe(0);
  });

  it('SDM Vol. 3A 4.10.4 "Invalidation of TLBs and Paging-Structure Caches": after invlpg or a CR3 load the new PTE is used', () => {
    const r = program(
      `
    movl $0x11111111, 0x301000
    movl $0x22222222, 0x302000
    movl $0x33333333, 0x303000
    movl $0x301007, pgtab + 4*0x300
    invlpg ${PAGE}
    movl ${PAGE}, %eax
    RESULT 0, %eax
    movl $0x302007, pgtab + 4*0x300
    invlpg ${PAGE}
    movl ${PAGE}, %eax
    RESULT 1, %eax
    movl $0x303007, pgtab + 4*0x300
    movl %cr3, %eax
    movl %eax, %cr3
    movl ${PAGE}, %eax
    RESULT 2, %eax
    DONE`,
      '0x300007',
    );
    expect(r.done).toBe(true);
    expect([r.result(0), r.result(1), r.result(2)]).toEqual([0x11111111, 0x22222222, 0x33333333]);
  });

  it('SDM Vol. 3A 4.6 "Access Rights": U/S and R/W combine over the PDE and the PTE (either level can deny)', () => {
    const run = (pde: string, access: string) =>
      runProgram({
        data: `${TABLES}pgtab2: .fill 1024, 4, 0`,
        code: `${pagingOn('0x300007')}
    movl $0x400007, pgtab2        # 0x400000 → itself, user and writable in the PTE
    movl $pgtab2, %eax
    orl $${pde}, %eax
    movl %eax, pgdir + 4
    movl %cr3, %eax
    movl %eax, %cr3
    TO_RING3 user
user:
fault:
    ${access}
    DONE`,
      });
    const supervisorPde = run('3', 'movl 0x400000, %eax');
    expect(supervisorPde.exception.vector).toBe(PF);
    expect(supervisorPde.exception.frame[0]).toBe(5);
    expect(supervisorPde.exception.cr2).toBe(0x400000);
    expect(supervisorPde.exception.frame[1]).toBe(supervisorPde.at('fault'));
    const readOnlyPde = run('5', 'movl %eax, 0x400000');
    expect(readOnlyPde.exception.vector).toBe(PF);
    expect(readOnlyPde.exception.frame[0]).toBe(7);
    const both = run('7', 'movl %eax, 0x400000');
    expect(both.exception.vector).toBe(-1);
    expect(both.done).toBe(true);
  });
});
