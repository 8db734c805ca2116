// Status-word and control-word bits (SDM Vol. 1, 8.1.3 "x87 FPU Status Register" and 8.1.5 "x87 FPU
// Control Word").

export const IE = 0x0001; // invalid operation
export const DE = 0x0002; // denormal operand
export const ZE = 0x0004; // zero divide
export const OE = 0x0008; // overflow
export const UE = 0x0010; // underflow
export const PE = 0x0020; // precision (inexact)
export const SF = 0x0040; // stack fault
export const ES = 0x0080; // exception summary
export const C0 = 0x0100;
export const C1 = 0x0200;
export const C2 = 0x0400;
export const C3 = 0x4000;
export const BUSY = 0x8000;
export const EXCEPTION_FLAGS = 0x003f;
export const CONDITION_CODES = C0 | C1 | C2 | C3;
export const TOP_SHIFT = 11;

/** Control word after FNINIT: all exceptions masked, 64-bit precision, round to nearest. */
export const CW_DEFAULT = 0x037f;
export const CW_PC_SHIFT = 8;
export const CW_RC_SHIFT = 10;

/** Significand precision selected by the PC field (the reserved value 01 behaves as 64 bits here). */
export function precisionOf(cw: number): number {
  const pc = (cw >> CW_PC_SHIFT) & 3;
  return pc === 0 ? 24 : pc === 2 ? 53 : 64;
}

export function roundingOf(cw: number): number {
  return (cw >> CW_RC_SHIFT) & 3;
}
