import { PhysicalMemory } from '@vmi386/cpu';
import { describe, expect, it } from 'vitest';
import { walkGuest } from './guest-paging.js';

const SIZE = 8 * 1024 * 1024;
const PD = 0x10000;
const PT = 0x11000;

/** A guest with one page table: linear 0x400000 + n·4096 → physical 0x200000 + n·4096. */
function guest() {
  const memory = new PhysicalMemory(SIZE);
  memory.writeU32(PD + 1 * 4, PT | 0x007); // present, writable, user
  memory.writeU32(PT + 0 * 4, 0x200000 | 0x007); // user read/write
  memory.writeU32(PT + 1 * 4, 0x201000 | 0x005); // user read-only
  memory.writeU32(PT + 2 * 4, 0x202000 | 0x001); // supervisor read-only
  memory.writeU32(PD + 3 * 4, 0x800000 | 0x083); // a 4 MiB page at 0xC00000 (with CR4.PSE)
  return memory;
}

const state = (overrides: Partial<Parameters<typeof walkGuest>[2]> = {}) => ({
  paging: true,
  writeProtect: true,
  cr3: PD,
  pse: true,
  ...overrides,
});

describe('walkGuest: the guest’s own page tables, as the MMU walks them (SDM vol. 3A, 4.3)', () => {
  it('translates, and sets the accessed and dirty bits the hardware would', () => {
    const memory = guest();
    const read = walkGuest(memory, SIZE, state(), 0x400123, { write: false, user: true });
    expect(read).toMatchObject({
      kind: 'mapped',
      physical: 0x200123,
      writable: true,
      user: true,
      dirty: false,
    });
    expect(memory.readU32(PT) & 0x60).toBe(0x20);
    walkGuest(memory, SIZE, state(), 0x400123, { write: true, user: true });
    expect(memory.readU32(PT) & 0x60).toBe(0x60);
  });

  it('faults with the error code the CPU would push', () => {
    const memory = guest();
    const at = (linear: number, write: boolean, user: boolean, s = state()) =>
      walkGuest(memory, SIZE, s, linear, { write, user });
    expect(at(0x900000, false, false)).toEqual({ kind: 'fault', errorCode: 0 }); // not present
    expect(at(0x401000, true, true)).toEqual({ kind: 'fault', errorCode: 7 }); // user write, read-only
    expect(at(0x402000, false, true)).toEqual({ kind: 'fault', errorCode: 5 }); // user read, supervisor page
    expect(at(0x401000, true, false)).toEqual({ kind: 'fault', errorCode: 3 }); // supervisor write with WP
    expect(at(0x401000, true, false, state({ writeProtect: false }))).toMatchObject({ kind: 'mapped' });
  });

  it('honours 4 MiB pages only with CR4.PSE, and is the identity with paging off', () => {
    const memory = guest();
    expect(walkGuest(memory, SIZE, state(), 0xc01234, { write: false, user: false })).toMatchObject({
      physical: 0x801234,
    });
    expect(
      walkGuest(memory, SIZE, state({ paging: false }), 0x123456, { write: true, user: false }),
    ).toMatchObject({
      physical: 0x123456,
    });
  });
});
