import type { InjectableMachine } from '@vmi386/event-injector';
import { LabError } from '../lab-error.js';

/** The guest's null system call, made a thousand times by each benchmark loop. */
const NR_BENCH = 203;

/**
 * The entry paths the race explorer sweeps (docs/entry-paths.md). From user mode: the two
 * system-call routes, the interrupt-return path (a timer tick taken in user mode, through
 * `ret_from_intr` to its `iret`), the exception-return path (a #NM from an x87 task, through
 * `math_state_restore` and `ret_from_exception`) and a page fault the kernel resolves (pid 2's
 * first touch of its demand page). From kernel mode: a timer tick that interrupts the kernel
 * (`resume_kernel`, which preempts it), an NMI on the kernel stack (`nmi` → `restore_all`), and the
 * #GP of a faulting `iret` (`general_protection` → the exception table → `iret_exc`).
 */
export const entryRoutes = [
  'int $0x80',
  'sysenter',
  'timer interrupt',
  'device not available',
  'page fault',
  'resume_kernel',
  'nmi',
  'iret_exc',
] as const;
export type EntryRoute = (typeof entryRoutes)[number];

/** Where the event that opens a kernel-mode route interrupted the kernel (its frame's EIP). */
type InterruptedAt =
  /** Anywhere in this guest function: from its symbol to the next symbol. */
  | { readonly kind: 'function'; readonly name: string }
  /** At an `IRET` statement (its hook point in the VMI image): the return itself faulted. */
  | { readonly kind: 'iret' };

/** How a route is recognised. */
type RouteEntry =
  /** A null system call (EAX = NR_BENCH) made by this instruction's class of CPL change. */
  | { readonly kind: 'system call'; readonly cause: 'software' | 'sysenter' }
  /** An event taken in user mode: the first kernel instruction is this guest symbol. */
  | { readonly kind: 'event'; readonly handler: string }
  /**
   * An event taken in kernel mode: the first instruction after a delivery is this guest symbol,
   * and the frame it was given (after an error code when `errorCode`) returns to `interrupted`.
   */
  | {
      readonly kind: 'kernel event';
      readonly handler: string;
      readonly errorCode: boolean;
      readonly interrupted: InterruptedAt;
    };

/** Where a window ends. */
export type WindowEnd =
  /** At the first instruction back in user mode (the interrupted task's, or the next one's). */
  | 'user mode'
  /**
   * Back in the kernel with the event's frame popped: the stack pointer as it was before the event
   * (at the interrupted instruction, or where the handler sent it: a fault's fixup).
   */
  | 'kernel';

interface RouteSpec {
  readonly entry: RouteEntry;
  readonly end: WindowEnd;
  /** Which occurrence a sweep explores by default: well into the run, where every one is alike. */
  readonly defaultOccurrence: number;
}

export const routeSpecs: Readonly<Record<EntryRoute, RouteSpec>> = {
  'int $0x80': {
    entry: { kind: 'system call', cause: 'software' },
    end: 'user mode',
    defaultOccurrence: 100,
  },
  sysenter: { entry: { kind: 'system call', cause: 'sysenter' }, end: 'user mode', defaultOccurrence: 100 },
  // IRQ 0's stub is the first 8-byte slot of irq_entries_start. The guest spends little time in user
  // mode outside system calls: one tick in a run arrives there (pid 4, on its 16-bit stack: ldt_ss).
  'timer interrupt': {
    entry: { kind: 'event', handler: 'irq_entries_start' },
    end: 'user mode',
    defaultOccurrence: 1,
  },
  'device not available': {
    entry: { kind: 'event', handler: 'device_not_available' },
    end: 'user mode',
    defaultOccurrence: 100,
  },
  // The first page fault from user mode is pid 2's read of USER_DEMAND_PAGE, which do_page_fault
  // maps and returns from (the second is pid 7's, which kills it).
  'page fault': { entry: { kind: 'event', handler: 'page_fault' }, end: 'user mode', defaultOccurrence: 1 },
  // The checker's kspin busy-waits in the kernel with interrupts on for two ticks; the first tick
  // goes through ret_from_intr → resume_kernel → preempt_schedule_irq and back into kspin.
  resume_kernel: {
    entry: {
      kind: 'kernel event',
      handler: 'irq_entries_start',
      errorCode: false,
      interrupted: { kind: 'function', name: 'sys_kspin' },
    },
    end: 'kernel',
    defaultOccurrence: 1,
  },
  // The checker's nmitest raises vector 2 twice: on the flat kernel stack (nmi → restore_all, the
  // default) and on the ESPFIX stack (nmi_16bit_stack, --occurrence 2).
  nmi: {
    entry: {
      kind: 'kernel event',
      handler: 'nmi',
      errorCode: false,
      interrupted: { kind: 'function', name: 'sys_nmitest' },
    },
    end: 'kernel',
    defaultOccurrence: 1,
  },
  // Pid 8's return to an emptied LDT code selector: the kernel's IRET raises #GP, the exception
  // table sends it to iret_exc: the window ends at the #GP's own return, into iret_exc (which then
  // kills the task). Pid 9's, from ldt_ss on the ESPFIX stack, is --occurrence 2.
  iret_exc: {
    entry: {
      kind: 'kernel event',
      handler: 'general_protection',
      errorCode: true,
      interrupted: { kind: 'iret' },
    },
    end: 'kernel',
    defaultOccurrence: 1,
  },
};

/** The user registers a task resumes with (compared after every trial). */
export interface UserState {
  readonly eip: number;
  readonly esp: number;
  readonly eflags: number;
  readonly gpr: readonly number[];
  readonly selectors: readonly number[];
}

/** One kernel entry, from the first instruction in the kernel (the route's entry) to its return. */
export interface EntryWindow {
  readonly route: EntryRoute;
  /** Where the window ends: back in user mode, or back in the kernel with the event's frame popped. */
  readonly end: WindowEnd;
  /** `cpu.instructionCount` at the first kernel instruction (a system call's entry instruction has retired). */
  readonly startInstruction: number;
  /** Linear address of that first kernel instruction (the guest's handler, or the monitor's bounce). */
  readonly startEip: number;
  /** Instructions from there to the window's end (the first instruction after the return). */
  readonly length: number;
  /**
   * The state at the return (the reference every trial must match): the user registers, or for a
   * window that ends in the kernel the kernel's, at the instruction it returns to.
   */
  readonly returnState: UserState;
  /** For a window that ends in the kernel: where the stack is after the return. */
  readonly returnPoint?: ReturnPoint;
  /** How deep the kernel stack went during the call, in bytes. */
  readonly maxStackDepth: number;
  /** The privilege levels passed through, from ring 3 back to ring 3 (e.g. `3→0→1→0→1→3`). */
  readonly path: string;
  /**
   * Modelled cycles from the moment the CPU left ring 3 (before the entry's delivery is charged)
   * — for a kernel-mode route, from the event's delivery — to the window's end.
   */
  readonly cycles: number;
}

/** The linear address of the stack pointer before a kernel-mode event (its frame popped). */
export interface ReturnPoint {
  readonly stack: number;
}

const ARITHMETIC_AND_IF = 0x0ed5 | 0x200; // CF PF AF ZF SF DF OF and IF

export function userState(machine: InjectableMachine<unknown>): UserState {
  const cpu = machine.cpu;
  return {
    eip: cpu.eip,
    esp: cpu.esp,
    eflags: cpu.eflags & ARITHMETIC_AND_IF,
    gpr: [cpu.eax, cpu.ecx, cpu.edx, cpu.ebx, cpu.ebp, cpu.esi, cpu.edi],
    selectors: (['cs', 'ss', 'ds', 'es', 'fs', 'gs'] as const).map((s) => cpu.getSegment(s).selector),
  };
}

/** True when the CPU is in the kernel with the stack pointer at `point` (the event's frame popped). */
export function atReturnPoint(machine: InjectableMachine<unknown>, point: ReturnPoint): boolean {
  const cpu = machine.cpu;
  return cpu.cpl !== 3 && (cpu.getSegment('ss').base + cpu.esp) >>> 0 === point.stack;
}

/**
 * Depth of the current task's kernel stack: its top (ESP0 in the guest's TSS) minus the stack pointer,
 * when the CPU is on that stack; 0 elsewhere (user mode, the sysenter entry's TSS stack, the monitor's).
 */
export function kernelStackDepth(machine: InjectableMachine<unknown>, stackTop: () => number): number {
  const cpu = machine.cpu;
  const linear = (cpu.getSegment('ss').base + cpu.esp) >>> 0;
  const depth = stackTop() - linear;
  return depth >= 0 && depth <= 0x2000 ? depth : 0; // a kernel stack is 8 KiB (THREAD_SIZE)
}

/** One window to find: the `occurrence`-th entry by `route` (1 = the first). */
export interface WindowRequest {
  readonly route: EntryRoute;
  readonly occurrence: number;
}

export interface FindWindowsOptions {
  /** The current task's kernel stack top (ESP0 of the guest's TSS). */
  readonly stackTop: () => number;
  readonly windows: readonly WindowRequest[];
  /** The guest's symbols (link addresses = linear addresses): where an event route's handler is. */
  readonly symbols: Readonly<Record<string, number>>;
  /** The `IRET` statements' byte ranges (the iret_exc route's faulting instruction). */
  readonly iretStatements: readonly { readonly start: number; readonly end: number }[];
  /** Called with the machine stopped at window `index`'s first boundary, where a sweep takes its snapshot. */
  readonly atStart?: (index: number) => void;
  /** Called with the machine stopped at window `index`'s end (the first instruction after the return). */
  readonly atEnd?: (index: number) => void;
  /**
   * Called after each window, without the finder's hooks (a sweep's trials run here). Unless it was
   * the last to find, it must leave the machine back at the window's first boundary (by restoring
   * the snapshot taken at `atStart`): the run goes on from there to the next window, so that windows
   * that overlap, or start at the same boundary, are found too. Required when more than one window
   * is asked for.
   */
  readonly afterWindow?: (index: number, window: EntryWindow) => void;
  /**
   * Called for each window the run never reached (the guest stopped first: `stoppedBy` says how);
   * without it, that is a `LabError`.
   */
  readonly onUnreached?: (index: number, stoppedBy: string) => void;
}

export interface FindWindowOptions
  extends Omit<
    FindWindowsOptions,
    'windows' | 'atStart' | 'atEnd' | 'afterWindow' | 'iretStatements' | 'onUnreached'
  > {
  readonly route: EntryRoute;
  readonly occurrence: number;
  readonly iretStatements?: FindWindowsOptions['iretStatements'];
  readonly atStart?: () => void;
}

/** Finds one window (`findWindows` with one request); the machine is left at the window's end. */
export function findWindow(machine: InjectableMachine<unknown>, options: FindWindowOptions): EntryWindow {
  const { route, occurrence, atStart, ...rest } = options;
  const [window] = findWindows(machine, {
    ...rest,
    iretStatements: options.iretStatements ?? [],
    windows: [{ route, occurrence }],
    ...(atStart ? { atStart: () => atStart() } : {}),
  });
  return window as EntryWindow;
}

/** The CPU left ring 3, or took a delivery in the kernel, in a way that may open a window. */
interface Candidate {
  /** For a system call: the instruction count its first kernel instruction must have. */
  readonly expectedStart?: number;
  readonly cycles: number;
  readonly path: number[];
}

/** What a detector has counted: saved at a window's start, put back when the run resumes from there. */
interface DetectorCount {
  seen: number;
  /** The last instruction count a kernel-mode entry was counted at (a fault retires nothing). */
  countedAt: number;
  candidate?: Candidate;
}

interface Detector extends DetectorCount {
  readonly index: number;
  readonly request: WindowRequest;
  readonly spec: RouteSpec;
  /** The route's first kernel instruction (event routes). */
  readonly handler: number | undefined;
  /** Where a kernel-mode route's event must have interrupted the kernel: [start, end) ranges. */
  readonly interrupted: readonly { readonly start: number; readonly end: number }[];
  found?: EntryWindow;
}

/** The window being measured. */
interface OpenWindow {
  readonly detector: Detector;
  readonly start: number;
  readonly eip: number;
  depth: number;
  readonly cycles: number;
  readonly path: number[];
  readonly returnPoint?: ReturnPoint;
  /** Every detector's count at the window's start. */
  readonly saved: readonly DetectorCount[];
}

const copyCount = (d: DetectorCount): DetectorCount => ({
  seen: d.seen,
  countedAt: d.countedAt,
  ...(d.candidate ? { candidate: { ...d.candidate, path: [...d.candidate.path] } } : {}),
});

/**
 * Runs the machine (booted, at the start) until every requested window — the `occurrence`-th
 * undisturbed entry by its route — has run, and measures each. One run finds them all, in the order
 * the guest reaches them: after each window (and the caller's `afterWindow`) it goes on from that
 * window's start, every count as it was there. Results come in the requested order.
 */
export function findWindows(machine: InjectableMachine<unknown>, options: FindWindowsOptions): EntryWindow[] {
  const { stackTop } = options;
  if (options.windows.length > 1 && !options.afterWindow)
    throw new Error('findWindows needs afterWindow to find more than one window');
  const cpu = machine.cpu;
  const detectors: Detector[] = options.windows.map((request, index) => {
    const spec = routeSpecs[request.route];
    const entry = spec.entry;
    const handler = entry.kind === 'system call' ? undefined : options.symbols[entry.handler];
    if (entry.kind !== 'system call' && handler === undefined)
      throw new Error(`the guest has no symbol ${entry.handler}`);
    let interrupted: Detector['interrupted'] = [];
    if (entry.kind === 'kernel event') {
      interrupted =
        entry.interrupted.kind === 'iret'
          ? options.iretStatements
          : [functionRange(options.symbols, entry.interrupted.name)];
    }
    return { index, request, spec, handler, interrupted, seen: 0, countedAt: -1 };
  });
  const linearEip = () => (cpu.getSegment('cs').base + cpu.eip) >>> 0;
  const stackLinear = (offset: number) => (cpu.getSegment('ss').base + cpu.esp + offset) >>> 0;
  const searching = () => detectors.filter((d) => !d.found);
  let open: OpenWindow | undefined;
  /** Set when the open window has ended: the run stops there. */
  let ended = false;

  const previousCpl = cpu.hooks.onCplChange;
  const previousTrace = cpu.hooks.trace;
  const previousDelivery = cpu.hooks.beforeDelivery;
  const onCplChange: NonNullable<typeof cpu.hooks.onCplChange> = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    if (open && !ended) open.path.push(to);
    for (const d of detectors) {
      if (d.found || d === open?.detector) continue;
      if (d.candidate) {
        d.candidate.path.push(to);
        continue;
      }
      const entry = d.spec.entry;
      if (from !== 3 || entry.kind === 'kernel event') continue;
      const leaving = { cycles: cpu.counters.cycles, path: [3, to] };
      if (entry.kind === 'system call') {
        if (cpu.eax !== NR_BENCH || cause !== entry.cause || ++d.seen !== d.request.occurrence) continue;
        // The entry instruction is still executing: it retires as instruction count + 1.
        d.candidate = { expectedStart: cpu.instructionCount + 1, ...leaving };
      } else {
        // An interrupt or a fault retires nothing; which event it was shows at the next boundary.
        d.candidate = leaving;
      }
      cpu.requestStop(); // at the next boundary, before anything else happens there
    }
  };
  // An event in kernel mode changes no CPL on bare hardware: every delivery (under the monitor,
  // every exit, where it injects) is looked at at the next boundary, by the trace hook.
  const beforeDelivery: NonNullable<typeof cpu.hooks.beforeDelivery> = (event) => {
    const consumed = previousDelivery?.(event) ?? false;
    let added = false;
    for (const d of detectors) {
      if (d.spec.entry.kind !== 'kernel event' || d.found || d === open?.detector || d.candidate) continue;
      d.candidate = { cycles: cpu.counters.cycles, path: [cpu.cpl] };
      added = true;
    }
    if (added) setTrace();
    return consumed;
  };
  const kernelCandidates = () =>
    detectors.some((d) => d.candidate && d.spec.entry.kind === 'kernel event' && !d.found);
  const watchesDeliveries = detectors.some((d) => d.spec.entry.kind === 'kernel event');
  const install = () => {
    cpu.hooks.onCplChange = onCplChange;
    if (watchesDeliveries) cpu.hooks.beforeDelivery = beforeDelivery;
  };
  const uninstall = () => {
    cpu.hooks.onCplChange = previousCpl;
    cpu.hooks.trace = previousTrace;
    cpu.hooks.beforeDelivery = previousDelivery;
    cpu.updateAttention();
  };
  // At a boundary: the kernel-mode candidates; while the chosen entry runs, its depth and where it returns.
  const watch = (c: typeof cpu) => {
    previousTrace?.(c);
    if (kernelCandidates()) judgeCandidates('kernel event');
    if (!open || ended) {
      setTrace();
      return;
    }
    const atEnd =
      open.detector.spec.end === 'user mode'
        ? c.cpl === 3
        : atReturnPoint(machine, open.returnPoint as ReturnPoint);
    if (!atEnd) {
      if (c.cpl !== 3) open.depth = Math.max(open.depth, kernelStackDepth(machine, stackTop));
      return;
    }
    record(open);
    c.requestStop();
  };
  /** The trace hook is on only while a window is open or a kernel-mode candidate waits: it slows every instruction down. */
  const setTrace = () => {
    const wanted = (open && !ended) || kernelCandidates() ? watch : previousTrace;
    if (cpu.hooks.trace === wanted) return;
    cpu.hooks.trace = wanted;
    cpu.updateAttention();
  };
  const opening = (d: Detector, candidate: Candidate, returnPoint?: ReturnPoint) => {
    if (open) return; // another window runs: this one opens when the run resumes from that one's start
    open = {
      detector: d,
      start: cpu.instructionCount,
      eip: linearEip(),
      depth: 0,
      cycles: candidate.cycles,
      path: candidate.path,
      ...(returnPoint ? { returnPoint } : {}),
      // The counts from here on, with the candidates not yet judged at this boundary still pending.
      saved: detectors.map(copyCount),
    };
    options.atStart?.(d.index);
    setTrace();
  };
  /** At a boundary the run stopped at for `d`'s candidate: does its window open here? */
  const judge = (d: Detector, candidate: Candidate) => {
    const entry = d.spec.entry;
    if (entry.kind === 'system call') {
      if (cpu.instructionCount !== candidate.expectedStart) throw new Error('the window start was missed');
      opening(d, candidate);
      return;
    }
    if (linearEip() !== d.handler) return;
    if (entry.kind === 'event') {
      if (cpu.cpl !== 3 && ++d.seen === d.request.occurrence) opening(d, candidate);
      return;
    }
    // A kernel-mode event: the frame (past the error code) returns into the interrupted code, in
    // the kernel; the same entry is counted once, however many faults it took to get there.
    if (cpu.cpl === 3 || d.countedAt === cpu.instructionCount) return;
    const frame = entry.errorCode ? 4 : 0;
    const frameEip = readLinear32(machine, stackLinear(frame));
    const frameCs = readLinear32(machine, stackLinear(frame + 4)) & 0xffff;
    if ((frameCs & 3) === 3 || !d.interrupted.some((r) => frameEip >= r.start && frameEip < r.end)) return;
    d.countedAt = cpu.instructionCount;
    if (++d.seen !== d.request.occurrence) return;
    if (d.spec.end === 'user mode') {
      opening(d, candidate);
      return;
    }
    // Same privilege: the frame is EIP, CS, EFLAGS (and the error code below them), nothing else.
    opening(d, candidate, { stack: stackLinear(frame + 12) });
  };
  /** Judges the candidates of one kind waiting at this boundary. True if there were any. */
  const judgeCandidates = (kind: 'kernel event' | 'from user mode') => {
    let judged = false;
    for (const d of detectors) {
      const candidate = d.candidate;
      if (!candidate || d.found || d === open?.detector) continue;
      if ((d.spec.entry.kind === 'kernel event') !== (kind === 'kernel event')) continue;
      d.candidate = undefined;
      judged = true;
      judge(d, candidate);
    }
    return judged;
  };
  /** The open window ends at this boundary: measure it. */
  const record = (window: OpenWindow) => {
    const d = window.detector;
    ended = true;
    d.found = {
      route: d.request.route,
      end: d.spec.end,
      startInstruction: window.start,
      startEip: window.eip,
      length: cpu.instructionCount - window.start,
      returnState: userState(machine),
      ...(window.returnPoint ? { returnPoint: window.returnPoint } : {}),
      maxStackDepth: window.depth,
      path: window.path.join('→'),
      cycles: cpu.counters.cycles - window.cycles,
    };
    options.atEnd?.(d.index);
  };
  /** The open window has ended: go back to its start for the next one. */
  const close = (window: OpenWindow) => {
    const d = window.detector;
    open = undefined;
    ended = false;
    uninstall(); // the caller's trials run without the finder's hooks
    options.afterWindow?.(d.index, d.found as EntryWindow);
    if (searching().length === 0) return;
    if (cpu.instructionCount !== window.start)
      throw new Error('afterWindow did not return to the window start');
    install();
    window.saved.forEach((count, i) => {
      const other = detectors[i] as Detector;
      other.seen = count.seen;
      other.countedAt = count.countedAt;
      const { candidate } = copyCount(count);
      if (candidate) other.candidate = candidate;
      else delete other.candidate;
    });
    setTrace();
  };
  install();
  try {
    while (searching().length > 0 || open) {
      if (judgeCandidates('from user mode') && !ended) continue;
      if (open && ended) {
        close(open);
        continue;
      }
      const result = machine.run({ maxInstructions: 50_000_000 });
      const stopped = result.monitorStop ?? result.reason;
      if (
        result.monitorStop === undefined &&
        (result.reason === 'limit' || result.reason === 'stop-requested')
      )
        continue;
      if (options.onUnreached) {
        for (const d of searching()) options.onUnreached(d.index, stopped);
        break;
      }
      const missing = searching()[0] as Detector;
      throw new LabError(
        'window-not-reached',
        `the window never executes: the guest stopped (${stopped}) before its ${describeEntry(missing.request.route)} #${missing.request.occurrence}`,
      );
    }
  } finally {
    uninstall();
  }
  return detectors.map((d) => d.found as EntryWindow);
}

/** A guest function's bytes: from its symbol to the next symbol above it. */
function functionRange(symbols: Readonly<Record<string, number>>, name: string) {
  const start = symbols[name];
  if (start === undefined) throw new Error(`the guest has no symbol ${name}`);
  const end = Math.min(...Object.values(symbols).filter((a) => a > start));
  return { start, end: Number.isFinite(end) ? end : start + 1 };
}

function readLinear32(machine: InjectableMachine<unknown>, address: number): number {
  const bytes = machine.cpu.readLinear(address, 4);
  if (!(bytes instanceof Uint8Array)) return 0;
  return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
}

function describeEntry(route: EntryRoute): string {
  const entry = routeSpecs[route].entry;
  if (entry.kind === 'system call') return `null system call by ${route}`;
  return entry.kind === 'event' ? `${route} from user mode` : `${route} entry from kernel mode`;
}
