// EFLAGS bits the differential test compares, and the per-instruction rules for which of them the
// Intel SDM (vol. 2, each instruction's "Flags Affected") leaves undefined.

export const CF = 0x0001;
export const PF = 0x0004;
export const AF = 0x0010;
export const ZF = 0x0040;
export const SF = 0x0080;
export const DF = 0x0400;
export const OF = 0x0800;

/** The status flags plus DF: everything user code can observe and set through POPF. */
export const COMPARED_FLAGS = CF | PF | AF | ZF | SF | DF | OF;
export const STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;

/** What is architecturally undefined after one case (so masked out of the comparison). */
export interface Undefined {
  flags: number;
  /** Per register (EAX…EDI order): bits whose value is undefined. */
  registers?: number[];
  /** Bytes of the data window (offsets from the window start) whose value is undefined. */
  window?: { offset: number; length: number };
}

export const NONE: Undefined = { flags: 0 };

export function flagsOnly(flags: number): Undefined {
  return { flags };
}
