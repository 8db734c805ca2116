/**
 * runFlat: runs a flat program the way `vmi386 exec` and the differential tests need it: protected
 * mode, paging off, flat 4 GiB code and data segments at ring 0 or 3 (selectors from a real GDT, so
 * segment loads work), a 64 KiB stack at the top of memory, interrupts off. It stops before the first
 * exception or interrupt would be delivered (it is not delivered), at HLT, or at the limit.
 */

import { checkRunFlatOptions } from './argument-checks.js';
import { CS, DS, ES, FS, GS, SS } from './constants.js';
import type { CostModel } from './cost-model.js';
import { Cpu, type CpuOptions } from './cpu.js';
import { PhysicalMemory } from './memory/physical-memory.js';
import type { DeliveryEvent } from './stop-reason.js';

export type FlatRegister = 'eax' | 'ecx' | 'edx' | 'ebx' | 'esp' | 'ebp' | 'esi' | 'edi' | 'eflags';

export interface RunFlatOptions {
  code: Uint8Array;
  /** Load address of `code` (default 0x1000). */
  origin?: number;
  /** First EIP (default: origin). */
  entry?: number;
  ring?: 0 | 3;
  regs?: Partial<Record<FlatRegister, number>>;
  /** Default 10,000,000. */
  maxInstructions?: number;
  /** Default 4 MiB. */
  memorySize?: number;
  /** Extra data to place in memory before the run. */
  data?: { address: number; bytes: Uint8Array }[];
  /** The block compiler (default on; see CpuOptions.compile). */
  compile?: CpuOptions['compile'];
  /** Cycles per instruction class and event (default PENTIUM_II; see CpuOptions.costModel). */
  costModel?: CostModel;
}

/** Why `runFlat` stopped: a discriminated union on `reason`. `eip` is where the CPU stopped. */
export type RunFlatStop =
  /** The first exception or interrupt (software ones included), not delivered. */
  | { reason: 'exception'; vector: number; errorCode?: number; eip: number }
  | { reason: 'halt'; eip: number }
  | { reason: 'limit'; eip: number }
  /** Shutdown; `detail` says why (the same field as `StopReason` and `PcRunResult`). */
  | { reason: 'triple-fault'; eip: number; detail: string };

export interface RunFlatResult {
  stop: RunFlatStop;
  regs: Record<'eax' | 'ecx' | 'edx' | 'ebx' | 'esp' | 'ebp' | 'esi' | 'edi' | 'eip' | 'eflags', number>;
  instructions: number;
  cycles: number;
  cpu: Cpu;
  memory: PhysicalMemory;
}

/** GDT layout used by runFlat (and handy for tests). */
export const FLAT_SELECTORS = {
  code0: 0x08,
  data0: 0x10,
  code3: 0x1b,
  data3: 0x23,
  tss: 0x28,
} as const;

const STACK_BYTES = 64 * 1024;

/** Writes a flat GDT (null, code0, data0, code3, data3, TSS) at `base`; returns its limit. */
export function writeFlatGdt(memory: PhysicalMemory, base: number, tssBase: number): number {
  const entries = [
    [0, 0],
    [0x0000ffff, 0x00cf9b00],
    [0x0000ffff, 0x00cf9300],
    [0x0000ffff, 0x00cffb00],
    [0x0000ffff, 0x00cff300],
    [((tssBase & 0xffff) << 16) | 0x67, (tssBase & 0xff000000) | 0x8900 | ((tssBase >>> 16) & 0xff)],
  ];
  entries.forEach(([lo, hi], k) => {
    memory.writeU32(base + k * 8, lo);
    memory.writeU32(base + k * 8 + 4, hi);
  });
  return entries.length * 8 - 1;
}

export function runFlat(options: RunFlatOptions): RunFlatResult {
  checkRunFlatOptions(options);
  const memorySize = options.memorySize ?? 4 * 1024 * 1024;
  const origin = options.origin ?? 0x1000;
  const ring = options.ring ?? 0;
  const memory = new PhysicalMemory(memorySize);
  memory.write(origin, options.code);
  for (const d of options.data ?? []) memory.write(d.address, d.bytes);
  const cpu = new Cpu({ memory, compile: options.compile, costModel: options.costModel });

  // System structures sit in the page below the stack.
  const stackTop = memorySize;
  const sysBase = memorySize - STACK_BYTES - 4096;
  const tssBase = sysBase + 0x100;
  const gdtLimit = writeFlatGdt(memory, sysBase, tssBase);
  memory.writeU32(tssBase + 4, stackTop - STACK_BYTES / 2); // esp0: inside the stack area
  memory.writeU32(tssBase + 8, FLAT_SELECTORS.data0);
  memory.writeU16(tssBase + 102, 0x68); // no I/O bitmap
  cpu.gdtr = { base: sysBase, limit: gdtLimit };
  cpu.idtr = { base: 0, limit: 0 };
  cpu.setTaskRegister(FLAT_SELECTORS.tss, tssBase, 0x67, true);
  const code = ring === 3 ? FLAT_SELECTORS.code3 : FLAT_SELECTORS.code0;
  const data = ring === 3 ? FLAT_SELECTORS.data3 : FLAT_SELECTORS.data0;
  const dpl = ring << 5;
  for (const seg of [ES, SS, DS, FS, GS]) cpu.setSegmentCache(seg, data, 0, 0xffffffff, 0xc093 | dpl);
  cpu.setSegmentCache(CS, code, 0, 0xffffffff, 0xc09b | dpl);

  cpu.esp = stackTop;
  cpu.eflags = 0x2;
  const regs = options.regs ?? {};
  for (const name of ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eflags'] as const) {
    const v = regs[name];
    if (v !== undefined) cpu[name] = v;
  }
  cpu.eip = options.entry ?? origin;

  let event: DeliveryEvent | undefined;
  cpu.hooks.beforeDelivery = (ev) => {
    event ??= ev;
    cpu.requestStop();
    return true;
  };
  const r = cpu.run(options.maxInstructions ?? 10_000_000);
  let stop: RunFlatStop;
  if (event) {
    stop = { reason: 'exception', vector: event.vector, eip: event.eip };
    if (event.errorCode !== undefined) stop.errorCode = event.errorCode;
  } else if (r.kind === 'halt') stop = { reason: 'halt', eip: cpu.eip };
  else if (r.kind === 'triple-fault') stop = { reason: 'triple-fault', eip: cpu.eip, detail: r.detail };
  else stop = { reason: 'limit', eip: cpu.eip };
  return {
    stop,
    regs: {
      eax: cpu.eax,
      ecx: cpu.ecx,
      edx: cpu.edx,
      ebx: cpu.ebx,
      esp: cpu.esp,
      ebp: cpu.ebp,
      esi: cpu.esi,
      edi: cpu.edi,
      eip: cpu.eip,
      eflags: cpu.eflags,
    },
    instructions: cpu.instructionCount,
    cycles: cpu.cycles,
    cpu,
    memory,
  };
}
