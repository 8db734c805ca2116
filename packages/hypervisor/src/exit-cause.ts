import { arch } from '@vmi386/cpu';
import type { TrappedInstructionName } from './trapped-instruction.js';

/** Why the guest left for the monitor. */
export type ExitCause =
  /** A privileged instruction trapped (#GP at CPL 1) and was emulated. */
  | { readonly kind: 'instruction'; readonly name: TrappedInstructionName }
  /** A page fault the guest never sees: the shadow page tables lacked a translation. */
  | { readonly kind: 'shadow-fill' }
  /** A write to a page the monitor traces (the guest's descriptor tables or TSS). */
  | { readonly kind: 'traced-write' }
  /** The single-step trap that ends a traced write or a step out of the IRET region. */
  | { readonly kind: 'step' }
  /** The ROM's doorbell: the virtual IF was set with events waiting. */
  | { readonly kind: 'doorbell' }
  /** A device interrupt (from the PIC) for the guest. */
  | { readonly kind: 'interrupt'; readonly vector: number }
  | { readonly kind: 'nmi' }
  /** An exception of the guest's own, reflected to its handler. */
  | { readonly kind: 'reflect'; readonly vector: number }
  /** `int n` through a gate the CPU cannot take directly (DPL < 3 or an interrupt gate). */
  | { readonly kind: 'software-interrupt'; readonly vector: number };

/** The label a cause is counted under, e.g. `trap: cli`, `interrupt 0x20`, `reflect #PF`. */
export function exitCauseLabel(cause: ExitCause): string {
  switch (cause.kind) {
    case 'instruction':
      return `trap: ${cause.name}`;
    case 'shadow-fill':
      return 'page fault: shadow fill';
    case 'traced-write':
      return 'page fault: traced write';
    case 'step':
      return 'single-step';
    case 'doorbell':
      return 'ROM doorbell';
    case 'interrupt':
      return `interrupt 0x${cause.vector.toString(16)}`;
    case 'nmi':
      return 'NMI';
    case 'reflect':
      return `reflect ${arch.EXCEPTION_MNEMONICS[cause.vector] ?? `vector ${cause.vector}`}`;
    case 'software-interrupt':
      return `int $0x${cause.vector.toString(16)}`;
  }
}

/** What the monitor counts. */
export interface ExitStatistics {
  /** Monitor exits by cause label. */
  readonly exits: Map<string, number>;
  /** Device interrupts and NMIs delivered into the guest. */
  injected: number;
  /** Events that had to wait (virtual IF clear, or the guest inside an atomic ROM region). */
  delayed: number;
  /** Events dropped: must stay 0. */
  lost: number;
  /** Guest exceptions reflected to the guest, by vector. */
  readonly reflected: Map<number, number>;
  /** Things the guest did that the monitor refused or could not make right, with counts. */
  readonly failures: Map<string, number>;
}
