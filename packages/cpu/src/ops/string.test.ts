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
  it('rep movsl over code that already ran: the new code runs', () => {
    const r = run(`
        jmp start
      target:
        mov $1, %eax
        ret
        .p2align 2
      replacement:
        mov $2, %eax
        ret
        .p2align 2
      start:
        call target
        mov $replacement, %esi
        mov $target, %edi
        mov $2, %ecx
        cld
        rep movsl
        call target`);
    expect(r.regs.eax).toBe(2);
  });
  describe('REP MOVSD/STOSD through 4 KiB pages that are not physically consecutive', () => {
    // Linear 0x200000–0x202fff (source) and 0x210000–0x212fff (destination) map onto physical pages
    // given per case; the rest of 0–4 MiB is identity-mapped. Each copy runs twice, so the second pass
    // finds every page in the TLB: a copy spanning pages must still follow each page's own mapping.
    function pagedCopy(srcPages: number[], dstPages: number[]) {
      const remap = [...srcPages.map((pa, k) => [0x200 + k, pa]), ...dstPages.map((pa, k) => [0x210 + k, pa])]
        .map(([lpn, pa]) => `movl $${pa | 3}, 0x11000 + 4 * ${lpn}`)
        .join('\n');
      return run(`
        mov $0x11000, %edi
        xor %ecx, %ecx
      1: mov %ecx, %eax
        shl $12, %eax
        or $3, %eax
        mov %eax, (%edi,%ecx,4)
        inc %ecx
        cmp $1024, %ecx
        jb 1b
        ${remap}
        movl $0x11003, 0x10000
        mov $0x10000, %eax
        mov %eax, %cr3
        mov %cr0, %eax
        or $0x80000000, %eax
        mov %eax, %cr0
        cld
        mov $0x200000, %edi
        xor %eax, %eax
      2: stosl
        inc %eax
        cmp $0x202ffc, %edi
        jbe 2b
        mov $2, %ebx
      3: mov $0x210000, %edi
        xor %eax, %eax
        mov $3072, %ecx
        rep stosl
        mov $0x200000, %esi
        mov $0x210000, %edi
        mov $3072, %ecx
        rep movsl
        dec %ebx
        jnz 3b`);
    }
    /** The dword index (0–3071) that each 4 KiB destination page should start with. */
    function expectCopied(r: ReturnType<typeof run>, dstPages: number[]) {
      dstPages.forEach((pa, k) => {
        expect(r.memory.readU32(pa)).toBe(k * 1024);
        expect(r.memory.readU32(pa + 4092)).toBe(k * 1024 + 1023);
      });
      expect(r.regs.esi).toBe(0x203000);
      expect(r.regs.edi).toBe(0x213000);
      expect(r.regs.ecx).toBe(0);
    }
    it('scattered source, consecutive destination', () => {
      const dst = [0x320000, 0x321000, 0x322000];
      expectCopied(pagedCopy([0x300000, 0x302000, 0x301000], dst), dst);
    });
    it('consecutive source, scattered destination', () => {
      const dst = [0x320000, 0x322000, 0x321000];
      expectCopied(pagedCopy([0x300000, 0x301000, 0x302000], dst), dst);
    });
  });
});
