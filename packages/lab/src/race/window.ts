import type { InjectableMachine } from '@vmi386/event-injector';
import { LabError } from '../lab-error.js';

/** The guest's null system call, made a thousand times by each benchmark loop. */
const NR_BENCH = 203;

/**
 * The entry paths the race explorer sweeps (docs/entry-paths.md): the two system-call routes, the
 * interrupt-return path (a timer tick taken in user mode, through `ret_from_intr` to its `iret`) and
 * the exception-return path (a #NM from an x87 task, through `math_state_restore` and
 * `ret_from_exception`), and a page fault the kernel resolves (pid 2's first touch of its demand
 * page, through `page_fault`, `error_code`, `do_page_fault` and `ret_from_exception`).
 */
export const entryRoutes = [
  'int $0x80',
  'sysenter',
  'timer interrupt',
  'device not available',
  'page fault',
] as const;
export type EntryRoute = (typeof entryRoutes)[number];

/** How a route is recognised when the CPU leaves ring 3. */
type RouteEntry =
  /** A null system call (EAX = NR_BENCH) made by this instruction's class of CPL change. */
  | { readonly kind: 'system call'; readonly cause: 'software' | 'sysenter' }
  /** An event taken in user mode: the first kernel instruction is this guest symbol. */
  | { readonly kind: 'event'; readonly handler: string };

interface RouteSpec {
  readonly entry: RouteEntry;
  /** Which occurrence a sweep explores by default: well into the run, where every one is alike. */
  readonly defaultOccurrence: number;
}

export const routeSpecs: Readonly<Record<EntryRoute, RouteSpec>> = {
  'int $0x80': { entry: { kind: 'system call', cause: 'software' }, defaultOccurrence: 100 },
  sysenter: { entry: { kind: 'system call', cause: 'sysenter' }, defaultOccurrence: 100 },
  // IRQ 0's stub is the first 8-byte slot of irq_entries_start. The guest spends little time in user
  // mode outside system calls: one tick in a run arrives there (pid 4, on its 16-bit stack: ldt_ss).
  'timer interrupt': { entry: { kind: 'event', handler: 'irq_entries_start' }, defaultOccurrence: 1 },
  'device not available': {
    entry: { kind: 'event', handler: 'device_not_available' },
    defaultOccurrence: 100,
  },
  // The first page fault from user mode is pid 2's read of USER_DEMAND_PAGE, which do_page_fault
  // maps and returns from (the second is pid 7's, which kills it).
  'page fault': { entry: { kind: 'event', handler: 'page_fault' }, defaultOccurrence: 1 },
};

/** The user registers a task resumes with (compared after every trial). */
export interface UserState {
  readonly eip: number;
  readonly esp: number;
  readonly eflags: number;
  readonly gpr: readonly number[];
  readonly selectors: readonly number[];
}

/** One kernel entry from user mode, from the first instruction in the kernel to the first one back in user mode. */
export interface EntryWindow {
  readonly route: EntryRoute;
  /** `cpu.instructionCount` at the first kernel instruction (a system call's entry instruction has retired). */
  readonly startInstruction: number;
  /** Linear address of that first kernel instruction (the guest's handler, or the monitor's bounce). */
  readonly startEip: number;
  /** Instructions from there to the first instruction back in ring 3. */
  readonly length: number;
  /** The user state at the return (the reference every trial must match). */
  readonly returnState: UserState;
  /** How deep the kernel stack went during the call, in bytes. */
  readonly maxStackDepth: number;
  /** The privilege levels passed through, from ring 3 back to ring 3 (e.g. `3→0→1→0→1→3`). */
  readonly path: string;
  /**
   * Modelled cycles from the moment the CPU left ring 3 (before the entry's delivery is charged)
   * to the first instruction back in user mode.
   */
  readonly cycles: number;
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

export interface FindWindowOptions {
  /** The current task's kernel stack top (ESP0 of the guest's TSS). */
  readonly stackTop: () => number;
  readonly route: EntryRoute;
  /** Which entry by `route` to measure (1 = the first). */
  readonly occurrence: number;
  /** The guest's symbols (link addresses = linear addresses): where an event route's handler is. */
  readonly symbols: Readonly<Record<string, number>>;
  /** Called with the machine stopped at the window's first boundary, where a sweep takes its snapshot. */
  readonly atStart?: () => void;
}

/**
 * Runs the machine (booted, at the start) until the `occurrence`-th undisturbed entry by `route`
 * from user mode and measures its window. The machine is left after the window (the first
 * instruction back in user mode not executed).
 */
export function findWindow(machine: InjectableMachine<unknown>, options: FindWindowOptions): EntryWindow {
  const { stackTop, route, occurrence } = options;
  const entry = routeSpecs[route].entry;
  const handler = entry.kind === 'event' ? options.symbols[entry.handler] : undefined;
  if (entry.kind === 'event' && handler === undefined)
    throw new Error(`the guest has no symbol ${entry.handler}`);
  const cpu = machine.cpu;
  let seen = 0;
  let open: { start: number; eip: number; depth: number; cycles: number; path: number[] } | undefined;
  let found: EntryWindow | undefined;
  /** Set when the CPU left ring 3 in a way that may open the window: checked at the next boundary. */
  let candidate: { expectedStart?: number; cycles: number; path: number[] } | undefined;
  const previousCpl = cpu.hooks.onCplChange;
  const previousTrace = cpu.hooks.trace;
  cpu.hooks.onCplChange = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    if (open && !found) open.path.push(to);
    else if (candidate) candidate.path.push(to);
    if (open || candidate || from !== 3) return;
    const leaving = { cycles: cpu.counters.cycles, path: [3, to] };
    if (entry.kind === 'system call') {
      if (cpu.eax !== NR_BENCH || cause !== entry.cause || ++seen !== occurrence) return;
      // The entry instruction is still executing: it retires as instruction count + 1.
      candidate = { expectedStart: cpu.instructionCount + 1, ...leaving };
    } else {
      // An interrupt or a fault retires nothing; which event it was shows at the next boundary.
      candidate = leaving;
    }
    cpu.requestStop(); // at the next boundary, before anything else happens there
  };
  // While the chosen entry runs: its depth, and where it comes back to ring 3.
  const watchCall = (c: typeof cpu) => {
    previousTrace?.(c);
    if (!open || found) return;
    if (c.cpl !== 3) {
      open.depth = Math.max(open.depth, kernelStackDepth(machine, stackTop));
      return;
    }
    found = {
      route,
      startInstruction: open.start,
      startEip: open.eip,
      length: c.instructionCount - open.start,
      returnState: userState(machine),
      maxStackDepth: open.depth,
      path: open.path.join('→'),
      cycles: c.counters.cycles - open.cycles,
    };
    c.requestStop();
  };
  const opened = (leaving: { cycles: number; path: number[] }) => {
    const eip = (cpu.getSegment('cs').base + cpu.eip) >>> 0;
    open = { start: cpu.instructionCount, eip, depth: 0, ...leaving };
    options.atStart?.();
    cpu.hooks.trace = watchCall; // only now: the trace hook slows every instruction down
    cpu.updateAttention();
  };
  try {
    while (!found) {
      const result = machine.run({ maxInstructions: 50_000_000 });
      if (candidate && result.reason === 'stop-requested') {
        const { expectedStart, ...leaving } = candidate;
        candidate = undefined;
        if (expectedStart !== undefined) {
          if (cpu.instructionCount !== expectedStart) throw new Error('the window start was missed');
          opened(leaving);
        } else if (cpu.cpl !== 3 && (cpu.getSegment('cs').base + cpu.eip) >>> 0 === handler) {
          if (++seen === occurrence) opened(leaving);
        }
        continue;
      }
      if (found) break;
      if (result.reason !== 'limit' && result.reason !== 'stop-requested') {
        throw new LabError(
          'window-not-reached',
          `the window never executes: the guest stopped (${result.reason}) before its ${describeEntry(route)} #${occurrence}`,
        );
      }
    }
  } finally {
    cpu.hooks.onCplChange = previousCpl;
    cpu.hooks.trace = previousTrace;
    cpu.updateAttention();
  }
  return found;
}

function describeEntry(route: EntryRoute): string {
  const entry = routeSpecs[route].entry;
  return entry.kind === 'system call' ? `null system call by ${route}` : `${route} from user mode`;
}
