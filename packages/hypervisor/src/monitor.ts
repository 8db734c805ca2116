import { arch, type Cpu, CpuFault, type DeliveryEvent, type PhysicalMemory } from '@vmi386/cpu';
import { MONITOR_COSTS_PENTIUM_II, type MonitorCostModel } from './cost-model.js';
import {
  accessOf,
  baseOf,
  type Descriptor,
  descriptorOf,
  dplOf,
  flatSegment,
  gateDescriptor,
  gateOf,
  isCode,
  isCodeOrData,
  isExpandDown,
  isInterruptOrTrapGate,
  isPresent,
  ldtDescriptor,
  limitOf,
  notPresent,
  tssDescriptor,
  typeOf,
  withDpl,
  withLimit,
} from './descriptor.js';
import { type ExitCause, type ExitStatistics, exitCauseLabel } from './exit-cause.js';
import { type GuestPagingState, walkGuest } from './guest-paging.js';
import {
  GUEST_GDT_ENTRIES,
  GUEST_SEGMENT_END,
  HOLE_BASE,
  IF_MASK,
  MONITOR_CODE,
  MONITOR_DATA,
  MONITOR_GDT,
  MONITOR_IDT,
  MONITOR_STACK_TOP,
  MONITOR_TSS,
  MonitorDataField,
  MonitorSelector,
  PAGE_SIZE,
  REAL_GDT_ENTRIES,
  ROM_BASE,
  SHADOW_LDT,
  SHADOW_LDT_ENTRIES,
  SHARED_PAGE,
  SharedField,
} from './layout.js';
import { buildRom, inRange, type RomImage } from './rom.js';
import { ShadowMmu, type ShadowMmuState } from './shadow-mmu.js';
import { decodeTrapped, type TrappedInstruction } from './trapped-instruction.js';

// Segment register numbers, EFLAGS and CR bits, vectors and MSRs: the CPU package's own names.
const { ES, CS, SS, DS, FS, GS, SEGMENT_NAMES } = arch;
const { TF, IOPL, NT, RF, VM } = arch;
const { DB: DB_VECTOR, NMI: NMI_VECTOR, UD: UD_VECTOR, GP: GP_VECTOR, PF_VECTOR } = arch;
const { CR0_PE, CR0_MP, CR0_EM, CR0_TS, CR0_ET, CR0_NE, CR0_WP, CR0_PG, CR4_PSE } = arch;
const { MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP } = arch;
const TSS_LIMIT = 103;

/** The monitor's saved state (see `Monitor.saveState`). */
export interface MonitorState {
  readonly statistics: ExitStatistics;
  readonly stopReason: string | undefined;
  readonly waitingSince: number | undefined;
  readonly vcr: readonly number[];
  readonly gdtr: TableRegister;
  readonly idtr: TableRegister;
  readonly ldtr: SegmentTableRegister;
  readonly tr: SegmentTableRegister;
  readonly sysenterMsrs: { cs: number; esp: number; eip: number };
  readonly queue: readonly PendingEvent[];
  readonly nmiPending: boolean;
  readonly stepping: Stepping | undefined;
  readonly guestHalted: boolean;
  readonly directGates: Uint8Array;
  readonly shadow: ShadowMmuState;
}

/** The guest was stopped by the monitor: it did something no real monitor could let it do. */
export class GuestStop extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'GuestStop';
  }
}

export interface MonitorOptions {
  /** Guest-physical memory: [0, guestMemorySize). The monitor's RAM follows it. */
  guestMemorySize: number;
  /** The monitor's own RAM, [guestMemorySize, monitorMemoryEnd). */
  monitorMemoryEnd: number;
  costModel?: MonitorCostModel;
  /** Virtual time (instructions, halted time included); default the CPU's instruction count. */
  clock?: () => number;
  /**
   * Which ROM regions the monitor treats as atomic (default: all). Turning one off is an ablation
   * for the race explorer: `iret: false` is a monitor that does not recognise the IRET region
   * (events are injected inside it); `sysexit: false` behaves as if STI and SYSEXIT were two calls.
   */
  atomicRegions?: Partial<AtomicRegions>;
}

export interface AtomicRegions {
  readonly iret: boolean;
  readonly sysexit: boolean;
  readonly halt: boolean;
}

/** The guest's view of its descriptor-table registers. */
interface TableRegister {
  base: number;
  limit: number;
}
interface SegmentTableRegister extends TableRegister {
  selector: number;
}

/** Why the monitor is single-stepping the guest (with the real TF). */
type Stepping =
  | {
      readonly kind: 'traced-write';
      readonly pages: number[];
      /** The linear addresses the stepped instruction faulted on. */
      readonly writes: number[];
      readonly savedTf: number;
    }
  | { readonly kind: 'region'; readonly savedTf: number };

/** An event waiting for the guest's virtual IF (or for the guest to leave an atomic region). */
type PendingEvent = { readonly kind: 'interrupt'; readonly vector: number };

/**
 * The monitor: TypeScript standing in for ring 0 of a Pentium II without hardware virtualization.
 * It learns about the guest only through the CPU's `beforeDelivery` hook (its IDT: every consumed
 * event is a *monitor exit*), reads and writes guest memory and registers, and programs the real
 * GDT, IDT, TSS and page tables the CPU uses. The guest kernel runs in ring 1 and believes it runs
 * in ring 0.
 */
export class Monitor {
  readonly rom: RomImage;
  readonly shadow: ShadowMmu;
  readonly costs: MonitorCostModel;
  readonly statistics: ExitStatistics = {
    exits: new Map(),
    injected: 0,
    delayed: 0,
    lost: 0,
    reflected: new Map(),
    failures: new Map(),
  };
  /** Set when the monitor stopped the guest. */
  stopReason: string | undefined;

  private readonly guestSize: number;
  private readonly clock: () => number;
  private readonly atomic: AtomicRegions;
  /** Virtual time since when the oldest waiting event has waited (undefined: none waits). */
  private waitingSince: number | undefined;
  private vcr0 = CR0_PE | CR0_ET;
  private vcr2 = 0;
  private vcr3 = 0;
  private vcr4 = 0;
  private gdtr: TableRegister = { base: 0, limit: 0 };
  private idtr: TableRegister = { base: 0, limit: 0x3ff };
  private ldtr: SegmentTableRegister = { selector: 0, base: 0, limit: 0 };
  private tr: SegmentTableRegister = { selector: 0, base: 0, limit: 0 };
  private sysenterMsrs = { cs: 0, esp: 0, eip: 0 };
  private readonly queue: PendingEvent[] = [];
  private nmiPending = false;
  private stepping: Stepping | undefined;
  /** The guest executed HLT and has not been given an event since. */
  private guestHalted = false;
  /** Vectors whose real IDT gate leads straight to the guest (DPL-3 trap gates: `int $0x80`). */
  private readonly directGates = new Uint8Array(256);

  constructor(
    private readonly cpu: Cpu,
    private readonly memory: PhysicalMemory,
    options: MonitorOptions,
  ) {
    this.guestSize = options.guestMemorySize;
    this.clock = options.clock ?? (() => cpu.instructionCount);
    this.atomic = { iret: true, sysexit: true, halt: true, ...options.atomicRegions };
    this.costs = options.costModel ?? MONITOR_COSTS_PENTIUM_II;
    this.rom = buildRom();
    this.shadow = new ShadowMmu(cpu, memory, options.guestMemorySize, options.monitorMemoryEnd);
    this.writeHole(ROM_BASE, this.rom.rom.bytes);
    this.writeHole(MONITOR_CODE, this.rom.monitorCode.bytes);
    cpu.hooks.beforeDelivery = (event) => this.onDelivery(event);
  }

  // ---------------------------------------------------------------- start

  /**
   * Takes over a CPU that a boot loader left in the guest's initial state (protected mode, paging
   * off, flat segments from the loader's GDT, CPL 0) and continues it in ring 1 under the monitor:
   * the guest's registers stay as they are, its loader GDT becomes the first shadowed GDT.
   */
  start(): void {
    const cpu = this.cpu;
    this.vcr0 = (cpu.cr0 & ~CR0_PG) | CR0_ET;
    this.gdtr = { ...cpu.gdtr };
    this.idtr = { ...cpu.idtr };
    const guestFlags = cpu.eflags;

    this.writeMonitorTss();
    this.resyncTables();
    cpu.gdtr = { base: MONITOR_GDT, limit: REAL_GDT_ENTRIES * 8 - 1 };
    cpu.idtr = { base: MONITOR_IDT, limit: 256 * 8 - 1 };
    cpu.setTaskRegister(MonitorSelector.tss, MONITOR_TSS, TSS_LIMIT);
    cpu.setLdtRegister(0, 0, 0);
    cpu.setCr4(0);
    cpu.setCr3(this.shadow.directory);
    this.updateRealCr0();
    for (const seg of [ES, CS, SS, DS, FS, GS]) {
      const selector = cpu.getSegment(SEGMENT_NAMES[seg] as (typeof SEGMENT_NAMES)[number]).selector;
      this.loadSegment(seg, (selector & ~3) | 1);
    }
    this.setVirtualIf((guestFlags & IF_MASK) !== 0);
    cpu.eflags = (guestFlags | IF_MASK) & ~IOPL;
    this.syncSharedCopies();
  }

  // ---------------------------------------------------------------- saved state

  /** Everything the monitor keeps outside guest and monitor RAM (which the machine snapshot holds). */
  saveState(): MonitorState {
    return structuredClone({
      statistics: this.statistics,
      stopReason: this.stopReason,
      waitingSince: this.waitingSince,
      vcr: [this.vcr0, this.vcr2, this.vcr3, this.vcr4],
      gdtr: this.gdtr,
      idtr: this.idtr,
      ldtr: this.ldtr,
      tr: this.tr,
      sysenterMsrs: this.sysenterMsrs,
      queue: this.queue,
      nmiPending: this.nmiPending,
      stepping: this.stepping,
      guestHalted: this.guestHalted,
      directGates: this.directGates,
      shadow: this.shadow.saveState(),
    });
  }

  loadState(saved: MonitorState): void {
    const state = structuredClone(saved);
    const stats = this.statistics;
    stats.exits.clear();
    for (const [k, v] of state.statistics.exits) stats.exits.set(k, v);
    stats.reflected.clear();
    for (const [k, v] of state.statistics.reflected) stats.reflected.set(k, v);
    stats.failures.clear();
    for (const [k, v] of state.statistics.failures) stats.failures.set(k, v);
    stats.injected = state.statistics.injected;
    stats.delayed = state.statistics.delayed;
    stats.lost = state.statistics.lost;
    this.stopReason = state.stopReason;
    this.waitingSince = state.waitingSince;
    [this.vcr0, this.vcr2, this.vcr3, this.vcr4] = state.vcr as [number, number, number, number];
    this.gdtr = state.gdtr;
    this.idtr = state.idtr;
    this.ldtr = state.ldtr;
    this.tr = state.tr;
    this.sysenterMsrs = state.sysenterMsrs;
    this.queue.length = 0;
    this.queue.push(...state.queue);
    this.nmiPending = state.nmiPending;
    this.stepping = state.stepping;
    this.guestHalted = state.guestHalted;
    this.directGates.set(state.directGates);
    this.shadow.loadState(state.shadow);
  }

  // ---------------------------------------------------------------- exits

  private onDelivery(event: DeliveryEvent): boolean {
    if (event.kind === 'software' && this.directGates[event.vector] && !this.stepping) return false;
    const cpu = this.cpu;
    // In user mode the guest's IF is the real one, always set: whatever the kernel's virtual IF
    // was when it left, the guest's EFLAGS now has IF = 1 (an exit is where the monitor learns it).
    if (cpu.cpl === 3 && this.sharedRead(SharedField.virtualIf) === 0) this.setVirtualIf(true);
    cpu.setCpl(0, 'monitor exit');
    try {
      this.dispatch(event);
    } catch (e) {
      if (!(e instanceof GuestStop)) throw e;
      this.stopReason = e.reason;
      cpu.shutdown(`hypervisor stopped the guest: ${e.reason}`);
    } finally {
      const cs = cpu.getSegment('cs').selector;
      cpu.setCpl(cs & 3, 'monitor return');
    }
    return true;
  }

  private count(cause: ExitCause, cycles: number): void {
    const label = exitCauseLabel(cause);
    this.statistics.exits.set(label, (this.statistics.exits.get(label) ?? 0) + 1);
    const events = this.cpu.costModel.events;
    // The exit is a delivery to ring 0 and a return from it (an IRET to an outer ring).
    this.cpu.addCycles(events.deliverPrivilegeChange + events.iretOuter + cycles);
  }

  private dispatch(event: DeliveryEvent): void {
    switch (event.kind) {
      case 'interrupt':
        this.count({ kind: 'interrupt', vector: event.vector }, this.costs.queueEvent);
        this.raise({ kind: 'interrupt', vector: event.vector });
        return;
      case 'nmi':
        this.count({ kind: 'nmi' }, this.costs.queueEvent);
        this.nmiPending = true;
        this.deliverPending();
        return;
      case 'software':
        this.onSoftwareInterrupt(event);
        return;
      case 'exception':
        this.onException(event);
        return;
    }
  }

  private onException(event: DeliveryEvent): void {
    const cpu = this.cpu;
    const { vector } = event;
    const errorCode = event.errorCode ?? -1;
    if (vector === DB_VECTOR && this.stepping) {
      this.count({ kind: 'step' }, this.costs.dispatch);
      cpu.dr[6] &= ~0x4000;
      cpu.eflags &= ~RF;
      this.endStep();
      return;
    }
    if (vector === PF_VECTOR) {
      this.onPageFault(event.address ?? cpu.cr2, errorCode, event.eip);
      return;
    }
    if (vector === UD_VECTOR && this.cpl() === 1 && this.onDoorbell(event.eip)) return;
    if (
      this.cpl() === 1 &&
      (event.eip === this.rom.iretEnableInstruction || event.eip === this.rom.iretKeepInstruction)
    ) {
      this.count({ kind: 'reflect', vector }, this.costs.injectEvent);
      this.reflectIretFault(vector, errorCode);
      return;
    }
    if (vector === GP_VECTOR && errorCode === 0 && this.cpl() === 1) {
      const decoded = this.decodeAt(event.eip);
      if (decoded.kind === 'instruction') {
        this.emulate(decoded.instruction, event.eip);
        return;
      }
    }
    this.count({ kind: 'reflect', vector }, this.costs.injectEvent);
    this.reflect(vector, errorCode, event.eip);
  }

  /** A software interrupt whose gate is not a direct one: check it as the guest's IDT says. */
  private onSoftwareInterrupt(event: DeliveryEvent): void {
    const cpu = this.cpu;
    this.count({ kind: 'software-interrupt', vector: event.vector }, this.costs.injectEvent);
    const gate = this.guestGate(event.vector);
    const virtualCpl = this.cpl() === 3 ? 3 : 0;
    if (gate && gate.dpl < virtualCpl) {
      this.inject(GP_VECTOR, event.vector * 8 + 2, cpu.startIp >>> 0);
      return;
    }
    this.inject(event.vector, -1, event.eip);
  }

  // ---------------------------------------------------------------- paging

  private pagingState(): GuestPagingState {
    return {
      paging: (this.vcr0 & CR0_PG) !== 0,
      writeProtect: (this.vcr0 & CR0_WP) !== 0,
      cr3: this.vcr3,
      pse: (this.vcr4 & CR4_PSE) !== 0,
    };
  }

  private onPageFault(linear: number, errorCode: number, eip: number): void {
    const write = (errorCode & 2) !== 0;
    const user = (errorCode & 4) !== 0;
    const lin = linear >>> 0;
    if (lin >= HOLE_BASE) {
      // The guest touched the hole (the ROM page is read-only, the rest supervisor-only or beyond
      // its segments): to the guest it is a page it may not use.
      this.count({ kind: 'reflect', vector: PF_VECTOR }, this.costs.injectEvent);
      this.fail('access to the hypervisor hole');
      this.reflectPageFault(lin, errorCode, eip);
      return;
    }
    const mapping = walkGuest(this.memory, this.guestSize, this.pagingState(), lin, { write, user });
    if (mapping.kind === 'fault') {
      this.count({ kind: 'reflect', vector: PF_VECTOR }, this.costs.injectEvent);
      this.reflectPageFault(lin, mapping.errorCode, eip);
      return;
    }
    if (mapping.physical >= this.guestSize) {
      throw new GuestStop(
        `linear 0x${lin.toString(16)} maps to physical 0x${mapping.physical.toString(16)}, beyond the guest's ${this.guestSize / 0x100000} MiB`,
      );
    }
    const frame = (mapping.physical & ~0xfff) >>> 0;
    const page = (lin & ~0xfff) >>> 0;
    const needsStep = write && (this.shadow.isTraced(frame) || !mapping.writable);
    this.count({ kind: needsStep ? 'traced-write' : 'shadow-fill' }, this.costs.shadowFill);
    this.shadow.map(page, frame, { writable: mapping.writable && mapping.dirty, user: mapping.user });
    if (needsStep) this.stepOverWrite(page, lin);
  }

  private reflectPageFault(linear: number, errorCode: number, eip: number): void {
    this.vcr2 = linear;
    this.syncSharedCopies();
    this.reflect(PF_VECTOR, errorCode, eip);
  }

  /**
   * Lets one instruction write a page the monitor traces: the shadow entry is made writable, the
   * real TF set, and at the single-step trap the entry is read-only again and the shadow
   * descriptor tables are rebuilt from what the guest wrote (VMware's "traces").
   */
  private stepOverWrite(page: number, linear: number): void {
    this.shadow.setWritable(page, true);
    if (this.stepping?.kind === 'traced-write') {
      this.stepping.pages.push(page);
      this.stepping.writes.push(linear);
      return;
    }
    const savedTf = this.cpu.eflags & TF;
    this.stepping = { kind: 'traced-write', pages: [page], writes: [linear], savedTf };
    this.cpu.eflags |= TF;
  }

  private endStep(): void {
    const stepping = this.stepping;
    if (!stepping) return;
    const cpu = this.cpu;
    if (stepping.kind === 'region' && this.inIretRegion(cpu.eip) && this.cpl() === 1) return; // keep stepping
    this.stepping = undefined;
    cpu.eflags = (cpu.eflags & ~TF) | stepping.savedTf;
    if (stepping.kind === 'traced-write') {
      for (const page of stepping.pages) this.shadow.setWritable(page, false);
      const touched = this.tablesTouchedBy(stepping.writes);
      if (touched.size > 0) this.resyncTables(touched);
    }
    this.deliverPending();
  }

  // ---------------------------------------------------------------- events

  private inIretRegion(eip: number): boolean {
    return inRange(this.rom.regions.iret, eip >>> 0);
  }

  /** The guest is in one of the ROM's atomic regions (or the monitor's ring-0 code). */
  private inAtomicRegion(): boolean {
    const cpu = this.cpu;
    const cpl = this.cpl();
    if (cpl === 0) return true;
    if (cpl !== 1) return false;
    const eip = cpu.eip;
    const r = this.rom.regions;
    const a = this.atomic;
    return (
      (a.iret && inRange(r.iret, eip)) ||
      (a.sysexit && inRange(r.sysexit, eip)) ||
      (a.halt && inRange(r.halt, eip))
    );
  }

  /** A device interrupt for the guest: deliver it now, or hold it until the guest can take it. */
  private raise(event: PendingEvent): void {
    this.queue.push(event);
    this.deliverPending();
    if (this.queue.length > 0) {
      this.statistics.delayed++;
      if (this.atomic.iret && this.cpl() === 1 && this.inIretRegion(this.cpu.eip) && !this.stepping) {
        // Finish the return first: step the guest out of the IRET region, then deliver.
        this.stepping = { kind: 'region', savedTf: this.cpu.eflags & TF };
        this.cpu.eflags |= TF;
      }
      if (this.guestHalted) this.cpu.enterHalt(); // the guest's HLT goes on waiting
    }
  }

  /** The guest context's privilege level: CS's RPL (the real CPL is 0 while the monitor runs). */
  private cpl(): number {
    return this.cpu.getSegment('cs').selector & 3;
  }

  /** The guest's virtual IF (in user mode always set). */
  get virtualInterruptFlag(): boolean {
    return this.virtualIf();
  }

  private virtualIf(): boolean {
    return this.cpl() === 3 || this.sharedRead(SharedField.virtualIf) !== 0;
  }

  private setVirtualIf(on: boolean): void {
    this.sharedWrite(SharedField.virtualIf, on ? IF_MASK : 0);
  }

  /** Delivers the oldest waiting event if the guest can take it now. */
  private deliverPending(): void {
    if (this.stepping || this.inAtomicRegion()) {
      this.notePending();
      return;
    }
    if (this.nmiPending) {
      this.nmiPending = false;
      this.inject(NMI_VECTOR, -1, this.cpu.eip, 'nmi');
    } else if (this.queue.length > 0 && this.virtualIf()) {
      const event = this.queue.shift() as PendingEvent;
      this.inject(event.vector, -1, this.cpu.eip, 'interrupt');
      this.statistics.injected++;
    }
    this.notePending();
  }

  private notePending(): void {
    const waiting = this.queue.length > 0 || this.nmiPending;
    this.sharedWrite(SharedField.pending, waiting ? 1 : 0);
    if (!waiting) this.waitingSince = undefined;
    else this.waitingSince ??= this.clock();
  }

  /**
   * Monitor exits by cause: those the monitor handled, and the `sysenter` calls its ring-0 bounce
   * took (they enter ring 0 without an exception, so the bounce counts them itself).
   */
  exitsByCause(): Map<string, number> {
    const exits = new Map(this.statistics.exits);
    const bounces = this.memory.readU32(this.shadow.holePhysical(MONITOR_DATA + MonitorDataField.bounces));
    if (bounces > 0) exits.set('sysenter bounce', bounces);
    return new Map([...exits].sort((a, b) => b[1] - a[1]));
  }

  /** How long (virtual time) the oldest waiting event has waited; 0 when none waits. */
  waitingFor(now: number): number {
    return this.waitingSince === undefined ? 0 : now - this.waitingSince;
  }

  /** `ud2` at a ROM doorbell: the ROM set the virtual IF and saw events waiting. */
  private onDoorbell(eip: number): boolean {
    const cpu = this.cpu;
    if (eip === this.rom.doorbells.sti) {
      this.count({ kind: 'doorbell' }, this.costs.dispatch);
      cpu.eip = this.rom.stiAfterDoorbell;
      this.deliverPending();
      return true;
    }
    if (eip === this.rom.doorbells.iret) {
      // The frame is still above the call's return address and the frame's IF is set: finish
      // the return under single-step, then deliver.
      this.count({ kind: 'doorbell' }, this.costs.dispatch);
      this.setVirtualIf(true);
      cpu.esp = (cpu.esp + 4) >>> 0;
      cpu.eip = this.rom.iretEnableInstruction;
      if (!this.stepping) {
        this.stepping = { kind: 'region', savedTf: cpu.eflags & TF };
        cpu.eflags |= TF;
      }
      return true;
    }
    return false;
  }

  /**
   * An `iret` in the ROM faulted: to the guest it is a fault of the `iret` at the hook point (its
   * exception table names the site), with the stack as it was at the site and interrupts off.
   */
  private reflectIretFault(vector: number, errorCode: number): void {
    const returnAddress = this.readGuest32(this.stackLinear(-4), false);
    this.setVirtualIf(false);
    this.reflect(vector, errorCode, (returnAddress - 5) >>> 0);
  }

  // ---------------------------------------------------------------- the native frame

  private reflect(vector: number, errorCode: number, eip: number): void {
    const statistics = this.statistics.reflected;
    statistics.set(vector, (statistics.get(vector) ?? 0) + 1);
    this.inject(vector, errorCode, eip, 'exception');
  }

  private guestGate(vector: number): ReturnType<typeof gateOf> | undefined {
    if (vector * 8 + 7 > this.idtr.limit) return undefined;
    const d = this.readTableEntry(this.idtr.base, vector);
    return d && gateOf(d);
  }

  /** Entry `index` of a guest descriptor table, or undefined where the table is not mapped. */
  private readTableEntry(base: number, index: number): Descriptor | undefined {
    try {
      return descriptorOf(
        this.readGuest32(base + index * 8, false),
        this.readGuest32(base + index * 8 + 4, false),
      );
    } catch (e) {
      if (e instanceof GuestStop) return undefined;
      throw e;
    }
  }

  /**
   * Delivers `vector` to the guest as the hardware would: through the guest's IDT gate, building
   * exactly the native frame (SS:ESP from ring 3, EFLAGS with the virtual IF, CS, EIP, the error
   * code) on the guest's kernel stack.
   */
  private inject(
    vector: number,
    errorCode: number,
    returnEip: number,
    kind: 'exception' | 'interrupt' | 'software' | 'nmi' = 'software',
  ): void {
    const cpu = this.cpu;
    this.guestHalted = false;
    const gate = this.guestGate(vector);
    if (!gate?.present || !isInterruptOrTrapGate(gate)) {
      throw new GuestStop(`vector ${vector} has no interrupt or trap gate in the guest's IDT`);
    }
    const code = this.guestDescriptor(gate.selector);
    if (!code || !isCode(code) || !isPresent(code)) {
      throw new GuestStop(
        `the guest's gate for vector ${vector} names selector 0x${gate.selector.toString(16)}, not a code segment`,
      );
    }
    const realDpl = Math.max(dplOf(code), 1);
    const fromCpl = Math.max(this.cpl(), 1);
    const flags = cpu.eflags;
    const frameFlags = ((flags & ~(IF_MASK | IOPL | RF)) | (this.virtualIf() ? IF_MASK : 0)) >>> 0;
    const oldCs = cpu.getSegment('cs').selector;
    const words: number[] = [];
    if (errorCode >= 0) words.push(errorCode);
    words.push(returnEip >>> 0, oldCs, frameFlags);

    if (realDpl < fromCpl) {
      if (this.tr.limit < 8) throw new GuestStop(`vector ${vector} from user mode, but the guest has no TSS`);
      const esp0 = this.readGuest32(this.tr.base + 4, false);
      const ss0 = this.readGuest32(this.tr.base + 8, false) & 0xffff;
      words.push(cpu.esp, cpu.getSegment('ss').selector);
      this.loadSegment(SS, (ss0 & ~3) | realDpl);
      cpu.esp = esp0;
    }
    this.pushWords(words);
    this.loadSegment(CS, (gate.selector & ~3) | realDpl);
    cpu.eip = gate.offset;
    cpu.eflags = cpu.eflags & ~(TF | NT | RF | VM);
    if ((gate.type & 1) === 0) this.setVirtualIf(false);
    if (kind === 'interrupt' || kind === 'nmi') this.cpu.addCycles(this.costs.injectEvent);
  }

  /** Pushes a frame on the guest's current stack: `words[0]` ends lowest (where ESP points). */
  private pushWords(words: number[]): void {
    const cpu = this.cpu;
    const ss = cpu.getSegment('ss');
    const big = (ss.access & 0x4000) !== 0;
    const top = big ? cpu.esp >>> 0 : cpu.esp & 0xffff;
    const bytes = 4 * words.length;
    const sp = big ? (top - bytes) >>> 0 : (top - bytes) & 0xffff;
    words.forEach((word, k) => {
      const offset = big ? (sp + 4 * k) >>> 0 : (sp + 4 * k) & 0xffff;
      this.writeGuest32((ss.base + offset) >>> 0, word);
    });
    cpu.esp = big ? sp : ((cpu.esp & 0xffff0000) | sp) >>> 0;
  }

  // ---------------------------------------------------------------- emulation of trapped instructions

  private decodeAt(eip: number) {
    const cpu = this.cpu;
    const csBase = cpu.getSegment('cs').base;
    return decodeTrapped({
      byte: (i) => {
        try {
          return this.readGuest8((csBase + eip + i) >>> 0);
        } catch {
          return undefined;
        }
      },
      register: (n) => readRegister(cpu, n) | 0,
      segmentBase: (n) => cpu.getSegment(SEGMENT_NAMES[n]).base,
    });
  }

  private emulate(instruction: TrappedInstruction, eip: number): void {
    const cpu = this.cpu;
    const io = instruction.name === 'in' || instruction.name === 'out';
    this.count(
      { kind: 'instruction', name: instruction.name },
      io ? this.costs.emulatePortIo : this.costs.emulateInstruction,
    );
    const next = (eip + instruction.length) >>> 0;
    switch (instruction.name) {
      case 'cli':
        this.setVirtualIf(false);
        break;
      case 'sti':
        this.setVirtualIf(true);
        break;
      case 'hlt':
        cpu.eip = next;
        this.halt();
        return;
      case 'clts':
        this.vcr0 &= ~CR0_TS;
        this.updateRealCr0();
        break;
      case 'invd':
      case 'wbinvd':
        break;
      case 'wrmsr':
        if (!this.writeMsr(cpu.ecx >>> 0, cpu.edx >>> 0, cpu.eax >>> 0)) {
          this.reflect(GP_VECTOR, 0, eip);
          return;
        }
        break;
      case 'rdmsr': {
        const value = this.readMsr(cpu.ecx >>> 0);
        if (value === undefined) {
          this.reflect(GP_VECTOR, 0, eip);
          return;
        }
        cpu.eax = value.lo;
        cpu.edx = value.hi;
        break;
      }
      case 'sysexit':
        if ((this.sysenterMsrs.cs & 0xfffc) === 0) {
          this.reflect(GP_VECTOR, 0, eip);
          return;
        }
        this.sysexit();
        this.deliverPending();
        return;
      case 'in': {
        const port = instruction.port === 'dx' ? cpu.edx & 0xffff : instruction.port;
        const value = cpu.io.read(port, instruction.size);
        if (instruction.size === 4) cpu.eax = value;
        else if (instruction.size === 2) cpu.eax = (cpu.eax & 0xffff0000) | (value & 0xffff);
        else cpu.eax = (cpu.eax & 0xffffff00) | (value & 0xff);
        break;
      }
      case 'out': {
        const port = instruction.port === 'dx' ? cpu.edx & 0xffff : instruction.port;
        const mask = instruction.size === 4 ? 0xffffffff : instruction.size === 2 ? 0xffff : 0xff;
        cpu.io.write(port, instruction.size, (cpu.eax & mask) >>> 0);
        break;
      }
      case 'mov-from-cr': {
        const value = [this.vcr0, undefined, this.vcr2, this.vcr3, this.vcr4][instruction.cr];
        if (value === undefined) {
          this.reflect(UD_VECTOR, -1, eip);
          return;
        }
        writeRegister(cpu, instruction.register, value >>> 0);
        break;
      }
      case 'mov-to-cr': {
        const value = readRegister(cpu, instruction.register) >>> 0;
        if (!this.writeCr(instruction.cr, value)) {
          this.reflect(instruction.cr === 0 ? GP_VECTOR : UD_VECTOR, instruction.cr === 0 ? 0 : -1, eip);
          return;
        }
        break;
      }
      case 'lmsw': {
        const value =
          'register' in instruction.operand
            ? readRegister(cpu, instruction.operand.register) & 0xffff
            : this.readGuest16(instruction.operand.address);
        this.writeCr(0, (this.vcr0 & ~0xe) | (value & 0xe) | (this.vcr0 & CR0_PE) | (value & CR0_PE));
        break;
      }
      case 'lgdt':
      case 'lidt': {
        const limit = this.readGuest16(instruction.address);
        const base = this.readGuest32(instruction.address + 2, false);
        if (instruction.name === 'lgdt') {
          if (limit >= GUEST_GDT_ENTRIES * 8) {
            throw new GuestStop(
              `lgdt of a ${(limit + 1) / 8}-entry GDT: the monitor shadows at most ${GUEST_GDT_ENTRIES}`,
            );
          }
          this.gdtr = { base, limit };
        } else this.idtr = { base, limit };
        this.resyncTables();
        break;
      }
      case 'lldt': {
        const selector = this.selectorOperand(instruction.operand);
        if (!this.loadLdt(selector)) {
          this.reflect(GP_VECTOR, selector & 0xfffc, eip);
          return;
        }
        break;
      }
      case 'ltr': {
        const selector = this.selectorOperand(instruction.operand);
        if (!this.loadTr(selector)) {
          this.reflect(GP_VECTOR, selector & 0xfffc, eip);
          return;
        }
        break;
      }
      case 'invlpg':
        this.shadow.invalidate(instruction.address);
        break;
    }
    cpu.eip = next;
    this.deliverPending();
  }

  private selectorOperand(operand: { register: number } | { address: number }): number {
    return 'register' in operand
      ? readRegister(this.cpu, operand.register) & 0xffff
      : this.readGuest16(operand.address);
  }

  /** HLT in the guest kernel: take what waits, or wait (the real CPU halts until an interrupt). */
  private halt(): void {
    if (this.nmiPending || (this.queue.length > 0 && this.virtualIf())) {
      this.deliverPending();
      return;
    }
    this.guestHalted = true;
    this.cpu.enterHalt();
  }

  /** SYSEXIT as the hardware does it (SDM vol. 2): flat ring-3 segments from SYSENTER_CS + 16/24. */
  private sysexit(): void {
    const cpu = this.cpu;
    const base = this.sysenterMsrs.cs & 0xfffc;
    cpu.loadCache(CS, (base + 16) | 3, 0, 0xffffffff, accessOf(flatSegment(0xb, 3)));
    cpu.loadCache(SS, (base + 24) | 3, 0, 0xffffffff, accessOf(flatSegment(0x3, 3)));
    cpu.eip = cpu.edx >>> 0;
    cpu.esp = cpu.ecx >>> 0;
  }

  private writeCr(cr: number, value: number): boolean {
    switch (cr) {
      case 0: {
        if (!(value & CR0_PE)) throw new GuestStop('the guest left protected mode (CR0.PE = 0)');
        const old = this.vcr0;
        this.vcr0 = (value | CR0_ET) >>> 0;
        if ((old ^ this.vcr0) & (CR0_PG | CR0_WP)) {
          this.shadow.flush();
          this.resyncTables();
        }
        this.updateRealCr0();
        break;
      }
      case 3:
        this.vcr3 = value >>> 0;
        this.shadow.flush();
        this.retrace();
        break;
      case 4:
        this.vcr4 = value & (CR4_PSE | 0x80 /* PGE */ | 0x4 /* TSD */ | 0x8) /* DE */;
        this.shadow.flush();
        break;
      default:
        return false;
    }
    this.syncSharedCopies();
    return true;
  }

  /** The real CR0: protection, paging and write protection always on; TS, MP, EM as the guest set them. */
  private updateRealCr0(): void {
    const guestBits = this.vcr0 & (CR0_TS | CR0_MP | CR0_EM);
    this.cpu.setCr0(CR0_PE | CR0_ET | CR0_NE | CR0_WP | CR0_PG | guestBits);
    this.syncSharedCopies();
  }

  private writeMsr(index: number, hi: number, lo: number): boolean {
    switch (index) {
      case MSR_SYSENTER_CS:
        this.sysenterMsrs.cs = lo & 0xffff;
        break;
      case MSR_SYSENTER_ESP:
        this.sysenterMsrs.esp = lo;
        break;
      case MSR_SYSENTER_EIP:
        this.sysenterMsrs.eip = lo;
        break;
      default:
        try {
          this.cpu.writeMsr(index, (BigInt(hi) << 32n) | BigInt(lo));
        } catch (e) {
          if (e instanceof CpuFault) return false;
          throw e;
        }
        return true;
    }
    this.programSysenter();
    return true;
  }

  private readMsr(index: number): { lo: number; hi: number } | undefined {
    switch (index) {
      case MSR_SYSENTER_CS:
        return { lo: this.sysenterMsrs.cs, hi: 0 };
      case MSR_SYSENTER_ESP:
        return { lo: this.sysenterMsrs.esp, hi: 0 };
      case MSR_SYSENTER_EIP:
        return { lo: this.sysenterMsrs.eip, hi: 0 };
      default:
        try {
          const value = BigInt(this.cpu.readMsr(index));
          return { lo: Number(value & 0xffffffffn), hi: Number((value >> 32n) & 0xffffffffn) };
        } catch (e) {
          if (e instanceof CpuFault) return undefined;
          throw e;
        }
    }
  }

  /**
   * The real SYSENTER MSRs send `sysenter` to the monitor's ring-0 bounce, which enters the guest's
   * entry in ring 1 with the guest's values. The real SYSENTER_CS is the guest's own selector, so
   * that `sysexit` gives user mode exactly the selectors the guest expects (SYSENTER_CS + 16/24).
   */
  private programSysenter(): void {
    const { cs, esp, eip } = this.sysenterMsrs;
    const data = (offset: number, value: number) =>
      this.memory.writeU32(this.shadow.holePhysical(MONITOR_DATA + offset), value >>> 0);
    data(MonitorDataField.entrySs, ((cs & 0xfffc) + 8) | 1);
    data(MonitorDataField.entryEsp, esp);
    data(MonitorDataField.entryCs, (cs & 0xfffc) | 1);
    data(MonitorDataField.entryEip, eip);
    this.cpu.writeMsr(MSR_SYSENTER_CS, cs);
    this.cpu.writeMsr(MSR_SYSENTER_ESP, MONITOR_STACK_TOP);
    this.cpu.writeMsr(MSR_SYSENTER_EIP, this.rom.sysenterBounce);
  }

  // ---------------------------------------------------------------- descriptor tables

  /** A descriptor from the guest's own GDT or LDT, or undefined when the selector is outside it. */
  private guestDescriptor(selector: number): Descriptor | undefined {
    const table = selector & 4 ? this.ldtr : this.gdtr;
    const index = selector & ~7;
    if ((selector & 4 && this.ldtr.selector === 0) || index + 7 > table.limit) return undefined;
    return this.readTableEntry(table.base, index >>> 3);
  }

  /**
   * What the CPU gets for a guest code or data descriptor: DPL 0 becomes DPL 1 (the guest kernel's
   * ring), and the segment ends at GUEST_SEGMENT_END so that no guest segment reaches the monitor's
   * part of the hole. System descriptors (TSS, LDT, gates) are the monitor's business: not present.
   */
  private shadowSegment(d: Descriptor): Descriptor {
    if (!isPresent(d)) return d; // loading it faults (#NP, #SS, #GP) as on hardware
    if (!isCodeOrData(d)) {
      // TSS and LDT descriptors are the monitor's to load (LTR, LLDT trap); gates are not supported.
      const type = typeOf(d);
      if (type !== 1 && type !== 2 && type !== 3 && type !== 9 && type !== 11) {
        this.fail('call or task gate in a descriptor table refused');
      }
      return notPresent(d);
    }
    if (isExpandDown(d)) {
      this.fail('expand-down segment refused');
      return notPresent(d);
    }
    const base = baseOf(d);
    if (base > GUEST_SEGMENT_END) return notPresent(d);
    const lifted = dplOf(d) === 0 ? withDpl(d, 1) : d;
    const reach = GUEST_SEGMENT_END - base;
    return limitOf(d) > reach ? withLimit(lifted, reach) : lifted;
  }

  private writeRealDescriptor(table: number, index: number, d: Descriptor): void {
    const at = this.shadow.holePhysical(table + index * 8);
    this.memory.writeU32(at, d.lo);
    this.memory.writeU32(at + 4, d.hi);
  }

  private readRealDescriptor(selector: number): Descriptor {
    const table = selector & 4 ? SHADOW_LDT : MONITOR_GDT;
    const at = this.shadow.holePhysical(table + (selector & ~7));
    return descriptorOf(this.memory.readU32(at), this.memory.readU32(at + 4));
  }

  /** Loads a segment register from the real (shadow) tables, as a segment load would. */
  private loadSegment(seg: number, selector: number): void {
    if ((selector & 0xfffc) === 0) {
      if (seg === CS || seg === SS) throw new GuestStop(`a null selector for ${SEGMENT_NAMES[seg]}`);
      this.cpu.setNullSegment(seg, selector);
      return;
    }
    const d = this.readRealDescriptor(selector);
    if (!isPresent(d) || !isCodeOrData(d)) {
      throw new GuestStop(
        `selector 0x${selector.toString(16)} for ${SEGMENT_NAMES[seg]} is not a usable segment`,
      );
    }
    this.cpu.loadCache(seg, selector, baseOf(d), limitOf(d), accessOf(d));
  }

  /**
   * The guest tables a traced write may have changed: a write lands on a traced page, but most
   * such pages also hold ordinary kernel data, and only writes that overlap a table matter.
   */
  private tablesTouchedBy(writes: readonly number[]): Set<GuestTable> {
    const touched = new Set<GuestTable>();
    const ranges: [GuestTable, number, number, boolean][] = [
      ['gdt', this.gdtr.base, this.gdtr.limit, true],
      ['idt', this.idtr.base, this.idtr.limit, true],
      ['ldt', this.ldtr.base, this.ldtr.limit, this.ldtr.selector !== 0],
      ['tss', this.tr.base, TSS_LIMIT, this.tr.selector !== 0],
    ];
    for (const write of writes) {
      for (const [table, base, limit, loaded] of ranges) {
        // An instruction writes at most 16 bytes from where it first faulted (a descriptor is 8).
        if (loaded && write + 16 > base && write <= base + limit) touched.add(table);
      }
    }
    return touched;
  }

  /** Rebuilds the real GDT, LDT, IDT and TSS stack fields from the guest's tables. */
  private resyncTables(tables: ReadonlySet<GuestTable> = ALL_TABLES): void {
    const gdtEntries = Math.min(GUEST_GDT_ENTRIES, Math.floor((this.gdtr.limit + 1) / 8));
    if (tables.has('gdt')) this.resyncGdt(gdtEntries);
    let ldtEntries = 0;
    if (tables.has('ldt') || tables.has('gdt')) ldtEntries = this.resyncLdt();
    const idtEntries = tables.has('idt') ? this.resyncIdt() : 0;
    this.writeMonitorTss();
    this.cpu.addCycles(this.costs.resyncPerDescriptor * (gdtEntries + ldtEntries + idtEntries));
    if (tables.has('gdt') || tables.has('idt') || tables.has('ldt')) this.retrace();
  }

  private resyncGdt(gdtEntries: number): void {
    for (let i = 0; i < GUEST_GDT_ENTRIES; i++) {
      const d = i < gdtEntries ? this.guestDescriptor(i * 8) : undefined;
      this.writeRealDescriptor(MONITOR_GDT, i, d ? this.shadowSegment(d) : descriptorOf(0, 0));
    }
    this.writeRealDescriptor(MONITOR_GDT, MonitorSelector.code / 8, flatSegment(0xb, 0));
    this.writeRealDescriptor(MONITOR_GDT, MonitorSelector.data / 8, flatSegment(0x3, 0));
    const trIndex = this.tr.selector ? this.tr.selector >>> 3 : MonitorSelector.tss / 8;
    this.writeRealDescriptor(MONITOR_GDT, trIndex, tssDescriptor(MONITOR_TSS, TSS_LIMIT, true));
  }

  private resyncLdt(): number {
    let ldtEntries = 0;
    if (this.ldtr.selector) {
      ldtEntries = Math.min(SHADOW_LDT_ENTRIES, Math.floor((this.ldtr.limit + 1) / 8));
      for (let i = 0; i < ldtEntries; i++) {
        const d = this.readTableEntry(this.ldtr.base, i);
        this.writeRealDescriptor(SHADOW_LDT, i, d ? this.shadowSegment(d) : descriptorOf(0, 0));
      }
      this.writeRealDescriptor(
        MONITOR_GDT,
        this.ldtr.selector >>> 3,
        ldtDescriptor(SHADOW_LDT, ldtEntries * 8 - 1),
      );
    }
    return ldtEntries;
  }

  private resyncIdt(): number {
    const idtEntries = Math.min(256, Math.floor((this.idtr.limit + 1) / 8));
    for (let v = 0; v < 256; v++) {
      const gate = v < idtEntries ? this.guestGate(v) : undefined;
      const code = gate?.present ? this.guestDescriptor(gate.selector) : undefined;
      const direct =
        !!gate &&
        gate.present &&
        gate.type === 0xf &&
        gate.dpl === 3 &&
        !!code &&
        isCode(code) &&
        isPresent(code);
      this.directGates[v] = direct ? 1 : 0;
      const real =
        direct && gate
          ? gateDescriptor({ ...gate, selector: (gate.selector & ~3) | 1 })
          : gateDescriptor({
              selector: MonitorSelector.code,
              offset: MONITOR_CODE,
              type: 0xe,
              dpl: 0,
              present: true,
            });
      this.writeRealDescriptor(MONITOR_IDT, v, real);
    }
    return idtEntries;
  }

  /** The real TSS: ring 0 is the monitor's stack, ring 1 the guest kernel's (its TSS's SS0:ESP0). */
  private writeMonitorTss(): void {
    const at = (offset: number) => this.shadow.holePhysical(MONITOR_TSS + offset);
    this.memory.writeU32(at(4), MONITOR_STACK_TOP);
    this.memory.writeU32(at(8), MonitorSelector.data);
    if (this.tr.limit >= 11) {
      const esp0 = this.readGuest32(this.tr.base + 4, false);
      const ss0 = this.readGuest32(this.tr.base + 8, false) & 0xffff;
      this.memory.writeU32(at(12), esp0);
      this.memory.writeU32(at(16), (ss0 & ~3) | 1);
    }
    this.memory.writeU32(at(100), (TSS_LIMIT + 1) << 16); // I/O map beyond the limit: every port traps
  }

  /** Traces the guest-physical pages holding the guest's GDT, IDT, LDT and TSS. */
  private retrace(): void {
    const frames: number[] = [];
    const add = (base: number, limit: number) => {
      if (limit <= 0) return;
      const first = (base & ~0xfff) >>> 0;
      for (let page = first; page <= base + limit; page += PAGE_SIZE) {
        const mapping = walkGuest(this.memory, this.guestSize, this.pagingState(), page, {
          write: false,
          user: false,
        });
        if (mapping.kind === 'mapped' && mapping.physical < this.guestSize)
          frames.push((mapping.physical & ~0xfff) >>> 0);
      }
    };
    add(this.gdtr.base, this.gdtr.limit);
    add(this.idtr.base, this.idtr.limit);
    if (this.ldtr.selector) add(this.ldtr.base, this.ldtr.limit);
    if (this.tr.selector) add(this.tr.base, Math.min(this.tr.limit, TSS_LIMIT));
    this.shadow.setTraced(frames);
  }

  private loadLdt(selector: number): boolean {
    if ((selector & 0xfffc) === 0) {
      this.ldtr = { selector: 0, base: 0, limit: 0 };
      this.cpu.setLdtRegister(0, 0, 0);
      this.resyncTables();
      return true;
    }
    if (selector & 4) return false;
    const d = this.guestDescriptor(selector);
    if (!d || isCodeOrData(d) || typeOf(d) !== 2 || !isPresent(d)) return false;
    this.ldtr = { selector: selector & ~3, base: baseOf(d), limit: limitOf(d) };
    this.resyncTables();
    const entries = Math.min(SHADOW_LDT_ENTRIES, Math.floor((this.ldtr.limit + 1) / 8));
    this.cpu.setLdtRegister(this.ldtr.selector, SHADOW_LDT, entries * 8 - 1);
    return true;
  }

  private loadTr(selector: number): boolean {
    if ((selector & 0xfffc) === 0 || selector & 4) return false;
    const d = this.guestDescriptor(selector);
    if (!d || isCodeOrData(d) || typeOf(d) !== 9 || !isPresent(d)) return false;
    // LTR marks the guest's descriptor busy, in the guest's own GDT.
    const hiAddress = this.gdtr.base + (selector & ~7) + 4;
    this.writeGuest32(hiAddress, d.hi | 0x200);
    this.tr = { selector: selector & ~3, base: baseOf(d), limit: limitOf(d) };
    this.resyncTables();
    this.cpu.setTaskRegister(this.tr.selector, MONITOR_TSS, TSS_LIMIT);
    return true;
  }

  // ---------------------------------------------------------------- guest memory

  /** Guest linear → guest physical through the guest's page tables; throws GuestStop when unmapped. */
  private guestPhysical(linear: number, write: boolean): number {
    const lin = linear >>> 0;
    if (lin >= HOLE_BASE && lin < HOLE_BASE + 2 * PAGE_SIZE) return this.shadow.holePhysical(lin);
    const mapping = walkGuest(this.memory, this.guestSize, this.pagingState(), lin, { write, user: false });
    if (mapping.kind === 'fault' || mapping.physical + 4 > this.guestSize) {
      throw new GuestStop(`the monitor needed guest memory at 0x${lin.toString(16)}, which is not mapped`);
    }
    return mapping.physical;
  }

  private readGuest8(linear: number): number {
    return this.memory.readU8(this.guestPhysical(linear, false));
  }

  private readGuest16(linear: number): number {
    return this.readGuest8(linear) | (this.readGuest8(linear + 1) << 8);
  }

  private readGuest32(linear: number, write: boolean): number {
    if ((linear & 0xfff) <= 0xffc) return this.memory.readU32(this.guestPhysical(linear, write)) >>> 0;
    return (this.readGuest16(linear) | (this.readGuest16(linear + 2) << 16)) >>> 0;
  }

  private writeGuest32(linear: number, value: number): void {
    if ((linear & 0xfff) <= 0xffc) {
      this.memory.writeU32(this.guestPhysical(linear, true), value >>> 0);
      return;
    }
    for (let k = 0; k < 4; k++)
      this.memory.writeU8(this.guestPhysical(linear + k, true), (value >>> (8 * k)) & 0xff);
  }

  private stackLinear(offset: number): number {
    const ss = this.cpu.getSegment('ss');
    return (ss.base + this.cpu.esp + offset) >>> 0;
  }

  private sharedRead(field: number): number {
    return this.memory.readU32(this.shadow.holePhysical(SHARED_PAGE + field));
  }

  private sharedWrite(field: number, value: number): void {
    this.memory.writeU32(this.shadow.holePhysical(SHARED_PAGE + field), value >>> 0);
  }

  private syncSharedCopies(): void {
    this.sharedWrite(SharedField.cr0, this.vcr0);
    this.sharedWrite(SharedField.cr2, this.vcr2);
    this.sharedWrite(SharedField.cr3, this.vcr3);
  }

  private writeHole(linear: number, bytes: Uint8Array): void {
    this.memory.write(this.shadow.holePhysical(linear), bytes);
  }

  /** Records something the guest did that a real monitor refuses or cannot make right. */
  private fail(what: string): void {
    this.statistics.failures.set(what, (this.statistics.failures.get(what) ?? 0) + 1);
  }
}

type GuestTable = 'gdt' | 'idt' | 'ldt' | 'tss';
const ALL_TABLES: ReadonlySet<GuestTable> = new Set(['gdt', 'idt', 'ldt', 'tss']);

/** The general registers in ModR/M order (0 = EAX … 7 = EDI), as the CPU's named accessors. */
const GENERAL_REGISTERS = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;

function readRegister(cpu: Cpu, n: number): number {
  return cpu[GENERAL_REGISTERS[n & 7] as (typeof GENERAL_REGISTERS)[number]];
}

function writeRegister(cpu: Cpu, n: number, value: number): void {
  cpu[GENERAL_REGISTERS[n & 7] as (typeof GENERAL_REGISTERS)[number]] = value;
}
