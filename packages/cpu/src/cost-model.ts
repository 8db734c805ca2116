/**
 * The cost model: modelled cycles per instruction class and per event, for one reference CPU.
 * `cpu.cycles` (and so RDTSC) is the sum over the run, which makes it deterministic.
 *
 * Reference CPU: Intel Pentium II (P6 family, "Klamath"/"Deschutes"), as in Linux 2.6's era.
 * Sources (cited per figure below):
 *  [AF-IT] Agner Fog, "Instruction tables", section "Intel Pentium II and Pentium III" (PPro/P2/P3
 *          table: micro-ops and latencies; the P6 core retires up to 3 µops per clock).
 *  [AF-MA] Agner Fog, "The microarchitecture of Intel, AMD and VIA CPUs", chapter "Pentium Pro,
 *          II and III pipeline" (µop retirement 3/clock, branch misprediction penalty 10–20 clocks).
 *  [SDM-OPT] Intel, "Intel Architecture Optimization Reference Manual" (order no. 245127, 1999),
 *          appendix C, instruction latencies for the P6 family.
 * Figures are the P6 costs of a well-predicted, cache-hitting execution; they model relative cost,
 * not a cycle-accurate pipeline.
 */
import { CostClass } from './decoder/opcode-table.js';

export interface CostModel {
  readonly name: string;
  /** Cycles per cost class, indexed by CostClass. */
  classCycles(): Float64Array;
  /** Extra cycles of events that are not instructions. */
  readonly events: {
    /** Interrupt/exception delivery through an interrupt or trap gate without privilege change. */
    readonly deliverSamePrivilege: number;
    /** Delivery with a stack switch through the TSS (e.g. 3 → 0 or 3 → 1). */
    readonly deliverPrivilegeChange: number;
    /** IRET to an outer privilege level (pops SS:ESP, reloads segments). */
    readonly iretOuter: number;
    /** #GP raised and delivered (the fault's detection; delivery is counted separately). */
    readonly generalProtection: number;
  };
}

/** The Pentium II model. */
export const PENTIUM_II: CostModel = {
  name: 'Intel Pentium II',
  classCycles(): Float64Array {
    const t = new Float64Array(32);
    // [AF-IT] register ALU ops (ADD/SUB/AND/…, MOV r,r, INC/DEC, LEA): 1 µop, latency 1.
    t[CostClass.Simple] = 1;
    // [AF-IT] MOV r,m: 1 load µop, latency 3 (L1 hit).
    t[CostClass.Load] = 1;
    // [AF-IT] MOV m,r: 2 µops (store address + store data), 1 per clock.
    t[CostClass.Store] = 1;
    // [AF-IT] ALU op with memory destination: 4 µops.
    t[CostClass.ReadModifyWrite] = 2;
    // [AF-IT] Jcc/JMP short/near: 1 µop; [AF-MA] correctly predicted: throughput 1 per 2 clocks at best.
    t[CostClass.Branch] = 1;
    // [AF-IT] CALL near: 4 µops; RET: 4 µops (≈ 2 clocks each at 3 µops/clock retirement).
    t[CostClass.Call] = 2;
    t[CostClass.Ret] = 2;
    // [AF-IT] IMUL/MUL r32: latency 4.
    t[CostClass.Mul] = 4;
    // [AF-IT] DIV r32: latency 39 (r16: 23, r8: 19); the 32-bit figure is used.
    t[CostClass.Div] = 39;
    // [AF-IT] MOVS/STOS with REP: ≈ 1 clock per iteration for aligned doublewords (fast strings);
    // counted per executed chunk here, see ops/string.ts.
    t[CostClass.String] = 1;
    // [AF-IT] PUSH r: 3 µops; POP r: 2 µops.
    t[CostClass.Stack] = 1;
    // [AF-IT] MOV sreg,r / POP sreg in protected mode: 8 µops, serializing-like; ≈ 8 clocks.
    t[CostClass.SegmentLoad] = 8;
    // [SDM-OPT] MOV CRn, LGDT/LIDT, … : serializing, ≈ 10–30 clocks; 20 used.
    t[CostClass.System] = 20;
    // [SDM-OPT] IN/OUT: bus cycle bound, ≈ 30 clocks on P6 (ISA I/O is far slower; not modelled).
    t[CostClass.Io] = 30;
    // [AF-IT] CPUID ≈ 23–48 µops; WRMSR/RDMSR ≈ 30; 40 used.
    t[CostClass.Serializing] = 40;
    // [AF-IT] FADD/FMUL latency 3/5; x87 ops modelled at 3.
    t[CostClass.Fpu] = 3;
    // [AF-IT] far JMP/CALL/RET in protected mode: 21–30 µops; 25 used.
    t[CostClass.FarTransfer] = 25;
    // [AF-IT] INT n: ≈ 33 µops in protected mode; the gate/stack work is added by the event costs.
    t[CostClass.Interrupt] = 15;
    // [AF-IT] IRET: ≈ 30 µops (same privilege).
    t[CostClass.Iret] = 25;
    // [SDM-OPT] SYSENTER/SYSEXIT: designed to cost a fraction of INT/IRET; ≈ 9 µops each on P6.
    t[CostClass.Sysenter] = 8;
    t[CostClass.Sysexit] = 8;
    t[CostClass.Halt] = 1;
    return t;
  },
  events: {
    // [AF-IT] INT n through an interrupt gate, same privilege: ≈ 35 µops → ≈ 30 clocks beyond decode.
    deliverSamePrivilege: 30,
    // [AF-IT] privilege-changing INT (stack switch via TSS, SS:ESP loads with descriptor checks):
    // ≈ 60–80 µops; 60 extra used.
    deliverPrivilegeChange: 60,
    // [AF-IT] IRET to outer level reloads SS and checks 2 descriptors: ≈ 40 µops extra.
    iretOuter: 40,
    // A fault detected in microcode adds a pipeline flush: [AF-MA] ≈ 15 clocks (misprediction-like).
    generalProtection: 15,
  },
};
