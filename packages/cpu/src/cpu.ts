/**
 * The i386 core: register file, segment descriptor caches, the MMU fast paths (segment check →
 * software TLB → RAM), the decoded-instruction cache and the step loop. Instruction semantics live
 * in ops/*.ts, the protected-mode rules (segment loads, interrupt delivery, IRET, far transfers,
 * paging) in system/*.ts; all of them operate on this object, which holds every bit of CPU state
 * (two CPUs may share one PhysicalMemory).
 */

import { checkCpuOptions } from './argument-checks.js';
import { type BlockCompilerOptions, COMPILED_SLOTS, CompiledBlocks } from './compiler/compiled-blocks.js';
import {
  AC,
  AC_VECTOR,
  CF,
  CR0_AM,
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_PSE,
  CS,
  DB,
  EFLAGS_WRITABLE,
  ESP,
  GP,
  IF,
  NMI,
  PF_VECTOR,
  SEGMENT_NAMES,
  type SegmentName,
  SIGN_BIT,
  SS,
  SS_VECTOR,
  TF,
  UD,
} from './constants.js';
import { type CostModel, PENTIUM_II } from './cost-model.js';
import type { Cpl, CplChangeCause, CplTransition } from './cpl-change.js';
import { decodeBytes, NEED_MORE_BYTES, TOO_LONG } from './decoder/decode.js';
import { CACHE_MASK, CACHE_SLOTS, CODE32_TAG, DecodedInstructions, SCRATCH } from './decoder/decoded.js';
import { packWord } from './decoder/dispatch.js';
import { INSTRUCTION_SET } from './decoder/instruction-set.js';
import {
  type InstructionWatch,
  MAX_INSTRUCTION_WATCHES,
  markWatched,
  ownHandlerId,
} from './decoder/instruction-watch.js';
import { CpuFault } from './fault.js';
import { getCF, LF_NONE, materializeFlags } from './flags.js';
import { EMPTY_IO_BUS, type IoBus } from './io-bus.js';
import {
  SoftwareTlb,
  T_NEVER,
  T_SUP_READ,
  T_SUP_WRITE,
  T_USER_READ,
  T_USER_WRITE,
  walkPageTables,
} from './memory/mmu.js';
import type { PhysicalMemory } from './memory/physical-memory.js';
import {
  add_Ev_Gv_reg32,
  add_Ev_I_reg32,
  alu_Ev_I_reg32,
  and_Ev_I_reg32,
  cmp_Ev_Gv_reg32,
  cmp_Ev_I_reg32,
  sub_Ev_Gv_reg32,
  sub_Ev_I_reg32,
  test_Ev_Gv_reg32,
  xor_Ev_Gv_reg32,
} from './ops/arith.js';
import { call_rel32, jcc_rel32, jmp_rel32, jnz_rel32, ret32 } from './ops/control.js';
import { lea32, mov_Ev_Gv_mem32, mov_Ev_Gv_reg32, mov_Gv_Ev_mem32, mov_r32_imm } from './ops/data.js';
import { fpuBusOf } from './ops/fpu.js';
import { pop_r32, push_r32 } from './ops/stack.js';
import { SpinWait, stepHandlerId } from './spin-wait.js';
import { type CpuState, loadCpuState, saveCpuState } from './state/saved-state.js';
import type { DeliveryEvent, StopReason } from './stop-reason.js';
import { deliverException } from './system/exception-nesting.js';
import { deliverInterrupt } from './system/interrupts.js';
import { readMsr, writeMsr } from './system/msr.js';
import type { FpuBus, FpuUnit } from './x87/contract.js';
import { X87 } from './x87/index.js';

// `attention` bits: reasons to leave the straight-line step loop before the next instruction.
const ATT_INTR = 1;
const ATT_NMI = 2;
const ATT_STOP = 4;
const ATT_HALT = 8;
const ATT_TF = 16;
const ATT_HOOKS = 32;
const ATT_SHUTDOWN = 64;
/** CS, CPL or the TLB changed: the step loop reloads what it caches in locals. */
const ATT_REFETCH = 128;

const LIMIT: StopReason = { kind: 'limit' };

/**
 * Guest memory is little-endian: an aligned dword can be read and written through an Int32Array
 * view of RAM (faster than DataView) only when the host is little-endian too.
 */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The constants the step loop uses, as an enum so that esbuild (under tsx, tsup and vitest alike)
 * writes their values into `loop` as literals. V8 folds neither an imported binding nor a bundler's
 * top-level `var` into optimised code: it reloads and type-checks one at every use, which cost the
 * loop 12–19 % (docs/performance.md). Each member equals the constant it is named after (checked in
 * test/core/inline-constants.test.ts).
 * @internal
 */
export enum Inline {
  SIGN_BIT = -0x80000000,
  CACHE_MASK = 0xffff,
  CODE32_TAG = -0x80000000,
  EA_32 = 1,
  ESP = 4,
  LF_LOGIC = 3,
  // biome-ignore lint/suspicious/noDuplicateEnumValues: a copy of LF_INC, which equals ESP
  LF_INC = 4,
  LF_DEC = 5,
  LF_RESULT = 6,
}

/** Instructions between folds of the low counters (cycles grow < 2^14 per instruction). */
const FOLD_INTERVAL = 0x8000;
const HALT: StopReason = { kind: 'halt' };
const STOP_REQUESTED: StopReason = { kind: 'stop-requested' };
const SLICE_END: StopReason = { kind: 'slice-end' };

/** A segment register's visible selector and hidden descriptor cache. */
export interface SegmentState {
  selector: number;
  base: number;
  /** Byte-granular limit. */
  limit: number;
  /** Descriptor bits 40–47 (type, S, DPL, P) in bits 0–7 and bits 52–55 (AVL, L, D/B, G) in bits 12–15. */
  access: number;
  /** False for a null selector loaded into DS/ES/FS/GS (any use raises #GP(0)). */
  valid: boolean;
}

export interface CpuHooks {
  /** Before an exception/interrupt is delivered through the IDT. Return true to consume it. */
  beforeDelivery?(event: DeliveryEvent): boolean;
  /** After every change of CPL. */
  onCplChange?(from: Cpl, to: Cpl, cause: CplChangeCause): void;
  /** When HLT starts waiting. */
  onHalt?(): void;
  /** Before every instruction (only when set: it slows the core down). */
  trace?(cpu: Cpu): void;
}

export interface CpuOptions {
  memory: PhysicalMemory;
  io?: IoBus;
  costModel?: CostModel;
  /** The x87 unit (default: the package's X87). `null`: none; ESC opcodes then raise #NM or #UD. */
  fpu?: FpuUnit | null;
  /**
   * Translate hot code into JavaScript functions (compiler/block-compiler.ts). Default true. Counts,
   * cycles, events and results are the same either way; false runs everything in the interpreter.
   * An object turns it on with settings (`{ hotThreshold: 1 }` compiles every branch target at its
   * first visit, as the compiler's tests do).
   */
  compile?: boolean | BlockCompilerOptions;
}

/**
 * The end of a segment's fast path for accesses of `size` bytes as an int32, for the test
 * `(offset ^ SIGN_BIT) < end`: true exactly when offset <= max - size + 1 (unsigned), `max` being a
 * `segReadMax`/`segWriteMax` bound (-1: never). The one offset an int32 cannot cover (a byte at
 * 0xFFFFFFFF of a 4 GiB segment) takes the checked path, which allows it.
 */
function fastPathEnd(max: number, size: number): number {
  const end = Math.min(Math.max(max - size + 2, 0), 0xffffffff);
  return (end ^ SIGN_BIT) | 0;
}

/** A translation failure without side effects (`Cpu.translate`). */
export interface PageFault {
  kind: 'page-fault';
  address: number;
  errorCode: number;
}

export class Cpu {
  readonly memory: PhysicalMemory;
  io: IoBus;
  fpu: FpuUnit | undefined;
  /** Memory as the x87 unit sees it (linear, current CPL). */
  readonly fpuBus: FpuBus;
  readonly costModel: CostModel;
  /** Modelled cycles per cost class, from the cost model. */
  readonly classCycles: Float64Array;

  // Physical memory, cached for the fast paths.
  readonly ram: Uint8Array;
  readonly ramView: DataView;
  /** @internal RAM as dwords, for aligned accesses on a little-endian host (HOST_LITTLE_ENDIAN). */
  readonly ram32: Int32Array;
  readonly watch: Uint8Array;
  readonly ramSize: number;

  // The register file: EAX..EDI as 32-bit, 16-bit (index 2*r) and 8-bit (AL=0, AH=1, CL=4, ...) views.
  // Internal: the documented API is the eax…edi accessors.
  /** @internal */
  readonly regFile = new ArrayBuffer(32);
  /** @internal */
  readonly r32 = new Int32Array(this.regFile);
  /** @internal */
  readonly r16 = new Uint16Array(this.regFile);
  /** @internal */
  readonly r8 = new Uint8Array(this.regFile);
  /** EIP (as a signed 32-bit value). During an instruction: the address of the next one. */
  ip = 0;
  /** EIP of the instruction being executed (faults roll back to it). */
  startIp = 0;
  /**
   * @internal How many more executions of the instruction being executed the step loop would run
   * right after it, with nothing in between (its attention clear, its instruction limit not reached):
   * a REP string instruction may do them in the same call, each counted as the loop would count it
   * (ops/string.ts), and a spin-wait loop's closing branch may count the loop's passes ahead
   * (spin-wait.ts). A compiled block sets it for a REP it calls, keeping back the rest of its pass.
   * 0 on every other path (the slow path, the other handlers a block calls).
   */
  repeatsAllowed = 0;
  /** @internal The spin-wait loop last seen at its closing branch (spin-wait.ts). */
  readonly spinWait = new SpinWait();

  // EFLAGS: `flags` holds every bit; CF PF AF ZF SF OF come from the lazy state unless lfOp is LF_NONE.
  // Internal: the documented API is the eflags accessor.
  /** @internal */
  flags = 2;
  /** @internal */
  lfOp = LF_NONE;
  /** @internal */
  lfA = 0;
  /** @internal */
  lfB = 0;
  /** @internal */
  lfR = 0;
  /** @internal */
  lfMsb = 31;
  /** @internal */
  lfCarry = 0;

  // Segment registers (ES CS SS DS FS GS) with their descriptor caches.
  readonly segSel = new Uint16Array(6);
  readonly segBase = new Int32Array(6);
  readonly segLimit = new Float64Array(6);
  readonly segAttr = new Uint16Array(6);
  readonly segValid = new Uint8Array(6);
  /** @internal Highest offset a read may start the fast path at (limit, or -1 to force the checked path). */
  readonly segReadMax = new Float64Array(6);
  /** @internal */
  readonly segWriteMax = new Float64Array(6);
  /**
   * @internal The same bounds for compiled code's int32 test `(offset ^ SIGN_BIT) < end`, per segment
   * and access: index `seg * 8 + (write ? 4 : 0) + size - 1` (see fastPathEnd).
   */
  readonly segFastEnd = new Int32Array(6 * 8);
  cpl = 0;
  /** CS.D: default operand and address size 32. */
  code32 = true;
  /** 0xffff for a 16-bit code segment (EIP wraps), -1 for 32-bit. */
  ipMask = -1;
  /** SS.B: the stack pointer is ESP (else SP). */
  ssBig = true;
  /**
   * @internal The segment-limit fast path of 32-bit pushes and pops (segFastEnd of SS for dword writes
   * and reads), or SIGN_BIT (never taken) with a 16-bit stack: one compare covers SS.B and the limit.
   */
  ssPushEnd = SIGN_BIT;
  /** @internal */
  ssPopEnd = SIGN_BIT;
  /** @internal SS's base (int32), for the push/pop fast paths. */
  ssBase = 0;
  csBase = 0;
  /**
   * Unsigned EIP bounds kept as int32 in sign-flipped form (x ^ 0x80000000), so one signed compare
   * tests an unsigned EIP anywhere in 4 GiB, kernel addresses (EIP >= 2^31) included:
   * `(eip ^ SIGN_BIT) < csFetchEnd` says a 15-byte fetch at EIP cannot cross the CS limit,
   * `(target ^ SIGN_BIT) <= csLimitFlipped` says a near branch target is inside the CS limit.
   */
  csFetchEnd = SIGN_BIT;
  csLimitFlipped = SIGN_BIT;
  /**
   * Instructions decoded byte by byte into the scratch slot, bypassing the decoded-instruction
   * cache (page-crossing, CS-limit-edge or non-RAM code). A diagnostic: straight-line code in RAM
   * should leave it still, wherever it sits in the 4 GiB.
   */
  slowPathDecodes = 0;
  /** Tag offset of the current code size in the decoded-instruction cache. */
  codeTag = CODE32_TAG;

  // System registers. CR0, CR3 and CR4 are accessors: writing them flushes the TLB as MOV CRn does.
  /** @internal */
  cr0Bits = CR0_PE | 0x10;
  cr2 = 0;
  /** @internal */
  cr3Bits = 0;
  /** @internal */
  cr4Bits = 0;
  readonly dr = new Int32Array(8);
  gdtBase = 0;
  gdtLimit = 0xffff;
  idtBase = 0;
  idtLimit = 0x3ff;
  ldtSel = 0;
  ldtBase = 0;
  ldtLimit = 0;
  trSel = 0;
  trBase = 0;
  trLimit = 0;
  /** TR's descriptor type (9/11: 32-bit TSS, 1/3: 16-bit TSS). */
  trType = 11;
  sysenterCs = 0;
  sysenterEsp = 0;
  sysenterEip = 0;
  /** PERFCTR0, PERFCTR1, EVNTSEL0, EVNTSEL1 (system/msr.ts): stored, not counted. */
  readonly perfMsrs = new Float64Array(4);

  // The software TLB (memory/mmu.ts); its entry array is also a field of its own for the fast paths.
  /** @internal */
  readonly softTlb = new SoftwareTlb();
  /** @internal */
  readonly tlb = this.softTlb.entries;
  /** @internal T_* bit a read at the current CPL needs. */
  tlbRead = T_SUP_READ;
  /** @internal */
  tlbWrite = T_SUP_WRITE;
  /** CPL 3 with CR0.AM and EFLAGS.AC: misaligned data accesses raise #AC(0). */
  alignmentCheck = false;

  /**
   * @internal The decoded-instruction cache, followed (with the compiler on) by the slots of compiled
   * blocks' handler calls.
   */
  readonly decoded: DecodedInstructions;
  /** The block compiler's blocks, or null when compilation is off. */
  readonly compiledBlocks: CompiledBlocks | null;
  /** @internal Columns of `decoded` the hottest handlers read, one property load away. */
  readonly dModrm: Uint8Array;
  /** @internal */
  readonly dImm: Int32Array;
  /** @internal */
  readonly dOpcode: Uint16Array;
  private readonly window = new Uint8Array(16);

  // Counting and observation.
  /**
   * Retired instructions and modelled cycles are each kept as a float high part plus a small-integer
   * low part that the step loop increments: V8 updates a small-integer field in place, whereas a
   * float field or typed-array element costs several times more per instruction. The low parts are
   * folded into the high parts at least every FOLD_INTERVAL instructions (see `loop`).
   */
  icountHi = 0;
  icountLo = 0;
  cyclesHi = 0;
  cyclesLo = 0;
  get icount(): number {
    return this.icountHi + this.icountLo;
  }
  set icount(v: number) {
    this.icountHi = v;
    this.icountLo = 0;
  }
  get cycles(): number {
    return this.cyclesHi + this.cyclesLo;
  }
  set cycles(v: number) {
    this.cyclesHi = v;
    this.cyclesLo = 0;
  }

  private foldCounters(): void {
    this.icountHi += this.icountLo;
    this.icountLo = 0;
    this.cyclesHi += this.cyclesLo;
    this.cyclesLo = 0;
  }
  hooks: CpuHooks = {};
  /**
   * The time-stamp counter's source. Unset, RDTSC and MSR 0x10 read the modelled cycles; a machine
   * that keeps its own virtual clock sets it so the TSC and its timers count the same time.
   */
  timeStampCounter: (() => number) | undefined = undefined;
  /** The TSC as RDTSC and RDMSR 0x10 read it. */
  readTimeStampCounter(): number {
    return Math.floor(this.timeStampCounter ? this.timeStampCounter() : this.cycles);
  }
  breakpoints = new Set<number>();
  stopAtInstruction = Number.POSITIVE_INFINITY;
  /** @internal See `watchInstructions` (the block compiler applies them too). */
  instructionWatches: readonly InstructionWatch[] = [];

  /**
   * Calls `watch.before` before every instruction `watch.selects` (decoder/instruction-watch.ts),
   * until the returned function is called. Unlike `hooks.trace`, the instructions it does not select
   * keep running at full speed, compiled or not. Adding or removing a watch forgets every decoded
   * instruction and compiled block, so the selection applies from the next instruction on.
   */
  watchInstructions(watch: InstructionWatch): () => void {
    if (this.instructionWatches.length >= MAX_INSTRUCTION_WATCHES) {
      throw new RangeError(`a CPU has at most ${MAX_INSTRUCTION_WATCHES} instruction watches at once`);
    }
    this.instructionWatches = [...this.instructionWatches, watch];
    this.forgetDecodedCode();
    return () => {
      if (!this.instructionWatches.includes(watch)) return;
      this.instructionWatches = this.instructionWatches.filter((w) => w !== watch);
      this.forgetDecodedCode();
    };
  }

  /** @internal Runs the watches of the instruction about to execute (its handler has set EIP past it). */
  runInstructionWatches(watchedBy: number, opcode: number, modrm: number): void {
    const next = this.ip;
    this.ip = this.startIp;
    const watches = this.instructionWatches;
    for (let k = 0; k < watches.length; k++) if (watchedBy & (1 << k)) watches[k].before(this, opcode, modrm);
    this.ip = next;
  }

  /** Forgets every decoded instruction and compiled block: they are decoded again when next run. */
  private forgetDecodedCode(): void {
    this.decoded.invalidateAll();
    this.compiledBlocks?.invalidateAll();
  }
  /** CPL transitions: cplMatrix[from * 4 + to]. */
  readonly cplMatrix = new Float64Array(16);
  /** Deliveries through the IDT (or consumed by beforeDelivery) per vector. */
  readonly vectorCounts = new Uint32Array(256);
  haltCount = 0;

  // Interrupt state.
  /** @internal */
  intrLine = false;
  /** @internal */
  nmiPending = false;
  /** NMIs are blocked from an NMI's delivery until the next IRET. */
  nmiBlocked = false;
  /** Interrupts are inhibited before the instruction with this count (STI / MOV SS / POP SS shadow). */
  inhibitAt = -1;
  /** Debug traps (single-step) are held past the instruction with this count (MOV SS / POP SS). */
  debugInhibitAt = -1;
  halted = false;
  /** @internal */
  stopRequested = false;
  /** @internal */
  sliceEndRequested = false;
  /** @internal */
  breakpointPassed = -1;
  attention = 0;
  shutdownReason = '';
  /** The PIC's INTA cycle: returns the vector of the interrupt the CPU accepts. */
  interruptAcknowledge: () => number = () => 0xff;

  constructor(options: CpuOptions) {
    checkCpuOptions(options);
    this.memory = options.memory;
    this.io = options.io ?? EMPTY_IO_BUS;
    this.fpu = options.fpu === undefined ? new X87() : (options.fpu ?? undefined);
    this.fpuBus = fpuBusOf(this);
    this.costModel = options.costModel ?? PENTIUM_II;
    this.classCycles = this.costModel.classCycles();
    this.ram = this.memory.bytes;
    this.ramView = this.memory.view;
    this.ram32 = new Int32Array(this.ram.buffer, this.ram.byteOffset, this.ram.byteLength >>> 2);
    this.watch = this.memory.watch;
    this.ramSize = this.memory.size;
    const compile = options.compile !== false;
    // Checked by checkCpuOptions: absent, a boolean or the compiler's settings.
    const compilerOptions = typeof options.compile === 'object' ? options.compile : {};
    this.decoded = new DecodedInstructions(CACHE_SLOTS + 1 + (compile ? COMPILED_SLOTS : 0));
    this.dModrm = this.decoded.modrm;
    this.dImm = this.decoded.imm;
    this.dOpcode = this.decoded.opcode;
    this.memory.addCodeWriteListener(this.decoded);
    this.compiledBlocks = compile
      ? new CompiledBlocks(
          this,
          () => {
            this.attention |= ATT_REFETCH;
          },
          compilerOptions,
        )
      : null;
    if (this.compiledBlocks) this.memory.addCodeWriteListener(this.compiledBlocks);
    this.fpu?.reset();
    this.reset();
  }

  /**
   * The state after reset, except that the CPU starts in flat 32-bit protected mode at CPL 0
   * (as a Multiboot loader leaves it): real mode is not implemented.
   */
  reset(): void {
    this.r32.fill(0);
    this.ip = 0;
    this.flags = 2;
    this.lfOp = LF_NONE;
    this.cr0Bits = CR0_PE | 0x10;
    this.cr2 = 0;
    this.cr3Bits = 0;
    this.cr4Bits = 0;
    this.dr.fill(0);
    this.dr[6] = 0xffff0ff0 | 0;
    this.dr[7] = 0x400;
    for (let s = 0; s < 6; s++) {
      this.setSegmentCache(s, 0, 0, 0xffffffff, s === CS ? 0xc09b : 0xc093);
    }
    this.cpl = 0;
    this.updateCpl();
    this.halted = false;
    this.nmiBlocked = false;
    this.inhibitAt = -1;
    this.debugInhibitAt = -1;
    this.perfMsrs.fill(0);
    this.shutdownReason = '';
    this.flushTlb();
    this.updateAttention();
  }

  // ---------------------------------------------------------------- registers (public view)

  get eax(): number {
    return this.r32[0] >>> 0;
  }
  set eax(v: number) {
    this.r32[0] = v;
  }
  get ecx(): number {
    return this.r32[1] >>> 0;
  }
  set ecx(v: number) {
    this.r32[1] = v;
  }
  get edx(): number {
    return this.r32[2] >>> 0;
  }
  set edx(v: number) {
    this.r32[2] = v;
  }
  get ebx(): number {
    return this.r32[3] >>> 0;
  }
  set ebx(v: number) {
    this.r32[3] = v;
  }
  get esp(): number {
    return this.r32[4] >>> 0;
  }
  set esp(v: number) {
    this.r32[4] = v;
  }
  get ebp(): number {
    return this.r32[5] >>> 0;
  }
  set ebp(v: number) {
    this.r32[5] = v;
  }
  get esi(): number {
    return this.r32[6] >>> 0;
  }
  set esi(v: number) {
    this.r32[6] = v;
  }
  get edi(): number {
    return this.r32[7] >>> 0;
  }
  set edi(v: number) {
    this.r32[7] = v;
  }
  get eip(): number {
    return this.ip >>> 0;
  }
  set eip(v: number) {
    this.ip = v | 0;
  }

  /** EFLAGS with the lazy flags computed. */
  get eflags(): number {
    materializeFlags(this);
    return (this.flags | 2) >>> 0;
  }
  /** Writes all of EFLAGS (no privilege checks: this is the host's view). */
  set eflags(v: number) {
    this.lfOp = LF_NONE;
    this.flags = (v & EFLAGS_WRITABLE) | 2;
    this.updateAttention();
  }

  get instructionCount(): number {
    return this.icount;
  }

  // ---------------------------------------------------------------- segments

  /**
   * Loads a segment register's selector and descriptor cache directly (no checks, no memory access),
   * e.g. to set up flat protected mode. `access` is in the SegmentState.access layout. Loading CS
   * also sets CPL to the selector's RPL, as a far transfer would.
   */
  setSegmentCache(seg: number, selector: number, base: number, limit: number, access: number): void {
    this.loadCache(seg, selector, base, limit, access);
    if (seg === CS) this.setCpl(selector & 3, 'segment cache');
  }

  /** Fills a descriptor cache (CPL untouched). */
  loadCache(seg: number, selector: number, base: number, limit: number, access: number): void {
    this.segSel[seg] = selector;
    this.segBase[seg] = base | 0;
    this.segLimit[seg] = limit >>> 0;
    this.segAttr[seg] = access;
    this.segValid[seg] = 1;
    this.refreshSegment(seg);
  }

  /** Marks DS/ES/FS/GS as holding a null selector (any access raises #GP(0)). */
  setNullSegment(seg: number, selector: number): void {
    this.segSel[seg] = selector;
    this.segBase[seg] = 0;
    this.segLimit[seg] = 0;
    this.segAttr[seg] = 0;
    this.segValid[seg] = 0;
    this.refreshSegment(seg);
  }

  /** Recomputes the fast-path bounds of a segment from its cache. */
  refreshSegment(seg: number): void {
    const attr = this.segAttr[seg];
    const limit = this.segLimit[seg];
    const code = (attr & 0x08) !== 0;
    const readable = code ? (attr & 0x02) !== 0 : true;
    const writable = !code && (attr & 0x02) !== 0;
    const expandDown = !code && (attr & 0x04) !== 0;
    const ok = this.segValid[seg] === 1 && (attr & 0x80) !== 0 && !expandDown;
    this.segReadMax[seg] = ok && readable ? limit : -1;
    this.segWriteMax[seg] = ok && writable ? limit : -1;
    for (const size of [1, 2, 4]) {
      this.segFastEnd[seg * 8 + size - 1] = fastPathEnd(this.segReadMax[seg], size);
      this.segFastEnd[seg * 8 + 4 + size - 1] = fastPathEnd(this.segWriteMax[seg], size);
    }
    if (seg === CS) {
      this.csBase = this.segBase[CS];
      this.code32 = (attr & 0x4000) !== 0;
      this.ipMask = this.code32 ? -1 : 0xffff;
      this.codeTag = this.code32 ? CODE32_TAG : 0;
      this.csFetchEnd = (Math.max(limit - 14, 0) ^ SIGN_BIT) | 0;
      this.csLimitFlipped = (limit ^ SIGN_BIT) | 0;
      this.attention |= ATT_REFETCH;
    } else if (seg === SS) {
      this.ssBig = (attr & 0x4000) !== 0;
      this.ssPushEnd = this.ssBig ? this.segFastEnd[SS * 8 + 7] : SIGN_BIT;
      this.ssPopEnd = this.ssBig ? this.segFastEnd[SS * 8 + 3] : SIGN_BIT;
      this.ssBase = this.segBase[SS];
    }
  }

  getSegment(name: SegmentName): SegmentState {
    const s = SEGMENT_NAMES.indexOf(name);
    if (s < 0) throw new RangeError(`unknown segment register ${name}`);
    return {
      selector: this.segSel[s],
      base: this.segBase[s] >>> 0,
      limit: this.segLimit[s],
      access: this.segAttr[s],
      valid: this.segValid[s] === 1,
    };
  }

  /** Sets CPL (after CS was loaded): updates the TLB permission masks and the counters and hooks. */
  setCpl(cpl: number, cause: CplChangeCause): void {
    const from = this.cpl as Cpl;
    this.cpl = cpl;
    this.updateCpl();
    if (from !== cpl) {
      this.cplMatrix[from * 4 + cpl]++;
      this.hooks.onCplChange?.(from, cpl as Cpl, cause);
    }
  }

  /** @internal */
  updateCpl(): void {
    this.refreshAccessMasks();
    this.attention |= ATT_REFETCH;
  }

  /**
   * TLB permission bits for accesses at the current CPL. With alignment checking on (CPL 3, CR0.AM,
   * EFLAGS.AC) no entry matches, so every access takes the slow path, which checks alignment.
   */
  private refreshAccessMasks(): void {
    const user = this.cpl === 3;
    const ac = user && (this.cr0Bits & CR0_AM) !== 0 && (this.flags & AC) !== 0;
    const read = user ? (ac ? T_NEVER : T_USER_READ) : T_SUP_READ;
    const write = user ? (ac ? T_NEVER : T_USER_WRITE) : T_SUP_WRITE;
    this.alignmentCheck = ac;
    if (read !== this.tlbRead || write !== this.tlbWrite) {
      this.tlbRead = read;
      this.tlbWrite = write;
      this.attention |= ATT_REFETCH;
    }
  }

  // ---------------------------------------------------------------- control registers

  get cr0(): number {
    return this.cr0Bits >>> 0;
  }
  set cr0(v: number) {
    this.setCr0(v);
  }
  get cr3(): number {
    return this.cr3Bits >>> 0;
  }
  set cr3(v: number) {
    this.setCr3(v);
  }
  get cr4(): number {
    return this.cr4Bits >>> 0;
  }
  set cr4(v: number) {
    this.setCr4(v);
  }

  /** Writes CR0 (as MOV CR0 does after its checks); flushes the TLB when paging bits change. */
  setCr0(v: number): void {
    const old = this.cr0Bits;
    this.cr0Bits = v | 0x10; // ET is hardwired to 1 on the Pentium II
    if ((old ^ this.cr0Bits) & (CR0_PG | CR0_WP | CR0_PE)) this.flushTlb();
    if (!(this.cr0Bits & CR0_PE)) this.shutdown('real mode (CR0.PE = 0) is not implemented');
    this.refreshAccessMasks();
  }

  setCr3(v: number): void {
    this.cr3Bits = v | 0;
    this.flushTlb();
  }

  setCr4(v: number): void {
    const old = this.cr4Bits;
    this.cr4Bits = v | 0;
    if ((old ^ v) & CR4_PSE) this.flushTlb();
  }

  // ---------------------------------------------------------------- TLB and page walk

  flushTlb(): void {
    this.attention |= ATT_REFETCH;
    this.softTlb.flush();
  }

  /** INVLPG: drops the translation of one linear page (4 MiB pages: every 4 KiB entry of it). */
  invalidatePage(linear: number): void {
    this.attention |= ATT_REFETCH;
    this.softTlb.invalidate(linear, (this.cr4 & CR4_PSE) !== 0);
  }

  /** The #PF error code of the last failed `walk`. */
  lastPageFaultCode = 0;
  /** See memory/mmu.ts `walkPageTables`: the physical address, or -1. */
  walk(lin: number, write: boolean, user: boolean): number {
    return walkPageTables(this, lin, write, user);
  }

  /** Translates or throws #PF (with CR2 set when the fault is delivered). */
  translateOrFault(lin: number, write: boolean, user: boolean): number {
    const pa = this.walk(lin, write, user);
    if (pa < 0) throw new CpuFault(PF_VECTOR, this.lastPageFaultCode, lin >>> 0);
    return pa;
  }

  /** Tool view: translate without side effects on CR2 (A/D bits are set as an access would). */
  translate(linear: number, access: 'read' | 'write' | 'execute', user: boolean): number | PageFault {
    const pa = this.walk(linear, access === 'write', user);
    if (pa < 0) return { kind: 'page-fault', address: linear >>> 0, errorCode: this.lastPageFaultCode };
    return pa;
  }

  // ---------------------------------------------------------------- physical access (slow paths)

  physRead8(pa: number): number {
    return pa < this.ramSize ? this.ram[pa] : 0xff;
  }
  physWrite8(pa: number, v: number): void {
    if (pa >= this.ramSize) return;
    if (this.watch[pa >>> 8] !== 0) this.memory.noteWrite(pa, 1);
    this.ram[pa] = v;
  }

  // ---------------------------------------------------------------- linear access at the current CPL

  readLin8(lin: number): number {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbRead) !== 0) return this.ram[(e & -4096) | (lin & 0xfff)];
    return this.physRead8(this.translateOrFault(lin, false, this.cpl === 3));
  }

  readLin16(lin: number): number {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbRead) !== 0 && (lin & 0xfff) < 0xfff) {
      return this.ramView.getUint16((e & -4096) | (lin & 0xfff), true);
    }
    return this.readLinSlow(lin, 2, this.cpl === 3);
  }

  readLin32(lin: number): number {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbRead) !== 0 && (lin & 0xfff) < 0xffd) {
      return this.ramView.getInt32((e & -4096) | (lin & 0xfff), true);
    }
    return this.readLinSlow(lin, 4, this.cpl === 3);
  }

  writeLin8(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbWrite) !== 0) {
      const pa = (e & -4096) | (lin & 0xfff);
      if (this.watch[pa >>> 8] !== 0) this.memory.noteWrite(pa, 1);
      this.ram[pa] = v;
      return;
    }
    this.physWrite8(this.translateOrFault(lin, true, this.cpl === 3), v);
  }

  writeLin16(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbWrite) !== 0 && (lin & 0xfff) < 0xfff) {
      const pa = (e & -4096) | (lin & 0xfff);
      if ((this.watch[pa >>> 8] | this.watch[(pa + 1) >>> 8]) !== 0) this.memory.noteWrite(pa, 2);
      this.ramView.setUint16(pa, v, true);
      return;
    }
    this.writeLinSlow(lin, 2, v, this.cpl === 3);
  }

  writeLin32(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbWrite) !== 0 && (lin & 0xfff) < 0xffd) {
      const pa = (e & -4096) | (lin & 0xfff);
      if ((this.watch[pa >>> 8] | this.watch[(pa + 3) >>> 8]) !== 0) this.memory.noteWrite(pa, 4);
      this.ramView.setInt32(pa, v, true);
      return;
    }
    this.writeLinSlow(lin, 4, v, this.cpl === 3);
  }

  /** Multi-byte read through paging, possibly crossing a page; `user` selects the U/S check. */
  /**
   * Alignment checking of an 8-byte operand (SDM vol. 3A, table 6-7: a quadword and a double or
   * extended real must be 8-aligned), which the 4-byte halves' own checks cannot see.
   */
  checkQuadwordAlignment(lin: number): void {
    if (this.alignmentCheck && (lin & 7) !== 0) throw new CpuFault(AC_VECTOR, 0);
  }

  readLinSlow(lin: number, len: number, user: boolean): number {
    if (user && this.alignmentCheck && (lin & (len - 1)) !== 0) throw new CpuFault(AC_VECTOR, 0);
    const pa0 = this.translateOrFault(lin, false, user);
    const end = (lin + len - 1) | 0;
    if ((lin ^ end) & -4096) {
      const pa1 = this.translateOrFault(end & -4096, false, user);
      let v = 0;
      for (let k = 0; k < len; k++) {
        const l = (lin + k) | 0;
        const pa = (l ^ lin) & -4096 ? pa1 + (l & 0xfff) : pa0 + k;
        v |= this.physRead8(pa) << (8 * k);
      }
      return len === 2 ? v & 0xffff : v;
    }
    if (pa0 + len <= this.ramSize) {
      return len === 2 ? this.ramView.getUint16(pa0, true) : this.ramView.getInt32(pa0, true);
    }
    let v = 0;
    for (let k = 0; k < len; k++) v |= this.physRead8(pa0 + k) << (8 * k);
    return len === 2 ? v & 0xffff : v;
  }

  /** Multi-byte write through paging: both pages are checked before any byte is written. */
  writeLinSlow(lin: number, len: number, v: number, user: boolean): void {
    if (user && this.alignmentCheck && (lin & (len - 1)) !== 0) throw new CpuFault(AC_VECTOR, 0);
    const pa0 = this.translateOrFault(lin, true, user);
    const end = (lin + len - 1) | 0;
    let pa1 = -1;
    if ((lin ^ end) & -4096) pa1 = this.translateOrFault(end & -4096, true, user);
    for (let k = 0; k < len; k++) {
      const l = (lin + k) | 0;
      const pa = pa1 >= 0 && (l ^ lin) & -4096 ? pa1 + (l & 0xfff) : pa0 + k;
      this.physWrite8(pa, v >>> (8 * k));
    }
  }

  // Supervisor accesses to system structures (GDT, LDT, IDT, TSS): U/S ignored, as the SDM specifies.
  sysRead8(lin: number): number {
    return this.physRead8(this.translateOrFault(lin, false, false));
  }
  sysRead16(lin: number): number {
    return this.readLinSlow(lin, 2, false);
  }
  sysRead32(lin: number): number {
    return this.readLinSlow(lin, 4, false);
  }
  sysWrite8(lin: number, v: number): void {
    this.physWrite8(this.translateOrFault(lin, true, false), v);
  }
  sysWrite16(lin: number, v: number): void {
    this.writeLinSlow(lin, 2, v, false);
  }
  sysWrite32(lin: number, v: number): void {
    this.writeLinSlow(lin, 4, v, false);
  }

  // ---------------------------------------------------------------- segmented access

  /** Linear address of seg:off for a read of `len` bytes, with the limit and type checks. */
  readAddr(seg: number, off: number, len: number): number {
    if (off > this.segReadMax[seg] - len + 1) this.checkSegmentSlow(seg, off, len, false);
    return (this.segBase[seg] + off) | 0;
  }

  writeAddr(seg: number, off: number, len: number): number {
    if (off > this.segWriteMax[seg] - len + 1) this.checkSegmentSlow(seg, off, len, true);
    return (this.segBase[seg] + off) | 0;
  }

  /** The full segment check (null, type, expand-down, limit); throws #GP(0) or #SS(0). */
  checkSegmentSlow(seg: number, off: number, len: number, write: boolean): void {
    const vector = seg === SS ? SS_VECTOR : GP;
    if (this.segValid[seg] === 0) throw new CpuFault(vector, 0);
    const attr = this.segAttr[seg];
    if (!(attr & 0x80)) throw new CpuFault(vector, 0);
    const code = (attr & 0x08) !== 0;
    if (write && (code || !(attr & 0x02))) throw new CpuFault(vector, 0);
    if (!write && code && !(attr & 0x02)) throw new CpuFault(vector, 0);
    const last = off + len - 1;
    const limit = this.segLimit[seg];
    if (!code && attr & 0x04) {
      const upper = attr & 0x4000 ? 0xffffffff : 0xffff;
      if (off <= limit || last > upper) throw new CpuFault(vector, 0);
      return;
    }
    if (last > limit) throw new CpuFault(vector, 0);
  }

  read8(seg: number, off: number): number {
    return this.readLin8(this.readAddr(seg, off, 1));
  }
  read16(seg: number, off: number): number {
    return this.readLin16(this.readAddr(seg, off, 2));
  }
  read32(seg: number, off: number): number {
    return this.readLin32(this.readAddr(seg, off, 4));
  }
  write8(seg: number, off: number, v: number): void {
    this.writeLin8(this.writeAddr(seg, off, 1), v);
  }
  write16(seg: number, off: number, v: number): void {
    this.writeLin16(this.writeAddr(seg, off, 2), v);
  }
  write32(seg: number, off: number, v: number): void {
    this.writeLin32(this.writeAddr(seg, off, 4), v);
  }

  /** Checks that seg:off..off+len-1 is writable (segment and page) without writing. */
  probeWrite(seg: number, off: number, len: number): void {
    this.probeWriteLin(this.writeAddr(seg, off, len), len);
  }

  /** Checks that the pages of linear lin..lin+len-1 are writable at the current CPL without writing. */
  probeWriteLin(lin: number, len: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbWrite) === 0) this.translateOrFault(lin, true, this.cpl === 3);
    const end = (lin + len - 1) | 0;
    if ((end ^ lin) & -4096 && (this.tlb[end >>> 12] & this.tlbWrite) === 0) {
      this.translateOrFault(end, true, this.cpl === 3);
    }
  }

  // ---------------------------------------------------------------- effective addresses

  /** The offset of the memory operand of decoded instruction `i` (unsigned, wrapped to the address size). */
  ea(i: number): number {
    // Two functions, so the step loop inlines only the 32-bit form in 32-bit code (smaller bytecode).
    return this.decoded.eaForm[i] === 1 ? this.ea32(i) : this.ea16(i);
  }

  private ea32(i: number): number {
    const d = this.decoded;
    let a = d.disp[i];
    const b = d.base[i];
    if (b !== 8) a += this.r32[b];
    const x = d.index[i];
    if (x !== 8) a += this.r32[x] << d.scale[i];
    return a >>> 0;
  }

  private ea16(i: number): number {
    const d = this.decoded;
    let a = d.disp[i];
    const b = d.base[i];
    if (b !== 8) a += this.r16[b << 1];
    const x = d.index[i];
    if (x !== 8) a += this.r16[x << 1];
    return a & 0xffff;
  }

  // ---------------------------------------------------------------- stack

  push16(v: number): void {
    if (this.ssBig) {
      const sp = (this.r32[ESP] - 2) >>> 0;
      this.write16(SS, sp, v);
      this.r32[ESP] = sp;
    } else {
      const sp = (this.r16[ESP << 1] - 2) & 0xffff;
      this.write16(SS, sp, v);
      this.r16[ESP << 1] = sp;
    }
  }

  /**
   * Pushes a dword. The fast path (32-bit stack, inside the limit, a RAM page without decoded code)
   * is kept small in bytecode so that the step loop can inline it.
   */
  push32(v: number): void {
    const sp = (this.r32[ESP] - 4) | 0;
    const lin = (this.ssBase + sp) | 0;
    const e = this.tlb[lin >>> 12];
    const pa = (e & -4096) | (lin & 0xfff);
    const watch = this.watch;
    if (
      (sp ^ SIGN_BIT) < this.ssPushEnd &&
      (e & this.tlbWrite) !== 0 &&
      (lin & 0xfff) < 0xffd &&
      (watch[pa >>> 8] | watch[(pa + 3) >>> 8]) === 0
    ) {
      if ((pa & 3) === 0 && HOST_LITTLE_ENDIAN) this.ram32[pa >>> 2] = v;
      else this.ramView.setInt32(pa, v, true);
      this.r32[ESP] = sp;
    } else {
      this.pushSlow32(v);
    }
  }

  private pushSlow32(v: number): void {
    if (this.ssBig) {
      const sp = (this.r32[ESP] - 4) >>> 0;
      this.write32(SS, sp, v);
      this.r32[ESP] = sp;
    } else {
      const sp = (this.r16[ESP << 1] - 4) & 0xffff;
      this.write32(SS, sp, v);
      this.r16[ESP << 1] = sp;
    }
  }

  pop16(): number {
    if (this.ssBig) {
      const sp = this.r32[ESP] >>> 0;
      const v = this.read16(SS, sp);
      this.r32[ESP] = sp + 2;
      return v;
    }
    const sp = this.r16[ESP << 1];
    const v = this.read16(SS, sp);
    this.r16[ESP << 1] = sp + 2;
    return v;
  }

  pop32(): number {
    const v = this.top32();
    this.adjustSp(4);
    return v;
  }

  /** The dword on top of the stack, without popping it (fast path as in push32). */
  top32(): number {
    const sp = this.r32[ESP];
    const lin = (this.ssBase + sp) | 0;
    const e = this.tlb[lin >>> 12];
    if ((sp ^ SIGN_BIT) < this.ssPopEnd && (e & this.tlbRead) !== 0 && (lin & 0xfff) < 0xffd) {
      const pa = (e & -4096) | (lin & 0xfff);
      return (pa & 3) === 0 && HOST_LITTLE_ENDIAN ? this.ram32[pa >>> 2] : this.ramView.getInt32(pa, true);
    }
    return this.read32(SS, this.stackOffset(0));
  }

  /** Reads the stack `depth` bytes above the stack pointer without popping. */
  stackOffset(depth: number): number {
    return this.ssBig ? (this.r32[ESP] + depth) >>> 0 : (this.r16[ESP << 1] + depth) & 0xffff;
  }

  /** Adds to the stack pointer honouring SS.B. */
  adjustSp(delta: number): void {
    if (this.ssBig) this.r32[ESP] = this.r32[ESP] + delta;
    else this.r16[ESP << 1] = this.r16[ESP << 1] + delta;
  }

  // ---------------------------------------------------------------- faults

  raiseUd(): never {
    throw new CpuFault(UD);
  }

  raiseGp(errorCode = 0): never {
    throw new CpuFault(GP, errorCode);
  }

  // ---------------------------------------------------------------- interrupts and stops

  setInterruptLine(asserted: boolean): void {
    this.intrLine = asserted;
    this.updateAttention();
  }

  raiseNmi(): void {
    this.nmiPending = true;
    this.updateAttention();
  }

  /** Ends the current `run()` at the next instruction boundary with `stop-requested` (for embedders and hooks). */
  requestStop(): void {
    this.stopRequested = true;
    this.updateAttention();
  }

  /**
   * Ends the current `run()` at the next instruction boundary with `slice-end`: for a platform whose
   * device changed its schedule. It is kept apart from `requestStop` so that a platform which goes on
   * after its own slice end never swallows a stop its embedder requested at the same boundary (when
   * both are pending, `run()` returns `stop-requested`).
   */
  endSlice(): void {
    this.sliceEndRequested = true;
    this.updateAttention();
  }

  /** Recomputes `attention` after anything that may need the slow path between instructions changed. */
  updateAttention(): void {
    this.refreshAccessMasks();
    let a = 0;
    if (this.intrLine) a |= ATT_INTR;
    if (this.nmiPending) a |= ATT_NMI;
    if (this.stopRequested || this.sliceEndRequested) a |= ATT_STOP;
    if (this.halted) a |= ATT_HALT;
    if (this.flags & TF) a |= ATT_TF;
    if (this.hooks.trace || this.breakpoints.size > 0) a |= ATT_HOOKS;
    if (this.shutdownReason) a |= ATT_SHUTDOWN;
    this.attention = a | (this.attention & ATT_REFETCH);
  }

  /** Enters the HLT wait (the HLT instruction calls this after its privilege check). */
  enterHalt(): void {
    this.halted = true;
    this.haltCount++;
    this.hooks.onHalt?.();
    this.updateAttention();
  }

  /** Stops the machine: the next run() returns a triple-fault stop with this reason. */
  shutdown(reason: string): void {
    if (!this.shutdownReason) this.shutdownReason = reason;
    this.updateAttention();
  }

  get counters(): {
    /** CPL transitions that happened, by from → to (those that never did are left out). */
    cplTransitions: CplTransition[];
    vectors: Uint32Array;
    halts: number;
    instructions: number;
    cycles: number;
  } {
    const cplTransitions: CplTransition[] = [];
    for (let from = 0; from < 4; from++) {
      for (let to = 0; to < 4; to++) {
        const count = this.cplMatrix[from * 4 + to];
        if (count > 0) cplTransitions.push({ from: from as Cpl, to: to as Cpl, count });
      }
    }
    return {
      cplTransitions,
      vectors: this.vectorCounts,
      halts: this.haltCount,
      instructions: this.icount,
      cycles: this.cycles,
    };
  }

  /** Adds modelled cycles for an event (privilege change, exception, …). */
  addCycles(n: number): void {
    this.cyclesLo += Math.round(n);
  }

  // ---------------------------------------------------------------- the step loop

  run(maxInstructions: number): StopReason {
    const target = Math.min(this.icount + Math.max(0, Math.floor(maxInstructions)), this.stopAtInstruction);
    // Memory may have been written since the last run: a spin-wait's pass before it proves nothing.
    this.spinWait.forget(this.icount);
    this.updateAttention();
    for (;;) {
      try {
        for (;;) {
          // `loop` reloads everything ATT_REFETCH stands for each time it is entered.
          this.attention &= ~ATT_REFETCH;
          this.foldCounters();
          if (this.attention !== 0) {
            const stop = this.serviceAttention(target);
            if (stop !== null) return stop;
          } else {
            if (this.icountHi >= target) return this.limitReason();
            // The loop stops short of an instruction it cannot fetch from the decoded cache.
            if (this.loop(target)) this.executeOne();
          }
        }
      } catch (e) {
        this.handleThrown(e);
      }
    }
  }

  step(): StopReason {
    return this.run(1);
  }

  private handleThrown(e: unknown): void {
    this.repeatsAllowed = 0;
    this.spinWait.forget(this.icount);
    if (e instanceof CpuFault) {
      this.ip = this.startIp;
      this.addCycles(this.costModel.events.generalProtection);
      this.deliverException(e.vector, e.errorCode ?? -1, e.address);
      return;
    }
    // A bug in the emulator, never the guest's doing: stop the machine with the reason rather than
    // letting an untyped error escape into the host.
    this.shutdown(`internal emulator error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  /**
   * The straight-line step loop: runs until `attention` is set or FOLD_INTERVAL instructions (or the
   * target) have passed, and returns to `run`, which services the attention and folds the counters.
   * Everything that only changes with CS, CPL or the TLB is read into locals on entry. An instruction
   * that follows the previous one in the same page reuses its physical address (no TLB lookup).
   *
   * Returns true when it stopped at an instruction that needs the slow path (`executeOne`: the TLB
   * walk, the CS checks, decoding into the cache), false otherwise.
   *
   * Returning at each fold keeps the loop short-lived: a long run executes V8's optimised code for
   * `loop` entered at its top, not the slower on-stack-replacement code a never-ending call keeps,
   * and with the attention and fold paths outside it the loop's code is the fetch and the switch.
   */
  private loop(target: number): boolean {
    const d = this.decoded;
    const tw = d.tagWord;
    const tlb = this.tlb;
    const blocks = this.compiledBlocks;
    const r32 = this.r32;
    const dOpcode = this.dOpcode;
    const dImm = this.dImm;
    const ramView = this.ramView;
    const ram32 = this.ram32;
    const watch = this.watch;
    const dModrm = this.dModrm;
    const segFastEnd = this.segFastEnd;
    const segBase = this.segBase;
    // `| 0` makes these int32 to V8, kept untagged, rather than values it tests for a small integer
    // and untags at every use in the loop (`chunk` was a double, converted at every test).
    const csBase = this.csBase | 0;
    const codeTag = this.codeTag | 0;
    const tlbRead = this.tlbRead | 0;
    const ipMask = this.ipMask | 0;
    const fetchEnd = this.csFetchEnd | 0;
    // The low counters start at 0 (run folds them before each entry); `chunk` is how far icountLo
    // may go (small, so cyclesLo stays a small integer).
    const chunk = Math.min(target - this.icountHi, FOLD_INTERVAL) | 0;
    let seqIp = -1;
    let seqPa = 0;
    while (this.attention === 0 && this.icountLo < chunk) {
      const eip = this.ip;
      // A fault in the instruction rolls EIP back to this.
      this.startIp = eip;
      // The instruction's physical address: the previous one's plus its length when it follows it in
      // the same page, else through the TLB. Whatever needs more (a TLB miss, the CS limit, a slot in
      // the decoded cache that holds something else) returns to `run`, which executes the instruction
      // through the slow path: no call on the fetch path keeps the loop's code lean.
      let pa: number;
      if (eip === seqIp) {
        pa = seqPa;
      } else {
        const lin = (csBase + eip) | 0;
        const e = tlb[lin >>> 12];
        if ((e & tlbRead) === 0 || (eip ^ Inline.SIGN_BIT) >= fetchEnd) return true;
        pa = (e & -4096) | (lin & 0xfff);
        // A branch target: run its compiled block when a whole pass fits below the limit.
        // Only 32-bit code is compiled, so a block is found by EIP and physical address alone.
        if (blocks !== null && codeTag === Inline.CODE32_TAG) {
          const b = blocks.lookup(eip, pa);
          if (
            b !== undefined &&
            this.icountLo + b.length <= chunk &&
            (b.lastIp ^ Inline.SIGN_BIT) < fetchEnd
          ) {
            b.run(this, chunk);
            seqIp = -1;
            continue;
          }
        }
      }
      const slot = pa & Inline.CACHE_MASK;
      if (tw[slot << 1] !== (pa | codeTag)) return true;
      const w = tw[(slot << 1) + 1];
      const len = (w >>> 14) & 15;
      const next = (eip + len) & ipMask;
      this.ip = next;
      // The hot handlers are called from this switch (TurboFan inlines them into the loop); the rest
      // through the handler table (decoder/dispatch.ts lists them). TurboFan inlines only so much
      // bytecode into one function (about 920 bytes), and the hot handlers of the ALU, memory and call
      // loops together need more; so the commonest of them, INC/DEC and the 32-bit stack's fast paths,
      // are written out here (code in the loop itself costs no inlining budget), falling back to their
      // handlers for everything else.
      const hot = (w >>> 18) & 31;
      switch (hot) {
        case 1:
          add_Ev_Gv_reg32(this, slot);
          break;
        case 2:
          sub_Ev_Gv_reg32(this, slot);
          break;
        case 3:
          cmp_Ev_Gv_reg32(this, slot);
          break;
        case 4:
          xor_Ev_Gv_reg32(this, slot);
          break;
        case 5:
          test_Ev_Gv_reg32(this, slot);
          break;
        case 6:
          alu_Ev_I_reg32(this, slot);
          break;
        case 7:
        case 8: {
          // INC/DEC r32, as ops/arith.ts inc_r32/dec_r32 do.
          const n = dOpcode[slot] & 7;
          const a = r32[n];
          const op = this.lfOp;
          // CF survives INC and DEC: take it from the lazy state they replace.
          if (op !== Inline.LF_INC && op !== Inline.LF_DEC && op !== Inline.LF_RESULT)
            this.lfCarry = op === Inline.LF_LOGIC ? 0 : getCF(this);
          const r = hot === 7 ? (a + 1) | 0 : (a - 1) | 0;
          this.lfOp = hot === 7 ? Inline.LF_INC : Inline.LF_DEC;
          this.lfA = a;
          this.lfB = 1;
          this.lfR = r;
          this.lfMsb = 31;
          r32[n] = r;
          break;
        }
        case 9:
          mov_Ev_Gv_reg32(this, slot);
          break;
        case 10:
        case 11: {
          // MOV m32, r32 and MOV r32, m32 with a 32-bit address: the segment's fast-path bound
          // (segFastEnd), the TLB and RAM; everything else through the handler.
          if (d.eaForm[slot] === Inline.EA_32) {
            let off = d.disp[slot];
            const b = d.base[slot];
            if (b !== 8) off += r32[b];
            const x = d.index[slot];
            if (x !== 8) off += r32[x] << d.scale[slot];
            off |= 0;
            const store = hot === 10;
            const seg = d.seg[slot];
            if ((off ^ Inline.SIGN_BIT) < segFastEnd[seg * 8 + (store ? 7 : 3)]) {
              const lin = (segBase[seg] + off) | 0;
              const e = tlb[lin >>> 12];
              const mpa = (e & -4096) | (lin & 0xfff);
              const reg = (dModrm[slot] >>> 3) & 7;
              if ((lin & 0xfff) < 0xffd && (mpa & 3) === 0 && HOST_LITTLE_ENDIAN) {
                if (!store && (e & tlbRead) !== 0) {
                  r32[reg] = ram32[mpa >>> 2];
                  break;
                }
                if (store && (e & this.tlbWrite) !== 0 && (watch[mpa >>> 8] | watch[(mpa + 3) >>> 8]) === 0) {
                  ram32[mpa >>> 2] = r32[reg];
                  break;
                }
              }
            }
          }
          if (hot === 10) mov_Ev_Gv_mem32(this, slot);
          else mov_Gv_Ev_mem32(this, slot);
          break;
        }
        case 12:
          mov_r32_imm(this, slot);
          break;
        case 13:
          lea32(this, slot);
          break;
        case 14:
          jcc_rel32(this, slot);
          break;
        case 15:
          jnz_rel32(this, slot);
          break;
        case 16:
          jmp_rel32(this, slot);
          break;
        case 17:
        case 19: {
          // CALL rel32 and PUSH r32 on a 32-bit stack: the fast path of Cpu.push32, else the handler.
          const call = hot === 17;
          const target = (next + dImm[slot]) | 0;
          const sp = (r32[Inline.ESP] - 4) | 0;
          const lin = (this.ssBase + sp) | 0;
          const e = tlb[lin >>> 12];
          const spa = (e & -4096) | (lin & 0xfff);
          if (
            (sp ^ Inline.SIGN_BIT) < this.ssPushEnd &&
            (e & this.tlbWrite) !== 0 &&
            (lin & 0xfff) < 0xffd &&
            (watch[spa >>> 8] | watch[(spa + 3) >>> 8]) === 0 &&
            (!call || (target ^ Inline.SIGN_BIT) <= this.csLimitFlipped)
          ) {
            const v = call ? next : r32[dOpcode[slot] & 7];
            if ((spa & 3) === 0 && HOST_LITTLE_ENDIAN) ram32[spa >>> 2] = v;
            else ramView.setInt32(spa, v, true);
            r32[Inline.ESP] = sp;
            if (call) this.ip = target;
          } else if (call) {
            call_rel32(this, slot);
          } else {
            push_r32(this, slot);
          }
          break;
        }
        case 18:
        case 20: {
          // RET and POP r32 on a 32-bit stack: the fast path of Cpu.pop32, else the handler.
          const sp = r32[Inline.ESP];
          const lin = (this.ssBase + sp) | 0;
          const e = tlb[lin >>> 12];
          if ((sp ^ Inline.SIGN_BIT) < this.ssPopEnd && (e & this.tlbRead) !== 0 && (lin & 0xfff) < 0xffd) {
            const spa = (e & -4096) | (lin & 0xfff);
            const v = (spa & 3) === 0 && HOST_LITTLE_ENDIAN ? ram32[spa >>> 2] : ramView.getInt32(spa, true);
            if (hot === 20) {
              r32[Inline.ESP] = sp + 4;
              r32[dOpcode[slot] & 7] = v;
              break;
            }
            if ((v ^ Inline.SIGN_BIT) <= this.csLimitFlipped) {
              r32[Inline.ESP] = sp + 4;
              this.ip = v;
              break;
            }
          }
          if (hot === 20) pop_r32(this, slot);
          else ret32(this);
          break;
        }
        case 21:
          sub_Ev_I_reg32(this, slot);
          break;
        case 22:
          cmp_Ev_I_reg32(this, slot);
          break;
        case 23:
          add_Ev_I_reg32(this, slot);
          break;
        case 24:
          and_Ev_I_reg32(this, slot);
          break;
        default:
          this.repeatsAllowed = chunk - this.icountLo - 1;
          INSTRUCTION_SET.handlers[w & 0x3fff](this, slot);
          this.repeatsAllowed = 0;
          break;
      }
      this.icountLo = this.icountLo + 1;
      this.cyclesLo = this.cyclesLo + (w >>> 23);
      // Chain to the next instruction when it starts in the same page, inside the CS limit window.
      if ((pa & 0xfff) + len < 0x1000 && (next ^ Inline.SIGN_BIT) < fetchEnd) {
        seqIp = next;
        seqPa = pa + len;
      } else {
        seqIp = -1;
      }
    }
    return false;
  }

  private limitReason(): StopReason {
    if (this.icount >= this.stopAtInstruction)
      return { kind: 'instruction-reached', instruction: this.icount };
    return LIMIT;
  }

  /**
   * Executes exactly one instruction through the slow path: single-step, trace and breakpoints, and
   * every instruction the step loop cannot fetch from the decoded cache (it decodes it there).
   */
  private executeOne(): void {
    const eip = this.ip;
    this.startIp = eip;
    const slot = this.decodeSlowOrCached(eip);
    const d = this.decoded;
    this.ip = (eip + d.length[slot]) & this.ipMask;
    const h = d.handler[slot];
    INSTRUCTION_SET.handlers[h](this, slot);
    this.countExecuted(slot);
  }

  /**
   * @internal Counts one executed instruction, the one decoded in `slot`: the instruction and its own
   * modelled cycles (a REP string instruction also counts the chunks it runs ahead, ops/string.ts).
   */
  countExecuted(slot: number): void {
    this.icountLo = this.icountLo + 1;
    this.cyclesLo = this.cyclesLo + (this.decoded.tagWord[(slot << 1) + 1] >>> 23);
  }

  private decodeSlowOrCached(eip: number): number {
    const lin = (this.csBase + eip) | 0;
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbRead) !== 0 && (eip ^ SIGN_BIT) < this.csFetchEnd) {
      const pa = (e & -4096) | (lin & 0xfff);
      const slot = pa & CACHE_MASK;
      if (this.decoded.tagWord[slot << 1] !== (pa | this.codeTag)) return this.decodeAt(eip, pa, slot);
      return slot;
    }
    return this.decodeSlow(eip);
  }

  /** Handles everything that is not straight-line execution. Returns a stop, or null to go on. */
  private serviceAttention(target: number): StopReason | null {
    if (this.shutdownReason) return { kind: 'triple-fault', detail: this.shutdownReason };
    if (this.stopRequested || this.sliceEndRequested) {
      const requested = this.stopRequested;
      this.stopRequested = false;
      this.sliceEndRequested = false;
      this.updateAttention();
      return requested ? STOP_REQUESTED : SLICE_END;
    }
    const canInterrupt = this.icount !== this.inhibitAt;
    if (this.nmiPending && !this.nmiBlocked && canInterrupt) {
      this.nmiPending = false;
      this.nmiBlocked = true;
      this.halted = false;
      this.updateAttention();
      this.deliverEvent(NMI, 'nmi', -1);
      return null;
    }
    if (this.intrLine && this.flags & IF && canInterrupt) {
      this.halted = false;
      this.updateAttention();
      const vector = this.interruptAcknowledge() & 0xff;
      this.deliverEvent(vector, 'interrupt', -1);
      return null;
    }
    if (this.halted) return HALT;
    if (this.icount >= target) return this.limitReason();
    const hooked = (this.attention & ATT_HOOKS) !== 0;
    if (hooked) {
      if (this.breakpoints.size > 0 && this.breakpointPassed !== this.icount) {
        const lin = (this.csBase + this.ip) >>> 0;
        if (this.breakpoints.has(lin)) {
          this.breakpointPassed = this.icount;
          return { kind: 'breakpoint', eip: lin };
        }
      }
      this.hooks.trace?.(this);
      if (this.stopRequested || this.sliceEndRequested || this.shutdownReason) return null;
    }
    const singleStep = (this.flags & TF) !== 0;
    this.attention &= ~(ATT_INTR | ATT_HOOKS | ATT_TF);
    try {
      this.executeOne();
    } finally {
      this.updateAttention();
    }
    // Single-step trap after the instruction (SDM vol. 3B 17.3.1.4): #DB with DR6.BS, except right after
    // MOV SS / POP SS, whose shadow holds it past the next instruction (SDM vol. 3A 6.8.3).
    if (singleStep && this.debugInhibitAt !== this.icount) {
      // (debugInhibitAt === icount: the instruction just executed loaded SS.)
      this.dr[6] |= 0x4000;
      this.deliverEvent(DB, 'exception', -1);
    }
    return null;
  }

  /**
   * Delivers an exception raised by an instruction (EIP already rolled back), applying the
   * double-fault rules and shutting down on a triple fault (system/exception-nesting.ts).
   */
  deliverException(vector: number, errorCode: number, address?: number): void {
    deliverException(this, vector, errorCode, address);
  }

  /**
   * Offers an event to `hooks.beforeDelivery`, counts it and delivers it through the IDT.
   * May throw a CpuFault (the caller decides how that nests).
   */
  deliverEvent(vector: number, kind: DeliveryEvent['kind'], errorCode: number, address?: number): void {
    const hook = this.hooks.beforeDelivery;
    this.vectorCounts[vector]++;
    // The handler (or a monitor's hook) may change what a spin-wait reads.
    this.spinWait.forget(this.icount);
    if (hook) {
      const ev: DeliveryEvent = { vector, kind, eip: this.ip >>> 0 };
      if (errorCode >= 0) ev.errorCode = errorCode;
      if (address !== undefined) ev.address = address >>> 0;
      if (hook(ev)) return;
    }
    if (kind === 'interrupt' || kind === 'nmi') {
      try {
        deliverInterrupt(this, vector, kind, errorCode);
      } catch (e) {
        if (!(e instanceof CpuFault)) throw e;
        this.deliverException(e.vector, e.errorCode ?? -1, e.address);
      }
      return;
    }
    deliverInterrupt(this, vector, kind, errorCode);
  }

  // ---------------------------------------------------------------- instruction fetch and decode

  /** Decodes at a RAM address inside one page into the cache slot. */
  private decodeAt(eip: number, pa: number, slot: number): number {
    if ((pa & 0xfff) > 0x1000 - 15 || pa + 15 > this.ramSize) return this.decodeSlow(eip);
    const w = this.window;
    const ram = this.ram;
    for (let k = 0; k < 15; k++) w[k] = ram[pa + k];
    const n = decodeBytes(w, 15, this.code32, this.decoded, slot);
    if (n < 0) {
      this.decoded.tagWord[slot << 1] = -1;
      throw new CpuFault(GP, 0);
    }
    this.decoded.tagWord[slot << 1] = pa | this.codeTag;
    this.packSlot(slot, pa);
    this.memory.markCode(pa, n);
    return slot;
  }

  /** Fetches byte by byte (CS limit, paging), decoding into the scratch slot. */
  private decodeSlow(eip: number): number {
    this.slowPathDecodes++;
    const w = this.window;
    let avail = 0;
    for (; avail < 15; avail++) {
      const b = this.tryFetch(eip + avail);
      if (b < 0) break;
      w[avail] = b;
    }
    const n = decodeBytes(w, avail, this.code32, this.decoded, SCRATCH);
    if (n === NEED_MORE_BYTES) {
      this.fetchOrFault(eip + avail);
      throw new CpuFault(GP, 0);
    }
    if (n === TOO_LONG) throw new CpuFault(GP, 0);
    // Its first byte was fetched, so it translates without a fault (a watch selects by physical address).
    const physical =
      this.instructionWatches.length > 0 ? this.walk((this.csBase + eip) | 0, false, false) : -1;
    this.packSlot(SCRATCH, physical);
    return SCRATCH;
  }

  /**
   * Fills the step loop's packed word of a freshly decoded slot (first byte at `physical`), after the
   * instruction watches have marked it or not: a watched slot dispatches to its watch handler and
   * costs the cycles of its own.
   */
  private packSlot(slot: number, physical: number): void {
    const d = this.decoded;
    markWatched(this.instructionWatches, d, slot, physical);
    d.tagWord[(slot << 1) + 1] = packWord(
      stepHandlerId(d, slot, physical),
      d.length[slot],
      this.classCycles[INSTRUCTION_SET.handlerCost[ownHandlerId(d, slot)]],
    );
  }

  /** @internal The step loop dispatches `slot` with the slot's handler (a loop branch that is no spin-wait). */
  dispatchWithOwnHandler(slot: number): void {
    const d = this.decoded;
    const w = d.tagWord[(slot << 1) + 1];
    d.tagWord[(slot << 1) + 1] = packWord(d.handler[slot], (w >>> 14) & 15, w >>> 23);
  }

  private tryFetch(off: number): number {
    if (!this.code32) off &= 0xffff;
    if (off >>> 0 > this.segLimit[CS]) return -1;
    const lin = (this.csBase + off) | 0;
    const e = this.tlb[lin >>> 12];
    if ((e & this.tlbRead) !== 0) return this.ram[(e & -4096) | (lin & 0xfff)];
    const pa = this.walk(lin, false, this.cpl === 3);
    if (pa < 0) return -1;
    return this.physRead8(pa);
  }

  private fetchOrFault(off: number): void {
    if (!this.code32) off &= 0xffff;
    if (off >>> 0 > this.segLimit[CS]) throw new CpuFault(GP, 0);
    this.translateOrFault((this.csBase + off) | 0, false, this.cpl === 3);
  }

  // ---------------------------------------------------------------- MSRs (system/msr.ts)

  /** RDMSR: the value of MSR `index`; #GP(0) (a thrown CpuFault) for an MSR a Pentium II lacks. */
  readMsr(index: number): number | bigint {
    return readMsr(this, index);
  }

  /** WRMSR: sets MSR `index`; #GP(0) (a thrown CpuFault) for an MSR a Pentium II lacks. */
  writeMsr(index: number, value: number | bigint): void {
    writeMsr(this, index, value);
  }

  get gdtr(): { base: number; limit: number } {
    return { base: this.gdtBase >>> 0, limit: this.gdtLimit };
  }
  set gdtr(v: { base: number; limit: number }) {
    this.gdtBase = v.base | 0;
    this.gdtLimit = v.limit & 0xffff;
  }
  get idtr(): { base: number; limit: number } {
    return { base: this.idtBase >>> 0, limit: this.idtLimit };
  }
  set idtr(v: { base: number; limit: number }) {
    this.idtBase = v.base | 0;
    this.idtLimit = v.limit & 0xffff;
  }
  get ldtr(): { selector: number; base: number; limit: number } {
    return { selector: this.ldtSel, base: this.ldtBase >>> 0, limit: this.ldtLimit };
  }
  get tr(): { selector: number; base: number; limit: number; type: number } {
    return { selector: this.trSel, base: this.trBase >>> 0, limit: this.trLimit, type: this.trType };
  }
  /** Loads TR directly (no descriptor access), as a loader that builds a TSS would after LTR. */
  setTaskRegister(selector: number, base: number, limit: number, is32 = true): void {
    this.trSel = selector;
    this.trBase = base | 0;
    this.trLimit = limit >>> 0;
    this.trType = is32 ? 11 : 3;
  }
  setLdtRegister(selector: number, base: number, limit: number): void {
    this.ldtSel = selector;
    this.ldtBase = base | 0;
    this.ldtLimit = limit >>> 0;
  }

  // ---------------------------------------------------------------- memory through the MMU (tools)

  /** Reads linear memory at the current CPL's... no: with supervisor rights, through paging. */
  readLinear(address: number, length: number): Uint8Array | PageFault {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) {
      const lin = (address + k) | 0;
      const pa = this.walk(lin, false, false);
      if (pa < 0) return { kind: 'page-fault', address: lin >>> 0, errorCode: this.lastPageFaultCode };
      out[k] = this.physRead8(pa);
    }
    return out;
  }

  /** Writes linear memory with supervisor rights through paging (decoded code is invalidated). */
  writeLinear(address: number, data: Uint8Array): PageFault | undefined {
    for (let k = 0; k < data.length; k++) {
      const lin = (address + k) | 0;
      const pa = this.walk(lin, true, false);
      if (pa < 0) return { kind: 'page-fault', address: lin >>> 0, errorCode: this.lastPageFaultCode };
      this.physWrite8(pa, data[k]);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- snapshots (state/saved-state.ts)

  /** A snapshot of the CPU (and its x87 unit); memory and devices are the machine's to save. */
  saveState(): CpuState {
    return saveCpuState(this);
  }

  /** Restores a snapshot taken by `saveState` (of the same `SAVED_STATE_VERSION`). */
  loadState(state: CpuState): void {
    loadCpuState(this, state);
  }

  /**
   * @internal After the saved fields were written: recompute what derives from them and drop the
   * caches and the embedder's pending requests.
   */
  afterStateLoad(): void {
    for (let s = 0; s < 6; s++) this.refreshSegment(s);
    this.updateCpl();
    this.shutdownReason = '';
    this.stopRequested = false;
    this.sliceEndRequested = false;
    this.breakpointPassed = -1;
    this.flushTlb();
    this.updateAttention();
  }
}

/** 0 benign, 1 contributory, 2 page fault (SDM vol. 3A, table 6-4). */

export { CF };
