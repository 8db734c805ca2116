/** Architectural constants shared by the core's modules (Intel SDM vol. 3A). */

// General registers, in ModR/M encoding order.
export const EAX = 0;
export const ECX = 1;
export const EDX = 2;
export const EBX = 3;
export const ESP = 4;
export const EBP = 5;
export const ESI = 6;
export const EDI = 7;

// Segment registers, in ModR/M encoding order.
export const ES = 0;
export const CS = 1;
export const SS = 2;
export const DS = 3;
export const FS = 4;
export const GS = 5;
export const SEGMENT_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

// EFLAGS bits.
export const CF = 1 << 0;
export const PF = 1 << 2;
export const AF = 1 << 4;
export const ZF = 1 << 6;
export const SF = 1 << 7;
export const TF = 1 << 8;
export const IF = 1 << 9;
export const DF = 1 << 10;
export const OF = 1 << 11;
export const IOPL = 3 << 12;
export const NT = 1 << 14;
export const RF = 1 << 16;
export const VM = 1 << 17;
export const AC = 1 << 18;
export const VIF = 1 << 19;
export const VIP = 1 << 20;
export const ID = 1 << 21;
/** The six status flags computed lazily. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/** Bits software can ever change on this CPU; bit 1 always reads 1, the others 0. */
export const EFLAGS_WRITABLE = ARITH_FLAGS | TF | IF | DF | IOPL | NT | RF | VM | AC | VIF | VIP | ID;

// CR0 / CR4 bits.
export const CR0_PE = 1 << 0;
export const CR0_MP = 1 << 1;
export const CR0_EM = 1 << 2;
export const CR0_TS = 1 << 3;
export const CR0_ET = 1 << 4;
export const CR0_NE = 1 << 5;
export const CR0_WP = 1 << 16;
export const CR0_AM = 1 << 18;
export const CR0_NW = 1 << 29;
export const CR0_CD = 1 << 30;
export const CR0_PG = 1 << 31;
export const CR4_VME = 1 << 0;
export const CR4_PVI = 1 << 1;
export const CR4_TSD = 1 << 2;
export const CR4_DE = 1 << 3;
export const CR4_PSE = 1 << 4;
export const CR4_PGE = 1 << 7;
export const CR4_PCE = 1 << 8;
export const CR4_OSFXSR = 1 << 9;
/** CR4 bits this CPU accepts; setting any other raises #GP(0). */
export const CR4_SUPPORTED = CR4_TSD | CR4_DE | CR4_PSE | CR4_OSFXSR | CR4_PGE | CR4_PCE;

// Exception vectors.
export const DE = 0;
export const DB = 1;
export const NMI = 2;
export const BP = 3;
export const OF_VECTOR = 4;
export const BR = 5;
export const UD = 6;
export const NM = 7;
export const DF_VECTOR = 8;
export const TS_VECTOR = 10;
export const NP = 11;
export const SS_VECTOR = 12;
export const GP = 13;
export const PF_VECTOR = 14;
export const MF = 16;
export const AC_VECTOR = 17;

/** The SDM's mnemonics of the architectural exceptions 0–19 (vector 9: coprocessor segment overrun, 15 reserved). */
export const EXCEPTION_MNEMONICS = [
  '#DE',
  '#DB',
  'NMI',
  '#BP',
  '#OF',
  '#BR',
  '#UD',
  '#NM',
  '#DF',
  'coprocessor overrun',
  '#TS',
  '#NP',
  '#SS',
  '#GP',
  '#PF',
  'reserved',
  '#MF',
  '#AC',
  '#MC',
  '#XM',
] as const;

// MSRs.
export const MSR_TSC = 0x10;
export const MSR_SYSENTER_CS = 0x174;
export const MSR_SYSENTER_ESP = 0x175;
export const MSR_SYSENTER_EIP = 0x176;

/** Flips an unsigned 32-bit value into int32 order: a < b unsigned iff (a ^ SIGN_BIT) < (b ^ SIGN_BIT) signed. */
export const SIGN_BIT = -0x80000000;
