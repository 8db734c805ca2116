// SoftwareTlb.contiguousRun remembers the last run it measured for reads and for writes. Every
// change to an entry (a fill, an INVLPG, a flush) must end what it remembers, or a REP MOVS would
// copy into the physical pages of a mapping that is gone.
import { describe, expect, it } from 'vitest';
import { SoftwareTlb, T_SUP_READ, T_SUP_WRITE, T_USER_READ } from './mmu.js';

const BASE_PAGE = 0x400; // linear 0x400000
const PHYSICAL = 0x200000;
const RW = T_SUP_READ | T_SUP_WRITE;

/** A TLB mapping `pages` linear pages from BASE_PAGE onto consecutive physical pages from PHYSICAL. */
function mapped(pages: number): SoftwareTlb {
  const tlb = new SoftwareTlb();
  for (let p = 0; p < pages; p++) tlb.insert(BASE_PAGE + p, (PHYSICAL + p * 4096) | RW);
  return tlb;
}

const start = BASE_PAGE << 12;

describe('SoftwareTlb.contiguousRun', () => {
  it('measures a run up to the asked length, the first unmapped page or the first discontiguous one', () => {
    const tlb = mapped(16);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x10000);
    expect(tlb.contiguousRun(start + 0x800, 0x10000, T_SUP_READ)).toBe(0xf800);
    expect(tlb.contiguousRun(start, 0x20000, T_SUP_WRITE)).toBe(0x10000);
    tlb.insert(BASE_PAGE + 16, (PHYSICAL + 0x40000) | RW);
    expect(tlb.contiguousRun(start, 0x20000, T_SUP_READ)).toBe(0x10000);
    expect(tlb.contiguousRun((BASE_PAGE + 32) << 12, 0x1000, T_SUP_READ)).toBe(0);
  });

  it('answers from the remembered run: a shorter length, and a run that had ended', () => {
    const tlb = mapped(4);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x4000);
    expect(tlb.contiguousRun(start, 0x20000, T_SUP_READ)).toBe(0x4000);
    expect(tlb.contiguousRun(start, 0x2000, T_SUP_READ)).toBe(0x2000);
  });

  it('measures again when asked for more than a remembered run that had not ended', () => {
    const tlb = mapped(4);
    expect(tlb.contiguousRun(start, 0x3000, T_SUP_READ)).toBe(0x3000);
    expect(tlb.contiguousRun(start, 0x8000, T_SUP_READ)).toBe(0x4000);
  });

  it('forgets a run when a page of it is invalidated', () => {
    const tlb = mapped(16);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_WRITE)).toBe(0x10000);
    tlb.invalidate((BASE_PAGE + 5) << 12, false);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_WRITE)).toBe(0x5000);
  });

  it('forgets a run when an entry is filled: a page remapped, or one that extends it', () => {
    const tlb = mapped(16);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x10000);
    // A guest that rewrites a PTE without INVLPG, then faults in a write: the fill replaces the entry.
    tlb.insert(BASE_PAGE + 3, (PHYSICAL + 0x80000) | RW);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x3000);
    tlb.insert(BASE_PAGE + 3, (PHYSICAL + 0x3000) | RW);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x10000);
  });

  it('forgets a run when the TLB is flushed', () => {
    const tlb = mapped(16);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_WRITE)).toBe(0x10000);
    tlb.flush();
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_WRITE)).toBe(0);
  });

  it('keeps reads and writes apart: a page mapped read-only ends only the write run', () => {
    const tlb = mapped(16);
    tlb.insert(BASE_PAGE + 8, (PHYSICAL + 0x8000) | T_SUP_READ);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x10000);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_WRITE)).toBe(0x8000);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x10000);
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_WRITE)).toBe(0x8000);
  });

  it('keeps the rights asked for: a supervisor page ends a user run, not a supervisor one', () => {
    const tlb = new SoftwareTlb();
    for (let p = 0; p < 16; p++) {
      const rights = p === 12 ? T_SUP_READ : T_SUP_READ | T_USER_READ;
      tlb.insert(BASE_PAGE + p, (PHYSICAL + p * 4096) | rights);
    }
    expect(tlb.contiguousRun(start, 0x10000, T_SUP_READ)).toBe(0x10000);
    expect(tlb.contiguousRun(start, 0x10000, T_USER_READ)).toBe(0xc000);
  });
});
