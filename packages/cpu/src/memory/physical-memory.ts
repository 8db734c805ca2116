/**
 * Physical memory: one flat RAM buffer the CPU reads directly on its fast path.
 *
 * Writes are "watched" per 256-byte block through one byte of flags per block:
 * - WATCH_CODE: a CPU decoded instructions in the block, so a write must invalidate them
 *   (the hypervisor patches code at runtime; a guest may modify its own code).
 * - WATCH_SNAPSHOT: the block's 4 KiB page has not been saved since the last snapshot, so
 *   the first write copies the page into the undo log (copy-on-write snapshots).
 * A CPU's fast write path tests `watch[pa >>> 8]` and calls `noteWrite` only when it is non-zero.
 */
import { checkMemorySize } from './memory-size.js';

export const WATCH_CODE = 1;
export const WATCH_SNAPSHOT = 2;
const BLOCK_SHIFT = 8;
const PAGE_SHIFT = 12;
const BLOCKS_PER_PAGE = 1 << (PAGE_SHIFT - BLOCK_SHIFT);

/** Something holding decoded code that must forget a block when it is written (a CPU's decode cache). */
export interface CodeWriteListener {
  invalidateBlock(blockIndex: number): void;
}

/** A restorable point in time of a PhysicalMemory (see `snapshot`). */
export interface MemorySnapshot {
  readonly id: number;
}

interface UndoLog {
  id: number;
  /** Original contents of the pages written since the snapshot, by page number. */
  pages: Map<number, Uint8Array>;
}

export class PhysicalMemory {
  readonly size: number;
  readonly bytes: Uint8Array;
  /** Little-endian view of `bytes` for 16/32-bit accesses. */
  readonly view: DataView;
  /** One byte of WATCH_* flags per 256-byte block. */
  readonly watch: Uint8Array;
  /** `watch` four blocks at a time (RAM is whole pages, so whole words): long writes skip them fast. */
  private readonly watchWords: Int32Array;
  private readonly listeners: CodeWriteListener[] = [];
  private undo: UndoLog | undefined;
  private nextSnapshotId = 1;
  /** Counts the times a watch flag was set: a range found clear stays clear while it is unchanged. */
  private watchStamp = 0;
  /** Blocks [clearFirst, clearLast] held no watch flag when `watchStamp` was `clearStamp`. */
  private clearFirst = 1;
  private clearLast = 0;
  private clearStamp = -1;

  constructor(sizeBytes: number) {
    checkMemorySize('new PhysicalMemory', 'a size', sizeBytes);
    this.size = sizeBytes;
    this.bytes = new Uint8Array(sizeBytes);
    this.view = new DataView(this.bytes.buffer);
    this.watch = new Uint8Array(sizeBytes >>> BLOCK_SHIFT);
    this.watchWords = new Int32Array(this.watch.buffer);
  }

  addCodeWriteListener(listener: CodeWriteListener): void {
    this.listeners.push(listener);
  }

  removeCodeWriteListener(listener: CodeWriteListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Marks the blocks [first, last] as holding decoded code. */
  markCode(physicalAddress: number, length: number): void {
    const first = physicalAddress >>> BLOCK_SHIFT;
    const last = (physicalAddress + length - 1) >>> BLOCK_SHIFT;
    this.watchStamp++;
    for (let b = first; b <= last && b < this.watch.length; b++) this.watch[b] |= WATCH_CODE;
  }

  /**
   * Called before a write of `length` bytes at `pa` lands in a watched block: saves the page for the
   * open snapshot and invalidates decoded code. Idempotent; cheap after the first call per block, and
   * one test when the range lies in the last one handled and no flag was set since (a copy repeated
   * over the same buffer).
   */
  noteWrite(pa: number, length: number): void {
    const first = pa >>> BLOCK_SHIFT;
    const last = Math.min((pa + length - 1) >>> BLOCK_SHIFT, this.watch.length - 1);
    const stamp = this.watchStamp;
    if (first >= this.clearFirst && last <= this.clearLast && stamp === this.clearStamp) return;
    const words = this.watchWords;
    // Four blocks at a time: a long copy over RAM that holds no code and no snapshot page is one
    // test per 1 KiB.
    for (let k = first >>> 2; k <= last >>> 2; k++) {
      if (words[k] === 0) continue;
      for (let b = Math.max(k << 2, first); b <= Math.min((k << 2) + 3, last); b++) {
        const w = this.watch[b];
        if (w === 0) continue;
        if (w & WATCH_SNAPSHOT) this.savePage(b >>> (PAGE_SHIFT - BLOCK_SHIFT));
        if (w & WATCH_CODE) {
          this.watch[b] &= ~WATCH_CODE;
          for (const l of this.listeners) l.invalidateBlock(b);
        }
      }
    }
    // Every flag of the range has been handled and cleared (a saved page clears its whole page's).
    this.clearFirst = first;
    this.clearLast = last;
    this.clearStamp = stamp;
  }

  private savePage(page: number): void {
    const undo = this.undo;
    const firstBlock = page * BLOCKS_PER_PAGE;
    for (let b = firstBlock; b < firstBlock + BLOCKS_PER_PAGE; b++) this.watch[b] &= ~WATCH_SNAPSHOT;
    if (!undo || undo.pages.has(page)) return;
    const start = page << PAGE_SHIFT;
    undo.pages.set(page, this.bytes.slice(start, start + 4096));
  }

  /**
   * Starts a copy-on-write snapshot: from now on the first write to each page saves its old contents.
   * Only the most recent snapshot can be restored (restoring it keeps it open, so a race explorer can
   * restore the same point thousands of times at the cost of the pages each run dirtied).
   */
  snapshot(): MemorySnapshot {
    this.undo = { id: this.nextSnapshotId++, pages: new Map() };
    this.watchStamp++;
    for (let i = 0; i < this.watch.length; i++) this.watch[i] |= WATCH_SNAPSHOT;
    return { id: this.undo.id };
  }

  /** Restores the contents at `snap` (which must be the latest snapshot). */
  restore(snap: MemorySnapshot): void {
    const undo = this.undo;
    if (!undo || undo.id !== snap.id) throw new Error('only the latest memory snapshot can be restored');
    this.watchStamp++;
    for (const [page, data] of undo.pages) {
      const start = page << PAGE_SHIFT;
      const firstBlock = page * BLOCKS_PER_PAGE;
      // Decoded code on the page is stale after the copy back.
      for (let b = firstBlock; b < firstBlock + BLOCKS_PER_PAGE; b++) {
        if (this.watch[b] & WATCH_CODE) {
          this.watch[b] &= ~WATCH_CODE;
          for (const l of this.listeners) l.invalidateBlock(b);
        }
        this.watch[b] |= WATCH_SNAPSHOT;
      }
      this.bytes.set(data, start);
    }
    undo.pages.clear();
  }

  /** Stops tracking writes for snapshots. */
  dropSnapshot(): void {
    this.undo = undefined;
    for (let i = 0; i < this.watch.length; i++) this.watch[i] &= ~WATCH_SNAPSHOT;
  }

  /** Number of pages saved since the current snapshot (for tests and statistics). */
  get dirtyPageCount(): number {
    return this.undo ? this.undo.pages.size : 0;
  }

  write(address: number, data: Uint8Array): void {
    address >>>= 0;
    if (address >= this.size) return;
    const n = Math.min(data.length, this.size - address);
    if (n <= 0) return;
    this.noteWrite(address, n);
    this.bytes.set(n === data.length ? data : data.subarray(0, n), address);
  }

  read(address: number, length: number): Uint8Array {
    address >>>= 0;
    const out = new Uint8Array(length).fill(0xff);
    if (address < this.size) out.set(this.bytes.subarray(address, Math.min(this.size, address + length)));
    return out;
  }

  readU8(address: number): number {
    address >>>= 0;
    return address < this.size ? this.bytes[address] : 0xff;
  }

  readU16(address: number): number {
    address >>>= 0;
    if (address + 1 < this.size) return this.view.getUint16(address, true);
    return this.readU8(address) | (this.readU8(address + 1) << 8);
  }

  readU32(address: number): number {
    address >>>= 0;
    if (address + 3 < this.size) return this.view.getUint32(address, true);
    return (this.readU16(address) | (this.readU16(address + 2) << 16)) >>> 0;
  }

  writeU8(address: number, value: number): void {
    address >>>= 0;
    if (address >= this.size) return;
    if (this.watch[address >>> BLOCK_SHIFT] !== 0) this.noteWrite(address, 1);
    this.bytes[address] = value;
  }

  writeU16(address: number, value: number): void {
    address >>>= 0;
    if (address + 1 >= this.size) {
      this.writeU8(address, value);
      this.writeU8(address + 1, value >>> 8);
      return;
    }
    this.noteWrite(address, 2);
    this.view.setUint16(address, value, true);
  }

  writeU32(address: number, value: number): void {
    address >>>= 0;
    if (address + 3 >= this.size) {
      this.writeU16(address, value);
      this.writeU16(address + 2, value >>> 16);
      return;
    }
    this.noteWrite(address, 4);
    this.view.setUint32(address, value >>> 0, true);
  }
}
