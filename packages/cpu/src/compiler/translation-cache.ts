/**
 * Translated blocks by the inputs they were translated from, shared by every CPU in this JavaScript
 * realm.
 *
 * A block's function reads the CPU only through its argument `c`; everything else it does follows
 * from its inputs (its EIP and offset in the page, its bytes, the first decoded-instruction slot its
 * handler calls keep, the cost model: see `translationKey` in block-compiler.ts). So the function
 * translated for one CPU is the function for the same inputs on any other. Reusing it skips writing
 * and compiling its source again and keeps what V8 learnt about it (type feedback, optimised code),
 * which a new function would have to learn again: a machine booted again in the same process (the
 * race explorer's trials, a benchmark's rounds, a test suite), or a block translated again after its
 * page was rewritten with the same bytes, runs optimised code from its first pass.
 *
 * Results cannot differ: the cache only decides whether a block is written and compiled again.
 */
import type { CompiledBlock } from './block-compiler.js';

export type BlockFunction = CompiledBlock['run'];

/** A translated block: its function, and the scratch slots it kept (in order) for its handler calls. */
export interface Translation {
  readonly run: BlockFunction;
  readonly kept: readonly number[];
}

export class TranslationCache {
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly byInputs = new Map<string, Translation>();
  hits = 0;
  misses = 0;

  /** At most `capacity` translations are kept; the least recently used one goes first. */
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.byInputs.size;
  }

  /** The translation made from `key`'s inputs, if one is cached. */
  get(key: string): Translation | undefined {
    const cached = this.byInputs.get(key);
    if (cached === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.byInputs.delete(key);
    this.byInputs.set(key, cached);
    return cached;
  }

  add(key: string, translation: Translation): void {
    if (this.byInputs.size >= this.capacity) {
      const oldest = this.byInputs.keys().next().value as string;
      this.byInputs.delete(oldest);
    }
    this.byInputs.set(key, translation);
  }

  clear(): void {
    this.byInputs.clear();
  }
}

/**
 * The realm's cache: at most 4,096 translations. Each holds a function whose source averaged about
 * 8 KB for the guest kernel's blocks (25 KB at most), so a full cache costs some tens of megabytes
 * of V8's code.
 */
export const SHARED_TRANSLATIONS = new TranslationCache(4096);
