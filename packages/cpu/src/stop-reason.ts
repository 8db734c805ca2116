/** Why `Cpu.run` / `Cpu.step` returned. */
export type StopReason =
  /** The instruction budget of run() is used up. */
  | { kind: 'limit' }
  /** HLT executed (or still halted): the CPU waits for an interrupt; the platform may advance time. */
  | { kind: 'halt' }
  /** Stopped before executing the instruction at a breakpoint (linear address). */
  | { kind: 'breakpoint'; eip: number }
  /** A hook called `cpu.requestStop()`. */
  | { kind: 'stop-requested' }
  /** The platform called `cpu.endSlice()` (a device changed its schedule); it goes on with a new slice. */
  | { kind: 'slice-end' }
  /** `instructionCount` reached `cpu.stopAtInstruction`: stopped before that instruction. */
  | { kind: 'instruction-reached'; instruction: number }
  /** Shutdown: an exception while delivering #DF, or a state the core cannot run (the reason says). */
  | { kind: 'triple-fault'; detail: string };

/** An exception or interrupt about to be delivered through the IDT. */
export interface DeliveryEvent {
  vector: number;
  /** software = INT n / INT3 / INTO. */
  kind: 'exception' | 'interrupt' | 'nmi' | 'software';
  errorCode?: number;
  /** EIP that will be pushed (faults: the faulting instruction; traps and INT n: the next one). */
  eip: number;
  /** For #PF: the faulting linear address (already in CR2). */
  address?: number;
}
