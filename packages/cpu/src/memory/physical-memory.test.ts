// PhysicalMemory.noteWrite remembers the last range it found (or left) without watch flags, so a copy
// repeated over the same buffer costs one test. Setting any flag must end that: decoding code in the
// range, a snapshot, a restore, and code decoded by a listener while the range is being handled.
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from './physical-memory.js';

const BUFFER = 0x10000;
const LENGTH = 0x10000;

function memoryWithBufferClear(): { memory: PhysicalMemory; invalidated: number[] } {
  const memory = new PhysicalMemory(1 << 20);
  const invalidated: number[] = [];
  memory.addCodeWriteListener({ invalidateBlock: (block) => invalidated.push(block) });
  memory.noteWrite(BUFFER, LENGTH); // found clear, and remembered
  return { memory, invalidated };
}

describe('PhysicalMemory write watch', () => {
  it('tells a listener of code decoded in a range found clear before', () => {
    const { memory, invalidated } = memoryWithBufferClear();
    memory.markCode(BUFFER + 0x4321, 4);
    memory.noteWrite(BUFFER, LENGTH);
    expect(invalidated).toEqual([(BUFFER + 0x4300) >>> 8]);
    memory.noteWrite(BUFFER, LENGTH);
    expect(invalidated).toHaveLength(1);
  });

  it('saves a page for a snapshot taken after the range was found clear', () => {
    const { memory } = memoryWithBufferClear();
    memory.writeU8(BUFFER + 0x2000, 0x11);
    const snap = memory.snapshot();
    memory.write(BUFFER, new Uint8Array(LENGTH).fill(0xee));
    expect(memory.dirtyPageCount).toBe(LENGTH / 4096);
    memory.restore(snap);
    expect(memory.readU8(BUFFER + 0x2000)).toBe(0x11);
    expect(memory.readU8(BUFFER + 0x2001)).toBe(0);
  });

  it('saves the pages again after a restore', () => {
    const { memory } = memoryWithBufferClear();
    const snap = memory.snapshot();
    memory.write(BUFFER, new Uint8Array(LENGTH).fill(0xee));
    memory.restore(snap);
    memory.write(BUFFER, new Uint8Array(LENGTH).fill(0xdd));
    expect(memory.dirtyPageCount).toBe(LENGTH / 4096);
    memory.restore(snap);
    expect(memory.readU32(BUFFER + 0x8000)).toBe(0);
  });

  it('does not take as clear a range where a listener decoded code while it was handled', () => {
    const memory = new PhysicalMemory(1 << 20);
    const invalidated: number[] = [];
    memory.addCodeWriteListener({
      invalidateBlock: (block) => {
        invalidated.push(block);
        // Decodes again at once (as a CPU might when the written block holds its current instruction).
        if (invalidated.length === 1) memory.markCode((block << 8) + 0x10, 1);
      },
    });
    memory.markCode(BUFFER + 0x100, 1);
    memory.noteWrite(BUFFER, LENGTH);
    memory.noteWrite(BUFFER, LENGTH);
    expect(invalidated).toEqual([(BUFFER + 0x100) >>> 8, (BUFFER + 0x100) >>> 8]);
  });
});
