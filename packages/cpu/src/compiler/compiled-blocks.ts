/**
 * The compiled blocks of one CPU: looked up by the step loop at every branch target, compiled once a
 * start address has been reached `hotThreshold` times, and forgotten when their code changes.
 *
 * A block is found by its physical address and checked against the EIP and code size it was
 * compiled for (the same physical code seen at two linear addresses is two blocks: it hard-codes its
 * EIPs). Code writes reach it as they reach the decoded-instruction cache: PhysicalMemory calls
 * `invalidateBlock` for every write into a 256-byte block that holds decoded code, whoever writes it
 * (a guest store, a tool, the hypervisor patching a hook point, a snapshot restore).
 */
import type { Cpu } from '../cpu.js';
import { CACHE_SLOTS, DecodedInstructions } from '../decoder/decoded.js';
import type { CodeWriteListener } from '../memory/physical-memory.js';
import {
  type CompiledBlock,
  compileBlock,
  MAX_BLOCK_INSTRUCTIONS,
  type SlotAllocator,
} from './block-compiler.js';

const TABLE_BITS = 14;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/**
 * Visits of a branch target before it is compiled, by default. A new block costs far more than its
 * translation: V8 parses its source, runs it in its own bytecode interpreter (slower than the step
 * loop) until it is hot, then optimises it. Code visited a few dozen times never pays that back.
 * Measured on Debian's Linux to power-off (docs/performance.md): 24 visits 67–87 s, 800 41–53 s,
 * 1,600 40–45 s, 3,200 40–44 s; the guest kernel and the race explorer were as fast or faster.
 */
export const DEFAULT_HOT_THRESHOLD = 2048;

/** Settings of the block compiler (`new Cpu({ compile: { … } })`). */
export interface BlockCompilerOptions {
  /**
   * Visits of a branch target before its block is compiled (default DEFAULT_HOT_THRESHOLD, at most
   * 65,535). 1 compiles every target at its first visit: what tests of the compiler want.
   */
  readonly hotThreshold?: number;
}
/** Decoded-instruction slots reserved for handler calls of compiled blocks (after the cache and SCRATCH). */
export const COMPILED_SLOTS = 1 << 16;
const FIRST_SLOT = CACHE_SLOTS + 1;

export class CompiledBlocks implements CodeWriteListener, SlotAllocator {
  private readonly table = new Array<CompiledBlock | undefined>(TABLE_MASK + 1).fill(undefined);
  private readonly heat = new Uint16Array(TABLE_MASK + 1);
  private readonly hotThreshold: number;
  /** The blocks of each physical page, for invalidation. */
  private readonly byPage = new Map<number, CompiledBlock[]>();
  /** The slot `keep` hands out next (SlotAllocator). */
  nextSlot = FIRST_SLOT;
  /** Blocks compiled since the CPU was made (a diagnostic). */
  compiledCount = 0;

  constructor(
    private readonly cpu: Cpu,
    /** Called when a block is dropped, so a block that is running leaves at its next check. */
    private readonly onDrop: () => void,
    options: BlockCompilerOptions = {},
  ) {
    // Checked by `new Cpu` (argument-checks.ts).
    this.hotThreshold = options.hotThreshold ?? DEFAULT_HOT_THRESHOLD;
  }

  /**
   * The block starting at `eip` (physical `pa`, 32-bit code), or undefined when there is none
   * yet. Counts the visit and compiles the block when it has become hot.
   */
  lookup(eip: number, pa: number): CompiledBlock | undefined {
    const k = (pa ^ (pa >>> TABLE_BITS)) & TABLE_MASK;
    const b = this.table[k];
    if (b !== undefined && b.pa === pa && b.eip === eip) return b;
    if (++this.heat[k] < this.hotThreshold) return undefined;
    this.heat[k] = 0;
    return this.compile(k, eip, pa);
  }

  private compile(k: number, eip: number, pa: number): CompiledBlock | undefined {
    if (this.nextSlot + MAX_BLOCK_INSTRUCTIONS > FIRST_SLOT + COMPILED_SLOTS) this.invalidateAll();
    // Undefined when not even the first instruction translates (it crosses the page or is
    // undefined): the interpreter runs it, and the address is tried again once hot again.
    const block = compileBlock(this.cpu, eip, pa, this);
    if (block === undefined) return undefined;
    const old = this.table[k];
    if (old !== undefined) this.forget(old);
    this.compiledCount++;
    this.table[k] = block;
    const page = pa >>> 12;
    const list = this.byPage.get(page);
    if (list === undefined) this.byPage.set(page, [block]);
    else list.push(block);
    // Watch its bytes: a write to them must reach invalidateBlock.
    this.cpu.memory.markCode(block.paFirst, block.paEnd - block.paFirst);
    return block;
  }

  readonly scratch = new DecodedInstructions(MAX_BLOCK_INSTRUCTIONS);

  keep(k: number): number {
    const slot = this.nextSlot++;
    this.cpu.decoded.copySlot(this.scratch, k, slot);
    return slot;
  }

  invalidateBlock(blockIndex: number): void {
    const list = this.byPage.get(blockIndex >>> 4);
    if (list === undefined) return;
    const first = blockIndex << 8;
    const last = first + 255;
    let dropped = false;
    for (let n = list.length - 1; n >= 0; n--) {
      const b = list[n];
      if (b.paFirst <= last && b.paEnd > first) {
        this.removeFromTable(b);
        list.splice(n, 1);
        dropped = true;
      }
    }
    if (list.length === 0) this.byPage.delete(blockIndex >>> 4);
    if (dropped) this.onDrop();
  }

  /** Forgets every block (and reuses their slots). */
  invalidateAll(): void {
    this.table.fill(undefined);
    this.byPage.clear();
    this.nextSlot = FIRST_SLOT;
    this.onDrop();
  }

  private forget(b: CompiledBlock): void {
    const list = this.byPage.get(b.pa >>> 12);
    if (list === undefined) return;
    const n = list.indexOf(b);
    if (n >= 0) list.splice(n, 1);
  }

  private removeFromTable(b: CompiledBlock): void {
    const k = (b.pa ^ (b.pa >>> TABLE_BITS)) & TABLE_MASK;
    if (this.table[k] === b) this.table[k] = undefined;
  }
}
