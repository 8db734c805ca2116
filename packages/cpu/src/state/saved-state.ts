/**
 * Saved CPU state: one table of the `Cpu` fields a snapshot holds drives both `saveState` and
 * `loadState`, so the two directions cannot disagree about order or contents. What is left out is
 * derived from the table's fields (segment fast-path bounds, CS size, TLB masks, `attention`), a
 * cache (the TLB, decoded instructions) or belongs to the embedder (hooks, breakpoints, clocks);
 * `NOT_SAVED` lists each with its reason, and a test checks that every field is in one list or the other.
 */
import { InvalidArgumentError, isRecord } from '@vmi386/invalid-argument';
import type { Cpu } from '../cpu.js';
import { LF_NONE, materializeFlags } from '../flags.js';

/** Bumped whenever the table changes: a snapshot is only loaded by the layout that wrote it. */
export const SAVED_STATE_VERSION = 2;

/** A snapshot of one CPU (registers, caches, counters, the x87 unit); opaque to callers. */
export interface CpuState {
  readonly version: typeof SAVED_STATE_VERSION;
  /** The table's fields in table order. */
  readonly data: Float64Array;
  readonly fpu: Uint8Array | undefined;
}

type Numeric = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;
type KeysOf<T> = { [K in keyof Cpu]: Cpu[K] extends T ? K : never }[keyof Cpu];

/** One saved field: a `Cpu` property holding a number, a boolean or a typed array. */
export type SavedField =
  | { readonly kind: 'number'; readonly name: KeysOf<number> }
  | { readonly kind: 'boolean'; readonly name: KeysOf<boolean> }
  | { readonly kind: 'array'; readonly name: KeysOf<Numeric>; readonly length: number };

const number = (name: KeysOf<number>): SavedField => ({ kind: 'number', name });
const flag = (name: KeysOf<boolean>): SavedField => ({ kind: 'boolean', name });
const array = (name: KeysOf<Numeric>, length: number): SavedField => ({ kind: 'array', name, length });

/** Every saved field, in the order of `CpuState.data`. */
export const SAVED_FIELDS: readonly SavedField[] = Object.freeze([
  array('r32', 8),
  number('ip'),
  number('flags'),
  number('cpl'),
  array('segSel', 6),
  array('segBase', 6),
  array('segLimit', 6),
  array('segAttr', 6),
  array('segValid', 6),
  number('cr0Bits'),
  number('cr2'),
  number('cr3Bits'),
  number('cr4Bits'),
  array('dr', 8),
  number('gdtBase'),
  number('gdtLimit'),
  number('idtBase'),
  number('idtLimit'),
  number('ldtSel'),
  number('ldtBase'),
  number('ldtLimit'),
  number('trSel'),
  number('trBase'),
  number('trLimit'),
  number('trType'),
  number('sysenterCs'),
  number('sysenterEsp'),
  number('sysenterEip'),
  array('perfMsrs', 4),
  number('icount'),
  number('cycles'),
  flag('intrLine'),
  flag('nmiPending'),
  flag('nmiBlocked'),
  // The STI / MOV SS / POP SS shadows, as instruction counts.
  number('inhibitAt'),
  number('debugInhibitAt'),
  flag('halted'),
  number('haltCount'),
  array('cplMatrix', 16),
  array('vectorCounts', 256),
]);

/**
 * `Cpu` fields a snapshot does not hold, with the reason. The lazy flags are folded into `flags`
 * before saving.
 */
export const NOT_SAVED: Readonly<Record<string, string>> = Object.freeze({
  memory: 'the machine snapshots memory itself (copy-on-write pages)',
  io: 'a device bus the embedder attaches',
  fpu: 'the unit saves itself (CpuState.fpu)',
  fpuBus: 'a view of memory',
  costModel: 'configuration, fixed at construction',
  classCycles: 'derived from the cost model',
  ram: 'a view of memory',
  ramView: 'a view of memory',
  watch: 'a view of memory',
  ramSize: 'a view of memory',
  ram32: 'a view of memory',
  regFile: 'the buffer behind r32',
  r16: 'a view of r32',
  r8: 'a view of r32',
  startIp: 'only meaningful during an instruction',
  lfOp: 'lazy flags: folded into flags on save',
  lfA: 'lazy flags: folded into flags on save',
  lfB: 'lazy flags: folded into flags on save',
  lfR: 'lazy flags: folded into flags on save',
  lfMsb: 'lazy flags: folded into flags on save',
  lfCarry: 'lazy flags: folded into flags on save',
  segReadMax: 'derived from the segment caches (refreshSegment)',
  segWriteMax: 'derived from the segment caches (refreshSegment)',
  segFastEnd: 'derived from the segment caches (refreshSegment)',
  code32: 'derived from CS (refreshSegment)',
  ipMask: 'derived from CS (refreshSegment)',
  ssBig: 'derived from SS (refreshSegment)',
  ssPushEnd: 'derived from SS (refreshSegment)',
  ssPopEnd: 'derived from SS (refreshSegment)',
  ssBase: 'derived from SS (refreshSegment)',
  csBase: 'derived from CS (refreshSegment)',
  csFetchEnd: 'derived from CS (refreshSegment)',
  csLimitFlipped: 'derived from CS (refreshSegment)',
  codeTag: 'derived from CS (refreshSegment)',
  slowPathDecodes: 'a diagnostic counter of the decoder',
  spinWait: 'the last pass of a spin-wait loop, forgotten at each run',
  softTlb: 'a cache, flushed on load',
  tlb: 'a cache, flushed on load',
  tlbRead: 'derived from CPL, CR0.AM and EFLAGS.AC',
  tlbWrite: 'derived from CPL, CR0.AM and EFLAGS.AC',
  alignmentCheck: 'derived from CPL, CR0.AM and EFLAGS.AC',
  decoded: 'a cache of decoded instructions, keyed by physical address',
  compiledBlocks: 'compiled code, keyed by physical address and EIP; it runs as the interpreter would',
  dModrm: 'a view of the decoded-instruction cache',
  dImm: 'a view of the decoded-instruction cache',
  dOpcode: 'a view of the decoded-instruction cache',
  window: 'scratch bytes of the decoder',
  repeatsAllowed: 'set by the step loop for one handler call, 0 between instructions',
  icountHi: 'saved through icount',
  icountLo: 'saved through icount',
  cyclesHi: 'saved through cycles',
  cyclesLo: 'saved through cycles',
  hooks: "the embedder's callbacks",
  timeStampCounter: "the embedder's clock",
  breakpoints: "the embedder's stop conditions",
  instructionWatches: "the embedder's instruments",
  stopAtInstruction: "the embedder's stop conditions",
  stopRequested: 'a request of the embedder, cleared on load',
  sliceEndRequested: 'a request of the platform, cleared on load',
  breakpointPassed: 'a stop condition of the embedder, cleared on load',
  attention: 'derived from the interrupt lines, stop requests and hooks (updateAttention)',
  shutdownReason: 'cleared on load: a snapshot is of a running CPU',
  interruptAcknowledge: "the platform's interrupt controller",
  lastPageFaultCode: 'scratch of the page walk',
});

function fieldLength(f: SavedField): number {
  return f.kind === 'array' ? f.length : 1;
}

/** Numbers in `CpuState.data`. */
export const SAVED_STATE_LENGTH = SAVED_FIELDS.reduce((n, f) => n + fieldLength(f), 0);

export function saveCpuState(cpu: Cpu): CpuState {
  materializeFlags(cpu);
  const data = new Float64Array(SAVED_STATE_LENGTH);
  const fields = cpu as unknown as Record<string, number | boolean | Numeric>;
  let at = 0;
  for (const f of SAVED_FIELDS) {
    if (f.kind === 'array') data.set(fields[f.name] as Numeric, at);
    else data[at] = Number(fields[f.name]);
    at += fieldLength(f);
  }
  return { version: SAVED_STATE_VERSION, data, fpu: cpu.fpu?.saveState() };
}

export function loadCpuState(cpu: Cpu, state: CpuState): void {
  checkState(state);
  const fields = cpu as unknown as Record<string, number | boolean | Numeric>;
  let at = 0;
  for (const f of SAVED_FIELDS) {
    if (f.kind === 'array') (fields[f.name] as Numeric).set(state.data.subarray(at, at + f.length));
    else if (f.kind === 'boolean') fields[f.name] = state.data[at] === 1;
    else fields[f.name] = state.data[at];
    at += fieldLength(f);
  }
  if (state.fpu && cpu.fpu) cpu.fpu.loadState(state.fpu);
  cpu.afterStateLoad();
  cpu.lfOp = LF_NONE;
}

function checkState(state: unknown): asserts state is CpuState {
  const ok =
    isRecord(state) &&
    state.version === SAVED_STATE_VERSION &&
    state.data instanceof Float64Array &&
    state.data.length === SAVED_STATE_LENGTH;
  if (ok) return;
  const version = isRecord(state) ? state.version : undefined;
  throw new InvalidArgumentError(
    'Cpu.loadState',
    `a CpuState of version ${SAVED_STATE_VERSION} with ${SAVED_STATE_LENGTH} numbers (from Cpu.saveState)`,
    state,
    version !== undefined && version !== SAVED_STATE_VERSION
      ? `this snapshot has version ${String(version)}: it was saved by another layout`
      : '',
  );
}
