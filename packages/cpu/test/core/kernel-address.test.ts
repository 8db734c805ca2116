// The decoded-instruction cache serves code at every EIP: a loop at a kernel address (EIP >= 2^31)
// or in the 0xFC000000 hole takes the cached path like the same loop low in memory, with paging on
// or off. Counted by slow-path decodes, not timed.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { Cpu, FLAT_SELECTORS, PhysicalMemory, writeFlatGdt } from '../../src/index.js';

const OFFSET = 0x1000;
const LOOP = `
.code32
  mov $3, %ebx
outer:
  mov $1000, %ecx
inner:
  add %ebx, %eax
  xor %eax, %edx
  dec %ecx
  jnz inner
  jmp outer
`;

/**
 * Runs the loop at linear `base + OFFSET` (physical OFFSET): with paging, `base` maps through a
 * 4 MiB page onto physical 0; without, CS.base = 2^32 - base wraps EIP `base + OFFSET` back to it.
 */
function loopAt(base: number, paging: boolean): Cpu {
  const memory = new PhysicalMemory(8 * 1024 * 1024);
  const eip = (base + OFFSET) >>> 0;
  const image = linkFlat(assemble(LOOP), { origin: eip });
  if (!image.ok) throw new Error(image.diagnostics.map((d) => d.message).join('\n'));
  memory.write(OFFSET, image.bytes);
  const cpu = new Cpu({ memory });
  cpu.gdtr = { base: 0x800, limit: writeFlatGdt(memory, 0x800, 0x900) };
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, FLAT_SELECTORS.data0, 0, 0xffffffff, 0xc093);
  // Without paging the code segment's base wraps the high EIP back onto physical memory.
  const csBase = paging ? 0 : (0x100000000 - base) >>> 0;
  cpu.setSegmentCache(1, FLAT_SELECTORS.code0, csBase, 0xffffffff, 0xc09b);
  cpu.esp = 0x80000;
  cpu.eip = eip;
  if (paging) {
    const pd = 0x10000;
    memory.writeU32(pd, 0x83);
    memory.writeU32(pd + (base >>> 22) * 4, 0x83);
    cpu.cr4 = cpu.cr4 | 0x10;
    cpu.cr3 = pd;
    cpu.cr0 = cpu.cr0 | 0x80000000;
  }
  return cpu;
}

describe('decoded-instruction cache at every address', () => {
  const cases: [string, number, boolean][] = [
    ['low, paging off', 0, false],
    ['low, paging on', 0, true],
    ['0xC0000000, paging on', 0xc0000000, true],
    ['0xC0000000, paging off (CS base wraps)', 0xc0000000, false],
    ['0xFC000000, paging on', 0xfc000000, true],
    ['0xFFC00000, paging on', 0xffc00000, true],
  ];
  for (const [name, base, paging] of cases) {
    it(`${name}: 100k instructions, one slow-path decode, same result`, () => {
      const cpu = loopAt(base, paging);
      const stop = cpu.run(100_000);
      expect(stop.kind).toBe('limit');
      expect(cpu.instructionCount).toBe(100_000);
      // Only the very first fetch, which misses the empty TLB (before the fix: every instruction).
      expect(cpu.slowPathDecodes).toBe(1);
      // The loop body ran as it does low in memory.
      const low = loopAt(0, false);
      low.run(100_000);
      expect([cpu.eax, cpu.ecx, cpu.edx, (cpu.eip - base - OFFSET) >>> 0]).toEqual([
        low.eax,
        low.ecx,
        low.edx,
        low.eip - OFFSET,
      ]);
    });
  }
});
