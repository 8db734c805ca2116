import type { InjectableMachine } from '@vmi386/event-injector';
import { LabError } from '../lab-error.js';

/** The guest's null system call, made a thousand times by each benchmark loop. */
const NR_BENCH = 203;

export const entryRoutes = ['int $0x80', 'sysenter'] as const;
export type EntryRoute = (typeof entryRoutes)[number];

/** The user registers a task resumes with (compared after every trial). */
export interface UserState {
  readonly eip: number;
  readonly esp: number;
  readonly eflags: number;
  readonly gpr: readonly number[];
  readonly selectors: readonly number[];
}

/** One system call, from the first instruction in the kernel to the first one back in user mode. */
export interface EntryWindow {
  readonly route: EntryRoute;
  /** `cpu.instructionCount` when the CPU first left ring 3 (the entry instruction has retired). */
  readonly startInstruction: number;
  /** Instructions from there to the first instruction back in ring 3. */
  readonly length: number;
  /** The user state at the return (the reference every trial must match). */
  readonly returnState: UserState;
  /** How deep the kernel stack went during the call, in bytes. */
  readonly maxStackDepth: number;
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

/**
 * Runs the machine (booted, at the start) until the `occurrence`-th undisturbed null system call by
 * `route` and measures its window. `atStart` is called with the machine stopped at the window's
 * first boundary (the entry instruction retired), where a sweep takes its snapshot; the machine is
 * left after the call.
 */
export function findWindow(
  machine: InjectableMachine<unknown>,
  stackTop: () => number,
  route: EntryRoute,
  occurrence: number,
  atStart: () => void = () => {},
): EntryWindow {
  const cpu = machine.cpu;
  let seen = 0;
  let open: { start: number; depth: number } | undefined;
  let found: EntryWindow | undefined;
  let startPending = false;
  const previousCpl = cpu.hooks.onCplChange;
  const previousTrace = cpu.hooks.trace;
  cpu.hooks.onCplChange = (from, to, cause) => {
    previousCpl?.(from, to, cause);
    const entering =
      from === 3 && cpu.eax === NR_BENCH && cause === (route === 'sysenter' ? 'sysenter' : 'software');
    if (!open && entering && ++seen === occurrence) {
      // The entry instruction is still executing: it retires as instruction count + 1.
      open = { start: cpu.instructionCount + 1, depth: 0 };
      startPending = true;
      cpu.requestStop(); // at the next boundary, before anything else happens there
      cpu.hooks.trace = watchCall; // only now: the trace hook slows every instruction down
      cpu.updateAttention();
    }
  };
  // While the chosen call runs: its depth, and where it comes back to ring 3.
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
      length: c.instructionCount - open.start,
      returnState: userState(machine),
      maxStackDepth: open.depth,
    };
    c.requestStop();
  };
  try {
    while (!found) {
      const result = machine.run({ maxInstructions: 50_000_000 });
      if (startPending && result.reason === 'stop-requested') {
        startPending = false;
        if (cpu.instructionCount !== open?.start) throw new Error('the window start was missed');
        atStart();
        continue;
      }
      if (found) break;
      if (result.reason !== 'limit' && result.reason !== 'stop-requested') {
        throw new LabError(
          'window-not-reached',
          `the window never executes: the guest stopped (${result.reason}) before its null system call by ${route} #${occurrence}`,
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
