/**
 * The vocabulary of privilege changes: why CPL changed (`CplChangeCause`, passed to `Cpu.setCpl` and
 * the `onCplChange` hook) and how often each from→to transition happened (`CplTransition`).
 */
import type { DeliveryEvent } from './stop-reason.js';

/** A privilege level. */
export type Cpl = 0 | 1 | 2 | 3;

/** What changed CPL. */
export type CplChangeCause =
  /** Delivery through the IDT, by the event's kind (software = INT n / INT3 / INTO). */
  | DeliveryEvent['kind']
  | 'iret'
  | 'sysenter'
  | 'sysexit'
  | 'call gate'
  | 'call far'
  | 'jmp far'
  | 'retf'
  /** CS was loaded directly (`Cpu.loadCache`), e.g. by a loader or a debugger. */
  | 'segment cache'
  /** An embedder standing in for ring 0 took the CPU into its monitor (the hypervisor's exits)… */
  | 'monitor exit'
  /** … and gave it back to the guest. */
  | 'monitor return';

/** How many times CPL went from `from` to `to` (`Cpu.counters.cplTransitions`). */
export interface CplTransition {
  readonly from: Cpl;
  readonly to: Cpl;
  readonly count: number;
}

/** The text key of a transition, as reports print it: "3->0". */
export type CplTransitionKey = `${Cpl}->${Cpl}`;

export function cplTransitionKey(t: Pick<CplTransition, 'from' | 'to'>): CplTransitionKey {
  return `${t.from}->${t.to}`;
}
