/**
 * Memory accesses written out inline in compiled blocks: the step loop's fast path (segment limit,
 * software TLB, RAM, no watched code) as JavaScript, and the CPU's own accessors otherwise (the slow
 * path, faults and devices included). The access order is the interpreter's: a read-modify-write
 * checks the segment for writing, reads, checks the page for writing, and only then computes and
 * writes (`rmwAddr` and `readForWrite` in ops/width.ts), so a fault leaves the locals untouched.
 */
import { ESP, SIGN_BIT, SS } from '../constants.js';
import { EA_32 } from '../decoder/decoded.js';
import type { BlockWriter } from './block-writer.js';
import type { TemplateInput } from './template.js';

/** An operand size in bytes. */
export type Size = 1 | 2 | 4;

/**
 * CPU fields that only a handler call can change (segment loads, CPL and CR0 changes): compiled code
 * reads them from locals of the same name, loaded on entry and again after every full handler call
 * (with the segment locals, BlockWriter.cachedLoads; the segment ends come from Cpu.segFastEnd).
 */
export const CACHED_FIELDS =
  'big = c.ssBig, csMax = c.csLimitFlipped, tlbR = c.tlbRead, tlbW = c.tlbWrite, swLo = 0, swLast = -1, swPa = 0';

const VIEW_GET: Record<Size, string> = { 1: 'getUint8', 2: 'getUint16', 4: 'getInt32' };
const VIEW_SET: Record<Size, string> = { 1: 'setUint8', 2: 'setUint16', 4: 'setInt32' };
const BITS: Record<Size, number> = { 1: 8, 2: 16, 4: 32 };

/**
 * The fast-path test: the access lies inside the segment and the page, and the TLB allows it. The
 * segment's base and end are block locals (BlockWriter.segmentBase/segmentEnd), so it is all int32.
 */
function fastPath(w: BlockWriter, size: Size, seg: number, write: boolean): string {
  const end = w.segmentEnd(seg, write, size);
  return `(o ^ ${SIGN_BIT}) < ${end} && (e & ${write ? 'tlbW' : 'tlbR'}) !== 0 && (lin & 0xfff) <= ${0x1000 - size}`;
}

/** `o` = the offset as int32, `lin` its linear address (`o >>> 0` is the offset the CPU's accessors take). */
const linear = (w: BlockWriter, seg: number, offset: string) =>
  `o = ${offset} | 0; lin = (${w.segmentBase(seg)} + o) | 0;`;

/** No byte of the access at `pa` is watched code (a write there must reach the code caches). */
function unwatched(size: Size): string {
  return size === 1 ? 'watch[pa >>> 8] === 0' : `(watch[pa >>> 8] | watch[(pa + ${size - 1}) >>> 8]) === 0`;
}

/** Emits a load of `size` bytes (zero-extended; 32-bit loads as int32) of seg:`offset` into `v`. */
export function load(w: BlockWriter, size: Size, seg: number, offset: string): void {
  w.emit(
    `${linear(w, seg, offset)} e = tlb[lin >>> 12]; ` +
      `if (${fastPath(w, size, seg, false)}) v = view.${VIEW_GET[size]}((e & -4096) | (lin & 0xfff), true); ` +
      `else { v = c.read${BITS[size]}(${seg}, o >>> 0); swLast = -1; }`,
  );
}

/** Emits a store of the low `size` bytes of `value` to seg:`offset`. */
export function store(w: BlockWriter, size: Size, seg: number, offset: string, value: string): void {
  w.emit(
    `${linear(w, seg, offset)} e = tlb[lin >>> 12]; pa = (e & -4096) | (lin & 0xfff); ` +
      `if (${fastPath(w, size, seg, true)} && ${unwatched(size)}) view.${VIEW_SET[size]}(pa, ${value}, true); ` +
      `else { c.write${BITS[size]}(${seg}, o >>> 0, ${value}); slow = 1; swLast = -1; }`,
  );
}

/**
 * Emits a read-modify-write of seg:`offset`: the old value in `v`, then `compute` (JS that sets the
 * local `result` from `v`), then `result` stored unless `writeBack` is false (CMP, TEST).
 */
export function readModifyWrite(
  w: BlockWriter,
  size: Size,
  seg: number,
  offset: string,
  compute: string,
  writeBack = true,
  result = 'ff',
): void {
  const bits = BITS[size];
  if (!writeBack) {
    load(w, size, seg, offset);
    w.emit(compute);
    return;
  }
  w.emit(
    `${linear(w, seg, offset)} e = tlb[lin >>> 12]; pa = (e & -4096) | (lin & 0xfff); ` +
      `if (${fastPath(w, size, seg, true)} && ${unwatched(size)}) { v = view.${VIEW_GET[size]}(pa, true); ${compute} view.${VIEW_SET[size]}(pa, ${result}, true); } ` +
      `else { lin = c.writeAddr(${seg}, o >>> 0, ${size}); v = c.readLin${bits}(lin); c.probeWriteLin(lin, ${size}); ${compute} c.writeLin${bits}(lin, ${result}); slow = 1; swLast = -1; }`,
  );
}

/**
 * A 32-bit stack access at SS:`offset` (int32) through the stack window (stack-window.ts): `access`
 * writes the access at a physical address. A miss takes the general fast path, which sets the window
 * for the next accesses when it succeeds, or else `general` (through the CPU's accessors).
 */
function stackAccess(
  w: BlockWriter,
  offset: string,
  write: boolean,
  access: (pa: string) => string,
  general: string,
): void {
  const check = fastPath(w, 4, SS, write) + (write ? ` && ${unwatched(4)}` : '');
  w.emit(
    `o = ${offset}; d = (o - swLo) | 0; if (d >= 0 && d <= swLast) ${access('(swPa + o) | 0')} ` +
      `else { lin = (${w.segmentBase(SS)} + o) | 0; e = tlb[lin >>> 12]; pa = (e & -4096) | (lin & 0xfff); ` +
      `if (${check}) { ${access('pa')} SW(c, o, WIN); swLo = WIN[0]; swLast = WIN[1]; swPa = WIN[2]; } ` +
      `else { ${general} slow = 1; swLast = -1; } }`,
  );
}

/** PUSH of a 32-bit value with a 32-bit stack: store below ESP, then move ESP (the local `r4`). */
export function push32(w: BlockWriter, value: string): void {
  const esp = w.read(ESP);
  // The value is taken before ESP moves (PUSH ESP pushes the old value).
  w.emit(`v = ${value};`);
  w.emit('if (big) {');
  stackAccess(
    w,
    `(${esp} - 4) | 0`,
    true,
    (pa) => `view.setInt32(${pa}, v, true);`,
    `c.write32(${SS}, o >>> 0, v);`,
  );
  w.emit(
    `${esp} = (${esp} - 4) | 0; } else { r[${ESP}] = ${esp}; c.push32(v); ${esp} = r[${ESP}]; slow = 1; swLast = -1; }`,
  );
  w.write(ESP, esp);
}

/** Loads the 32-bit value at SS:ESP into `v` with a 32-bit stack (ESP unchanged). */
export function loadStackTop(w: BlockWriter, esp: string): void {
  stackAccess(w, esp, false, (pa) => `v = view.getInt32(${pa}, true);`, `v = c.read32(${SS}, o >>> 0);`);
}

/** POP into the local `v` with a 32-bit stack. */
export function pop32(w: BlockWriter): void {
  const esp = w.read(ESP);
  w.emit(`if (!big) { r[${ESP}] = ${esp}; v = c.pop32(); ${esp} = r[${ESP}]; swLast = -1; } else {`);
  loadStackTop(w, esp);
  w.emit(`${esp} = (${esp} + 4) | 0; }`);
  w.write(ESP, esp);
}

/** The memory operand uses 32-bit addressing (the only form written out inline). */
export const ea32 = (x: TemplateInput) => x.d.eaForm[x.slot] === EA_32;

/** The 32-bit effective address of a memory operand (EA_32), as an unsigned JS expression. */
export function effectiveAddress(x: TemplateInput, w: BlockWriter): string {
  const { d, slot } = x;
  const parts = [String(d.disp[slot])];
  if (d.base[slot] !== 8) parts.push(w.read(d.base[slot]));
  if (d.index[slot] !== 8) parts.push(`(${w.read(d.index[slot])} << ${d.scale[slot]})`);
  return `((${parts.join(' + ')}) >>> 0)`;
}
