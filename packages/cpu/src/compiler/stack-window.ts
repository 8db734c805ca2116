/**
 * The stack window of a compiled block: a run of SS offsets around ESP that 32-bit stack accesses
 * may use with one range test and no other check, because every byte of it was found, when the
 * window was set, to lie inside SS for reads and writes, in one page the TLB allows reading and
 * writing at this CPL, and outside watched memory (translated code, snapshot pages).
 *
 * Those facts hold until a handler call (segment loads, CPL, CR0/CR3/CR4, INVLPG, a hook) or a call
 * into the CPU's accessors (devices, snapshot notes): the block forgets the window after each (see
 * BlockWriter.cachedLoads and the slow paths in inline-memory.ts). In between, the TLB entries do not
 * change (only a flush or INVLPG drops one, and a walk fills only entries without the permission the
 * window needs) and nothing marks memory watched (only the step loop decodes and compiles).
 *
 * The window lives in three block locals: `swLo` (its first offset), `swLast` (the last offset a
 * 4-byte access may start at; -1 when there is no window) and `swPa` (physical address - offset).
 */
import { SS } from '../constants.js';
import type { Cpu } from '../cpu.js';

const PAGE = 4096;
const WATCH_BLOCK = 256;

/**
 * Sets `out` to [swLo, swLast, swPa] for the window around SS offset `o` (int32), or swLast = -1
 * when the access at `o` is not one the window can serve.
 */
export function stackWindow(c: Cpu, o: number, out: Int32Array): void {
  out[1] = -1;
  const lin = (c.segBase[SS] + o) | 0;
  const e = c.tlb[lin >>> 12];
  if ((e & c.tlbRead) === 0 || (e & c.tlbWrite) === 0) return;
  const pa = (e & -PAGE) | (lin & (PAGE - 1));
  const watch = c.watch;
  let first = pa >>> 8;
  if (watch[first] !== 0) return;
  let last = first;
  const pageFirst = first & -(PAGE / WATCH_BLOCK);
  const pageLast = pageFirst + PAGE / WATCH_BLOCK - 1;
  while (first > pageFirst && watch[first - 1] === 0) first--;
  while (last < pageLast && watch[last + 1] === 0) last++;
  // Offsets as unsigned numbers, clipped to the segment (both bounds) and to 0.
  const offset = o >>> 0;
  const start = Math.max(0, offset - (pa - first * WATCH_BLOCK));
  const end = Math.min(
    offset + ((last + 1) * WATCH_BLOCK - pa),
    Math.min(c.segReadMax[SS], c.segWriteMax[SS]) + 1,
  );
  if (end - start < 4) return;
  out[0] = start | 0;
  out[1] = end - start - 4;
  out[2] = (pa - offset) | 0;
}
