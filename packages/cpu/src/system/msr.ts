/**
 * The model-specific registers of the Pentium II that RDMSR and WRMSR reach (SDM vol. 3B, table B-11
 * "MSRs in the P6 Family Processors"; vol. 4 in later editions). Any other index is #GP(0), as on the
 * processor. The SYSENTER MSRs live in `Cpu` fields the fast-system-call path reads; the performance-
 * monitoring MSRs in `Cpu.perfMsrs`.
 */
import { GP } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';

export const MSR_TSC = 0x10;
export const MSR_PLATFORM_ID = 0x17;
export const MSR_BIOS_SIGN_ID = 0x8b;
export const MSR_PERFCTR0 = 0xc1;
export const MSR_PERFCTR1 = 0xc2;
export const MSR_SYSENTER_CS = 0x174;
export const MSR_SYSENTER_ESP = 0x175;
export const MSR_SYSENTER_EIP = 0x176;
export const MSR_EVNTSEL0 = 0x186;
export const MSR_EVNTSEL1 = 0x187;

/** The microcode revision MSR 0x8B reports. */
const MICROCODE_REVISION = 1n;

/**
 * Where each performance-monitoring MSR sits in `Cpu.perfMsrs`. The core counts no events: a counter
 * keeps the value last written (Linux only probes that the MSRs exist and can be programmed).
 */
const PERF_SLOT: Readonly<Record<number, number>> = {
  [MSR_PERFCTR0]: 0,
  [MSR_PERFCTR1]: 1,
  [MSR_EVNTSEL0]: 2,
  [MSR_EVNTSEL1]: 3,
};

export function readMsr(cpu: Cpu, index: number): number | bigint {
  switch (index >>> 0) {
    case MSR_TSC:
      return BigInt(cpu.readTimeStampCounter());
    case MSR_PLATFORM_ID:
      // Bits 52–50 select the processor flag for microcode; 0, as QEMU reports.
      return 0;
    case MSR_BIOS_SIGN_ID:
      // The microcode update revision in EDX (SDM vol. 3, 9.11.7.1); 1, as QEMU's Pentium II reports,
      // so /proc/cpuinfo reads the same.
      return MICROCODE_REVISION << 32n;
    case MSR_SYSENTER_CS:
      return cpu.sysenterCs;
    case MSR_SYSENTER_ESP:
      return cpu.sysenterEsp >>> 0;
    case MSR_SYSENTER_EIP:
      return cpu.sysenterEip >>> 0;
    case MSR_PERFCTR0:
    case MSR_PERFCTR1:
    case MSR_EVNTSEL0:
    case MSR_EVNTSEL1:
      return BigInt(cpu.perfMsrs[PERF_SLOT[index >>> 0]]);
    default:
      throw new CpuFault(GP, 0);
  }
}

export function writeMsr(cpu: Cpu, index: number, value: number | bigint): void {
  const lo = Number(BigInt.asUintN(32, BigInt(value)));
  switch (index >>> 0) {
    case MSR_TSC:
      return; // the TSC is derived from the modelled cycles and cannot be set
    case MSR_BIOS_SIGN_ID:
      return; // writing 0 then CPUID loads the revision, which is fixed here
    case MSR_SYSENTER_CS:
      cpu.sysenterCs = lo & 0xffff;
      return;
    case MSR_SYSENTER_ESP:
      cpu.sysenterEsp = lo | 0;
      return;
    case MSR_SYSENTER_EIP:
      cpu.sysenterEip = lo | 0;
      return;
    case MSR_PERFCTR0:
    case MSR_PERFCTR1:
      // 40-bit counters: WRMSR writes the low 32 bits and sign-extends bit 31 into bits 32–39
      // (SDM vol. 3B, 18.x "PerfCtr0 and PerfCtr1 MSRs", P6 family).
      cpu.perfMsrs[PERF_SLOT[index >>> 0]] = lo >= 0x80000000 ? lo + 0xff00000000 : lo;
      return;
    case MSR_EVNTSEL0:
    case MSR_EVNTSEL1:
      // Event select: 32 bits; bits 63–32 are reserved.
      cpu.perfMsrs[PERF_SLOT[index >>> 0]] = lo;
      return;
    default:
      throw new CpuFault(GP, 0);
  }
}
