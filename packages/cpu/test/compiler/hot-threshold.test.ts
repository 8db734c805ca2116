// When the block compiler compiles: a branch target becomes a block after `hotThreshold` visits
// (DEFAULT_HOT_THRESHOLD unless set), and a threshold outside 1–65535 is refused.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import {
  type BlockCompilerOptions,
  Cpu,
  DEFAULT_HOT_THRESHOLD,
  InvalidArgumentError,
  PhysicalMemory,
  runFlat,
} from '../../src/index.js';

const ORIGIN = 0x8000;

/** A loop whose top (a branch target) is visited `passes` times: once on entry, then by each JNZ. */
function loop(passes: number): Uint8Array {
  const linked = linkFlat(
    assemble(`.code32
  mov $${passes}, %ecx
top:
  add %ecx, %eax
  dec %ecx
  jnz top
  hlt
`),
    { origin: ORIGIN },
  );
  if (!linked.ok) throw new Error(linked.diagnostics.map((d) => d.message).join('\n'));
  return linked.bytes;
}

const blocksAfter = (passes: number, compile: boolean | BlockCompilerOptions) =>
  runFlat({ code: loop(passes), origin: ORIGIN, compile }).cpu.compiledBlocks?.compiledCount ?? 0;

describe('block compiler: the hot threshold', () => {
  it('compiles a branch target at its hotThreshold-th visit, not before', () => {
    // The loop's top is reached `passes` times: first by falling through from the MOV (a visit only if
    // the step loop happens to look blocks up there, as it does where it resumes), then by JNZ.
    expect(blocksAfter(49, { hotThreshold: 50 })).toBe(0);
    expect(blocksAfter(51, { hotThreshold: 50 })).toBe(1);
    expect(blocksAfter(2, { hotThreshold: 1 })).toBe(1);
  });

  it('waits DEFAULT_HOT_THRESHOLD visits by default', () => {
    expect(DEFAULT_HOT_THRESHOLD).toBeGreaterThan(1);
    expect(blocksAfter(DEFAULT_HOT_THRESHOLD - 1, true)).toBe(0);
    expect(blocksAfter(DEFAULT_HOT_THRESHOLD + 1, true)).toBe(1);
  });

  it('gives the same registers and counts whatever the threshold', () => {
    const outcome = (compile: boolean | BlockCompilerOptions) => {
      const r = runFlat({ code: loop(5000), origin: ORIGIN, compile });
      return { regs: r.regs, instructions: r.instructions, cycles: r.cycles };
    };
    const interpreted = outcome(false);
    for (const hotThreshold of [1, 7, 4999, 65535]) expect(outcome({ hotThreshold })).toEqual(interpreted);
    expect(outcome(true)).toEqual(interpreted);
  });

  it('refuses a threshold that is not an integer from 1 to 65535', () => {
    const memory = new PhysicalMemory(1 << 20);
    for (const hotThreshold of [0, -1, 1.5, 65536, Number.NaN]) {
      expect(() => new Cpu({ memory, compile: { hotThreshold } }), String(hotThreshold)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => new Cpu({ memory, compile: { hotThreshold: 65535 } })).not.toThrow();
  });

  it('refuses a compile option that is neither a boolean nor settings', () => {
    const memory = new PhysicalMemory(1 << 20);
    for (const compile of [null, 'no', 0, [1]]) {
      expect(() => new Cpu({ memory, compile: compile as never }), String(compile)).toThrow(
        InvalidArgumentError,
      );
    }
    for (const compile of [undefined, true, false, {}]) {
      expect(() => new Cpu({ memory, compile }), String(compile)).not.toThrow();
    }
  });
});
