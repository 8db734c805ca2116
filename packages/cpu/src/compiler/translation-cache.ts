/**
 * Block functions by their source text, shared by every CPU in this JavaScript realm.
 *
 * A block's source names everything it does: its EIPs, its counts and cycles, its handlers (by index
 * in the instruction set) and the decoded-instruction slots its handler calls use. It reads the CPU
 * only through its argument `c`, so the function compiled for one CPU is the function for the same
 * source on any other. Reusing it keeps what V8 learnt about it (type feedback, optimised code), which a
 * new function from the same source would have to learn again: a machine booted again in the same
 * process (the race explorer's trials, a benchmark's rounds, a test suite), or a block compiled again
 * after its page was rewritten with the same bytes, runs optimised code from its first pass.
 *
 * Results cannot differ: the cache only decides whether `new Function` runs again.
 */
import type { CompiledBlock } from './block-compiler.js';

export type BlockFunction = CompiledBlock['run'];

export class TranslationCache {
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly bySource = new Map<string, BlockFunction>();
  hits = 0;
  misses = 0;

  /** At most `capacity` functions are kept; the least recently used one goes first. */
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.bySource.size;
  }

  /** The function for `source`, made by `make` unless one is cached. */
  obtain(source: string, make: () => BlockFunction): BlockFunction {
    const cached = this.bySource.get(source);
    if (cached !== undefined) {
      this.hits++;
      this.bySource.delete(source);
      this.bySource.set(source, cached);
      return cached;
    }
    this.misses++;
    const made = make();
    if (this.bySource.size >= this.capacity) {
      const oldest = this.bySource.keys().next().value as string;
      this.bySource.delete(oldest);
    }
    this.bySource.set(source, made);
    return made;
  }

  clear(): void {
    this.bySource.clear();
  }
}

/**
 * The realm's cache: at most 4,096 functions. The guest kernel's blocks average about 8 KB of source
 * (25 KB at most), so a full cache holds some 35 MB of source text plus V8's code for it.
 */
export const SHARED_TRANSLATIONS = new TranslationCache(4096);
