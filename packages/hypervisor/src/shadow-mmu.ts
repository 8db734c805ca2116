import type { Cpu, PhysicalMemory } from '@vmi386/cpu';
import { HOLE_BASE, HOLE_PAGES, PAGE_SIZE, ROM_BASE } from './layout.js';

const P = 1;
const RW = 2;
const US = 4;
const A = 0x20;
const D = 0x40;

/** The first page-directory index of the hole (0xFC000000 >> 22). */
const HOLE_PDE = HOLE_BASE >>> 22;

/**
 * The page tables the CPU really walks: a shadow of the guest's, filled on demand like a TLB (a
 * "virtual TLB"). An entry is made when the guest first touches a page (a hidden page fault the
 * guest never sees) from the guest's own tables, and all of them are dropped when the guest
 * reloads CR3 or flushes a page — exactly when the i386 lets a kernel rely on new translations, so
 * the guest's page-table writes need no tracing. The hole is mapped in every shadow.
 *
 * Pages whose writes the monitor must see (the guest's descriptor tables and TSS) are *traced*:
 * their shadow entries are read-only, so a write faults to the monitor.
 */
export class ShadowMmu {
  /** Physical address of the shadow page directory (the real CR3). */
  readonly directory: number;
  /** Monitor RAM backing each hole page, by page index from HOLE_BASE. */
  readonly holeFrames: readonly number[];
  private readonly holeTable: number;
  private readonly freeTables: number[] = [];
  /** Shadow page table per directory index (physical), 0 when none. */
  private readonly tables = new Int32Array(1024);
  private readonly tracedFrames = new Set<number>();

  constructor(
    private readonly cpu: Cpu,
    private readonly memory: PhysicalMemory,
    /** Monitor RAM: [start, end), page aligned, beyond guest memory. */
    monitorStart: number,
    monitorEnd: number,
  ) {
    let next = monitorStart;
    const page = () => {
      if (next + PAGE_SIZE > monitorEnd) throw new Error('the monitor ran out of its own RAM');
      const at = next;
      next += PAGE_SIZE;
      this.memory.write(at, new Uint8Array(PAGE_SIZE));
      return at;
    };
    this.directory = page();
    this.holeTable = page();
    const frames: number[] = [];
    for (let i = 0; i < HOLE_PAGES; i++) frames.push(page());
    this.holeFrames = frames;
    while (next + PAGE_SIZE <= monitorEnd) this.freeTables.push(page());

    // The hole: supervisor-only everywhere; the ROM read-only (CR0.WP makes that hold for ring 1).
    for (let i = 0; i < HOLE_PAGES; i++) {
      const linear = HOLE_BASE + i * PAGE_SIZE;
      const writable = linear === ROM_BASE ? 0 : RW;
      this.memory.writeU32(this.holeTable + ((linear >>> 12) & 0x3ff) * 4, frames[i] | P | writable | A | D);
    }
    this.memory.writeU32(this.directory + HOLE_PDE * 4, this.holeTable | P | RW | A);
  }

  /** The monitor RAM page behind a hole address. */
  holePhysical(linear: number): number {
    const index = ((linear >>> 0) - HOLE_BASE) >>> 12;
    const frame = this.holeFrames[index];
    if (frame === undefined) throw new RangeError(`0x${linear.toString(16)} is not a backed hole page`);
    return frame + (linear & 0xfff);
  }

  /** Drops every guest translation (the guest reloaded CR3 or changed paging). */
  flush(): void {
    for (let i = 0; i < HOLE_PDE; i++) {
      const table = this.tables[i];
      if (table === 0) continue;
      this.memory.writeU32(this.directory + i * 4, 0);
      this.memory.write(table, new Uint8Array(PAGE_SIZE));
      this.freeTables.push(table);
      this.tables[i] = 0;
    }
    this.cpu.flushTlb();
  }

  /** Drops the translation of one page (the guest's INVLPG). */
  invalidate(linear: number): void {
    const table = this.tables[linear >>> 22];
    if (table) this.memory.writeU32(table + ((linear >>> 12) & 0x3ff) * 4, 0);
    this.cpu.invalidatePage(linear);
  }

  /** Maps guest-linear page `linear` to guest-physical `frame` (both page aligned) with these rights. */
  map(linear: number, frame: number, rights: { writable: boolean; user: boolean }): void {
    const index = linear >>> 22;
    if (index >= HOLE_PDE) throw new RangeError('the hole is the monitor’s');
    let table = this.tables[index];
    if (!table) {
      if (this.freeTables.length === 0) this.flush(); // out of shadow tables: start over
      table = this.freeTables.pop() as number;
      this.tables[index] = table;
      this.memory.writeU32(this.directory + index * 4, table | P | RW | US | A);
    }
    const writable = rights.writable && !this.tracedFrames.has(frame >>> 12);
    const entry = frame | P | (writable ? RW : 0) | (rights.user ? US : 0) | A | D;
    this.memory.writeU32(table + ((linear >>> 12) & 0x3ff) * 4, entry);
    this.cpu.invalidatePage(linear);
  }

  /** Sets or clears the write bit of one shadow entry (the monitor stepping over a traced write). */
  setWritable(linear: number, writable: boolean): void {
    const table = this.tables[linear >>> 22];
    if (!table) return;
    const at = table + ((linear >>> 12) & 0x3ff) * 4;
    const entry = this.memory.readU32(at);
    this.memory.writeU32(at, writable ? entry | RW : entry & ~RW);
    this.cpu.invalidatePage(linear);
  }

  isTraced(frame: number): boolean {
    return this.tracedFrames.has(frame >>> 12);
  }

  /**
   * Traces exactly these guest-physical pages from now on. Shadows are flushed so that no writable
   * entry for a newly traced page survives.
   */
  setTraced(frames: Iterable<number>): void {
    const next = new Set<number>();
    for (const f of frames) next.add(f >>> 12);
    let added = false;
    for (const f of next) if (!this.tracedFrames.has(f)) added = true;
    this.tracedFrames.clear();
    for (const f of next) this.tracedFrames.add(f);
    if (added) this.flush();
  }

  /** The shadow's bookkeeping (its tables are in monitor RAM, which the machine's snapshot holds). */
  saveState(): ShadowMmuState {
    return {
      freeTables: [...this.freeTables],
      tables: this.tables.slice(),
      tracedFrames: [...this.tracedFrames],
    };
  }

  loadState(state: ShadowMmuState): void {
    this.freeTables.length = 0;
    this.freeTables.push(...state.freeTables);
    this.tables.set(state.tables);
    this.tracedFrames.clear();
    for (const f of state.tracedFrames) this.tracedFrames.add(f);
  }
}

export interface ShadowMmuState {
  readonly freeTables: readonly number[];
  readonly tables: Int32Array;
  readonly tracedFrames: readonly number[];
}
