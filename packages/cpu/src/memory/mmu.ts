/**
 * The MMU: the software TLB and the 32-bit two-level page walk (SDM vol. 3A 4.3 "32-Bit Paging",
 * 4.6 access rights, 4.8 accessed and dirty flags, 4.10 TLBs). The TLB's entry array stays a field
 * of `Cpu` as well (`cpu.tlb`), because the memory fast paths read it on every access.
 */
import { CR0_PG, CR0_WP, CR4_PSE } from '../constants.js';
import type { Cpu } from '../cpu.js';

// Software TLB entry bits (the rest of an entry is the physical page base).
export const T_SUP_READ = 1;
export const T_USER_READ = 2;
export const T_SUP_WRITE = 4;
export const T_USER_WRITE = 8;
/** A bit no TLB entry has: forces the slow path (alignment checking). */
export const T_NEVER = 16;
/** Entries filled since the last flush are listed up to this many, so a flush clears only those. */
const TLB_LIST_SIZE = 8192;
/** Fields of a remembered run (SoftwareTlb.contiguousRun). */
const RUN_FIELDS = 5;

/** One entry per linear page: (physical page | T_* bits), 0 when empty. Only RAM pages are cached. */
export class SoftwareTlb {
  readonly entries = new Int32Array(1 << 20);
  private readonly filled = new Int32Array(TLB_LIST_SIZE);
  private count = 0;
  private overflow = false;
  /** Counts changes to `entries`: a run measured since the last one still holds. */
  private epoch = 0;
  /**
   * The last run measured for reads and for writes, RUN_FIELDS each: its start, rights, length,
   * whether it ended before the length asked for (so its length is the whole run), and the epoch.
   */
  private readonly runs = new Float64Array(2 * RUN_FIELDS);

  flush(): void {
    this.epoch++;
    if (this.overflow) {
      this.entries.fill(0);
      this.overflow = false;
    } else {
      for (let i = 0; i < this.count; i++) this.entries[this.filled[i]] = 0;
    }
    this.count = 0;
  }

  /** Drops one linear page; with `largePages`, every 4 KiB entry of its enclosing 4 MiB page too. */
  invalidate(linear: number, largePages: boolean): void {
    this.epoch++;
    const lpn = linear >>> 12;
    this.entries[lpn] = 0;
    if (largePages) {
      const first = lpn & ~0x3ff;
      for (let i = first; i < first + 1024; i++) this.entries[i] = 0;
    }
  }

  insert(lpn: number, entry: number): void {
    this.epoch++;
    if (this.count < TLB_LIST_SIZE) this.filled[this.count++] = lpn;
    else this.overflow = true;
    this.entries[lpn] = entry;
  }

  /**
   * Bytes of a run starting at linear `linear` (at most `max`) whose pages the TLB maps with a right
   * of `rights` onto consecutive physical addresses; 0 when the first page is not mapped so. A long
   * copy or fill can then be done at once, however many pages it spans. The last run of each kind
   * (reads, writes) is remembered until an entry changes, so a copy repeated over the same buffers
   * does not walk its pages again.
   */
  contiguousRun(linear: number, max: number, rights: number): number {
    const runs = this.runs;
    const k = (rights & (T_SUP_WRITE | T_USER_WRITE)) !== 0 ? RUN_FIELDS : 0;
    if (runs[k] === linear && runs[k + 1] === rights && runs[k + 4] === this.epoch) {
      const known = runs[k + 2];
      if (max <= known) return max;
      if (runs[k + 3] === 1) return known;
    }
    const run = this.measureRun(linear, max, rights);
    runs[k] = linear;
    runs[k + 1] = rights;
    runs[k + 2] = run;
    runs[k + 3] = run < max ? 1 : 0;
    runs[k + 4] = this.epoch;
    return run;
  }

  private measureRun(linear: number, max: number, rights: number): number {
    const entries = this.entries;
    const first = entries[linear >>> 12];
    if ((first & rights) === 0) return 0;
    const pa = (first & -4096) | (linear & 0xfff);
    let run = 4096 - (linear & 0xfff);
    while (run < max) {
      const next = entries[((linear + run) | 0) >>> 12];
      if ((next & rights) === 0 || (next & -4096) !== pa + run) return run;
      run += 4096;
    }
    return max;
  }
}

/** Caches a translation the walk allowed, with the access rights of the combined PDE/PTE. */
function fill(
  c: Cpu,
  lpn: number,
  pa: number,
  userOk: boolean,
  rw: boolean,
  dirty: boolean,
  wp: boolean,
): void {
  if (pa >= c.ramSize) return;
  // Writes go through the TLB only once the dirty bit is set, so the first write sets it.
  let e = T_SUP_READ;
  if (userOk) e |= T_USER_READ;
  if (dirty && (rw || !wp)) e |= T_SUP_WRITE;
  if (dirty && userOk && rw) e |= T_USER_WRITE;
  c.softTlb.insert(lpn, (pa & -4096) | e);
}

/**
 * Translates a linear address for an access, walking the page tables and setting A/D bits.
 * Returns the physical address, or -1 after storing the #PF error code in `c.lastPageFaultCode`
 * (no side effect on CR2). Fills the TLB for RAM pages.
 */
export function walkPageTables(c: Cpu, lin: number, write: boolean, user: boolean): number {
  lin |= 0;
  const lpn = lin >>> 12;
  if (!(c.cr0 & CR0_PG)) {
    const pa = lin >>> 0;
    if (pa < c.ramSize) c.softTlb.insert(lpn, (lin & -4096) | 15);
    return pa;
  }
  const mem = c.memory;
  const pdeAddr = (c.cr3 & -4096) | ((lin >>> 22) << 2);
  const pde = mem.readU32(pdeAddr);
  const errBase = (write ? 2 : 0) | (user ? 4 : 0);
  if (!(pde & 1)) {
    c.lastPageFaultCode = errBase;
    return -1;
  }
  const wp = (c.cr0 & CR0_WP) !== 0;
  if (pde & 0x80 && c.cr4 & CR4_PSE) {
    const userOk = (pde & 4) !== 0;
    const rw = (pde & 2) !== 0;
    if ((user && !userOk) || (write && !rw && (user || wp))) {
      c.lastPageFaultCode = errBase | 1;
      return -1;
    }
    const want = pde | 0x20 | (write ? 0x40 : 0);
    if (want !== pde) mem.writeU32(pdeAddr, want);
    const pa = ((pde & 0xffc00000) | (lin & 0x3fffff)) >>> 0;
    fill(c, lpn, pa, userOk, rw, (want & 0x40) !== 0, wp);
    return pa;
  }
  const pteAddr = (pde & -4096) | (((lin >>> 12) & 0x3ff) << 2);
  const pte = mem.readU32(pteAddr);
  if (!(pte & 1)) {
    c.lastPageFaultCode = errBase;
    return -1;
  }
  const userOk = (pde & pte & 4) !== 0;
  const rw = (pde & pte & 2) !== 0;
  if ((user && !userOk) || (write && !rw && (user || wp))) {
    c.lastPageFaultCode = errBase | 1;
    return -1;
  }
  if (!(pde & 0x20)) mem.writeU32(pdeAddr, pde | 0x20);
  const want = pte | 0x20 | (write ? 0x40 : 0);
  if (want !== pte) mem.writeU32(pteAddr, want);
  const pa = ((pte & -4096) | (lin & 0xfff)) >>> 0;
  fill(c, lpn, pa, userOk, rw, (want & 0x40) !== 0, wp);
  return pa;
}
