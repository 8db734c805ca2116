import type { InjectableMachine, TrialProbe, TrialVerdict } from '@vmi386/event-injector';
import type { Range } from './configuration.js';
import { atReturnPoint, type EntryWindow, kernelStackDepth, type UserState, userState } from './window.js';

/** What a trial checks after an interrupt is injected at one boundary of a system call. */
export type RaceInvariant =
  /** The interrupt's handler ran exactly once and the tick was counted once (not lost, not doubled). */
  | 'handled-once'
  /** No interrupt frame points into the kernel's return path (the nesting the seed's race causes). */
  | 'no-frame-into-return'
  /** The kernel stack stayed within the call's own depth plus one interrupt's (`STACK_BUDGET`). */
  | 'stack-bounded'
  /**
   * The task resumed in user mode with every register, flag and selector it had without the
   * interrupt (checked when the interrupted task is the one that returns to user mode first).
   */
  | 'registers-preserved'
  /** The trial reached its fixed point (handled and back in user mode) in time. */
  | 'finished';

export const raceInvariants: readonly RaceInvariant[] = [
  'handled-once',
  'no-frame-into-return',
  'stack-bounded',
  'registers-preserved',
  'finished',
];

/** What one interrupt from user mode may add to the kernel stack: its pt_regs and the handler's calls. */
export const STACK_BUDGET = 256;

export interface ProbeContext {
  readonly machine: InjectableMachine<unknown>;
  readonly window: EntryWindow;
  /** Linear address of the injected interrupt's handler (its IDT entry). */
  readonly handler: number;
  /** Physical address of the tick counter the handler increments. */
  readonly jiffiesPhysical: number;
  /**
   * The tick counter at the window's start and how many ticks a trial must add to it: the injected
   * one, plus the window's own (the timer route's interrupt counts a tick whatever the boundary).
   */
  readonly expectedTicks: { readonly from: number; readonly count: number };
  readonly readPhysical32: (address: number) => number;
  readonly returnPath: readonly Range[];
  /** The current task's kernel stack top (ESP0 of the guest's TSS). */
  readonly stackTop: () => number;
}

const sameState = (a: UserState, b: UserState) =>
  a.eip === b.eip &&
  a.esp === b.esp &&
  a.eflags === b.eflags &&
  a.gpr.every((v, i) => v === b.gpr[i]) &&
  a.selectors.every((v, i) => v === b.selectors[i]);

/** A trace-hook probe for one trial: a timer interrupt injected somewhere in an entry's window. */
export function timerProbe(context: ProbeContext): TrialProbe<RaceInvariant> {
  const { machine, window, handler } = context;
  const cpu = machine.cpu;
  let entries = 0;
  let frameIntoReturn: string | undefined;
  let maxDepth = 0;
  let finished = false;
  let resumed: UserState | undefined;
  /** A window that ends in the kernel: set at the first boundary back at its return point. */
  let returned = false;
  /** Where the injected interrupt returns: its frame's EIP, and the stack pointer under its frame. */
  let injectedReturn: { eip: number; stack: number; user: boolean } | undefined;
  /** The injected interrupt has returned to where it interrupted. */
  let injectedBack = false;
  const stackLinear = () => (cpu.getSegment('ss').base + cpu.esp) >>> 0;
  const previous = cpu.hooks.trace;
  cpu.hooks.trace = (c) => {
    if (finished) return;
    if (c.cpl !== 3) maxDepth = Math.max(maxDepth, kernelStackDepth(machine, context.stackTop));
    const linear = (c.getSegment('cs').base + c.eip) >>> 0;
    // The window's own entry into the same handler (the timer route at boundary 0) is not the injected one.
    const windowsOwn = c.instructionCount === window.startInstruction && linear === window.startEip;
    if (linear === handler && !windowsOwn) {
      entries++;
      const frameEip = readStack(machine, 0);
      const hit = context.returnPath.find((r) => frameEip >= r.start && frameEip < r.end);
      if (hit) frameIntoReturn = `frame returns to 0x${frameEip.toString(16)} (${hit.what})`;
      if (entries === 1) {
        // From user mode the frame also holds ESP and SS; in the kernel, EIP, CS and EFLAGS.
        const user = (readStack(machine, 4) & 3) === 3;
        injectedReturn = { eip: frameEip, stack: stackLinear() + (user ? 20 : 12), user };
      }
    }
    if (window.end === 'kernel' && window.returnPoint) {
      // A window that returns into the kernel: the registers are compared where it returns (the
      // first time there, whether the interrupt came before or comes right after); the fixed point
      // is when both the window and the injected interrupt have returned, in either order.
      if (!returned && atReturnPoint(machine, window.returnPoint)) {
        returned = true;
        resumed = userState(machine);
      }
      if (injectedReturn && !injectedBack && c.eip === injectedReturn.eip) {
        injectedBack = injectedReturn.user
          ? c.cpl === 3
          : c.cpl !== 3 && stackLinear() === injectedReturn.stack;
      }
      if (!returned || !injectedBack) return;
    } else {
      // The fixed point: the interrupt was handled and the CPU is back in user mode. Usually in the
      // interrupted task at its return address; but the tick makes the kernel reschedule, and then
      // another task runs first (its registers are not this trial's to compare).
      if (entries === 0 || c.cpl !== 3) return;
      if (c.eip === window.returnState.eip) resumed = userState(machine);
    }
    finished = true;
    c.requestStop();
  };
  cpu.updateAttention();
  return {
    get finished() {
      return finished;
    },
    verdict(ranOut: boolean): TrialVerdict<RaceInvariant> {
      const broken: RaceInvariant[] = [];
      const details: string[] = [];
      const { from, count } = context.expectedTicks;
      const ticks = context.readPhysical32(context.jiffiesPhysical) - from;
      if (entries !== 1 || (!ranOut && ticks !== count)) {
        broken.push('handled-once');
        details.push(`handler entered ${entries}×, jiffies +${ticks} (expected +${count})`);
      }
      if (frameIntoReturn) {
        broken.push('no-frame-into-return');
        details.push(frameIntoReturn);
      }
      if (maxDepth > window.maxStackDepth + STACK_BUDGET) {
        broken.push('stack-bounded');
        details.push(`kernel stack ${maxDepth} bytes deep`);
      }
      if (resumed && !sameState(resumed, window.returnState)) {
        broken.push('registers-preserved');
        details.push('user state differs after the return');
      }
      if (ranOut) broken.push('finished');
      return { broken, maxStackDepth: maxDepth, ...(details.length ? { detail: details.join('; ') } : {}) };
    },
    dispose() {
      cpu.hooks.trace = previous;
      cpu.updateAttention();
    },
  };
}

function readStack(machine: InjectableMachine<unknown>, offset: number): number {
  const cpu = machine.cpu;
  const bytes = cpu.readLinear((cpu.getSegment('ss').base + cpu.esp + offset) >>> 0, 4);
  if (!(bytes instanceof Uint8Array)) return 0;
  return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
}
