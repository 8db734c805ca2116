/**
 * The cost model: modelled cycles per instruction class and per event, for one reference CPU.
 * `cpu.cycles` (and so RDTSC) is their sum over the run, which keeps runs deterministic.
 *
 * Reference CPU: Intel Pentium II (P6 family), the CPU Linux 2.6's sysenter path was written for.
 * Sources:
 *  [AF-IT] Agner Fog, "Instruction tables", table "PPro, P2 and P3 — integer instructions" (µop
 *          counts per port, latencies), www.agner.org/optimize.
 *  [AF-MA] Agner Fog, "The microarchitecture of Intel, AMD and VIA CPUs", chapter on the PPro/P2/P3
 *          pipeline: decoders take up to 3 instructions per clock and retirement is 3 µops per clock.
 *  [P5-CLK] Intel's published Pentium clock counts (Pentium Processor Family Developer's Manual,
 *          vol. 3), as collected in the x86 Norton Guide: IRET takes 8–27 clocks in protected mode.
 *  [486-CLK] Intel's published i486 clock counts (same collection): INT n to a more privileged
 *          level 71 clocks against 44 at the same level (the 386: 99 and 59).
 *  [LT-P3] Linus Torvalds, "Re: Intel P6 vs P7 system call performance", linux-kernel,
 *          16 Dec 2002 (Message-ID <Pine.LNX.4.44.0212162211110.1810-100000@home.transmeta.com>):
 *          gettimeofday() on a Pentium III takes 561.7 cycles through sysenter/sysexit and 686.2
 *          through int $0x80/iret, 124.5 cycles more. (The same thread: a P4 getppid() is 641 against
 *          1761 — the P4 is not the reference CPU.)
 *  [LT-250] Linus Torvalds, "Re: [PATCH] syscall latency improvement #1", linux-kernel, 25 Jan 2002
 *          (Message-ID <Pine.LNX.4.33.0201251810270.16989-100000@penguin.transmeta.com>): "assuming
 *          the baseline is something like 250 cycles per system call" — his estimate of a whole
 *          int $0x80 null call on the PIII/Athlon of the day, not a measurement.
 * Method: an instruction costs max(1, ceil(µops / 3)) clocks (the P6 retires 3 µops per clock
 * [AF-MA]) unless its latency dominates (MUL, DIV, I/O); figures marked ESTIMATE have no published
 * P6 number and are derived as explained next to them. The model ranks costs (a privilege-changing
 * interrupt against SYSENTER, a trapping CLI against a plain one); it is not a pipeline simulation.
 */
import { CostClass } from './decoder/opcode-table.js';

export interface CostModel {
  readonly name: string;
  /** Cycles per cost class, indexed by CostClass (integers 0–127 per instruction). */
  classCycles(): Float64Array;
  /** Extra cycles of events that are not instructions (added on top of the instruction's class). */
  readonly events: {
    /** Interrupt/exception delivery through an interrupt or trap gate without privilege change. */
    readonly deliverSamePrivilege: number;
    /** Delivery with a stack switch through the TSS (e.g. 3 → 0 or 3 → 1). */
    readonly deliverPrivilegeChange: number;
    /** IRET (or far RET) to an outer privilege level: SS:ESP popped and checked too. */
    readonly iretOuter: number;
    /** A fault detected during an instruction (before its delivery is counted). */
    readonly generalProtection: number;
  };
}

export const PENTIUM_II: CostModel = {
  name: 'Intel Pentium II',
  classCycles(): Float64Array {
    const t = new Float64Array(32);
    t[CostClass.Simple] = 1; // [AF-IT] ADD/SUB/AND/OR/XOR/CMP/INC/DEC/MOV r,r: 1 µop
    t[CostClass.Load] = 1; // [AF-IT] MOV r,m / ALU r,m: 1–2 µops
    t[CostClass.Store] = 1; // [AF-IT] MOV m,r: 2 µops (store address + store data)
    t[CostClass.ReadModifyWrite] = 2; // [AF-IT] ADD m,r/i: 4 µops
    t[CostClass.Branch] = 1; // [AF-IT] Jcc / JMP short/near: 1 µop
    t[CostClass.Call] = 2; // [AF-IT] CALL near: 4 µops
    t[CostClass.Ret] = 2; // [AF-IT] RETN: 4 µops
    t[CostClass.Mul] = 4; // [AF-IT] MUL/IMUL r: latency 4
    t[CostClass.Div] = 39; // [AF-IT] DIV/IDIV r32: latency 39 (r16 23, r8 19)
    t[CostClass.String] = 2; // [AF-IT] REP MOVS ≈ 6n µops, REP STOS ≈ 5n: charged per iteration
    t[CostClass.Stack] = 1; // [AF-IT] PUSH r: 3 µops, POP r: 2 µops
    t[CostClass.SegmentLoad] = 3; // [AF-IT] POP sreg: 8 µops; LDS/LES/LSS m: 8+ µops
    // ESTIMATE: MOV CRn, LGDT/LIDT, LTR… are serializing and absent from [AF-IT]; charged like
    // CPUID's lower bound (23 µops).
    t[CostClass.System] = 8;
    t[CostClass.Io] = 300; // [AF-IT] IN/OUT: 18 µops, latency > 300 clocks
    t[CostClass.Serializing] = 16; // [AF-IT] CPUID: 23–48 µops (RDTSC: 31)
    t[CostClass.Fpu] = 3; // [AF-IT] x87 FADD latency 3 (FMUL 5)
    t[CostClass.FarTransfer] = 9; // [AF-IT] JMP far 21 µops, RETF 23, CALL far 28
    // ESTIMATE: INT n is not in [AF-IT]; charged as a far CALL (28 µops), the gate and stack work
    // comes with the delivery event below.
    t[CostClass.Interrupt] = 10;
    t[CostClass.Iret] = 27; // [P5-CLK] IRET: up to 27 clocks (Pentium); no P6 figure published
    // Calibrated against [LT-P3] and [LT-250] together with the int $0x80 events below, on the
    // guest's benchmark loops (native image, bare PC, one iteration = two null calls plus the loop,
    // measured between iterations): a null call through int $0x80/iret is to cost ≈ 250 cycles
    // [LT-250] and ≈ 125 more than through sysenter/sysexit, trampoline included [LT-P3]. What the
    // sysenter call leaves after its ≈ 57 other instructions (≈ 77 cycles) goes to the two
    // instructions, split evenly: each loads CS and SS from fixed values and switches the stack
    // pointer, without descriptor reads or checks. Result: 500 and 250 cycles per iteration
    // (250 and 125 per call; before, 268 and 186 with 27/8 for the events and 8 for these).
    t[CostClass.Sysenter] = 24;
    t[CostClass.Sysexit] = 24;
    t[CostClass.Halt] = 1;
    t[CostClass.Cli] = 3; // [AF-IT] CLI: 9 µops
    t[CostClass.Sti] = 6; // [AF-IT] STI: 17 µops
    return t;
  },
  events: {
    // ESTIMATE: delivery reads the gate and the code descriptor and pushes 3 words: like a far CALL
    // through a gate, 28 µops [AF-IT] → 10 clocks.
    deliverSamePrivilege: 10,
    // Calibrated, with iretOuter, so that the int $0x80/iret null call costs the ≈ 250 cycles of
    // [LT-250], 125 more than sysenter [LT-P3] (see the SYSENTER class above): the pair is to take
    // ≈ 151 cycles. Only that sum is calibrated. ESTIMATE of the split: the entry does more than
    // the return (the gate read and the TSS stack read on top of the descriptor loads; five pushes),
    // so it takes two thirds; on the i486 a privilege change adds 27 clocks to INT n (71 against
    // 44) [486-CLK].
    deliverPrivilegeChange: 101,
    // Calibrated with deliverPrivilegeChange (the other third): the SS:ESP pop, the SS and CS
    // descriptor loads and checks and the IF/IOPL rules of an IRET to an outer level.
    iretOuter: 50,
    // ESTIMATE: a fault squashes the instruction in flight: charged like a mispredicted branch,
    // 10–20 clocks on the P6 [AF-MA].
    generalProtection: 15,
  },
};
