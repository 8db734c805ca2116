/**
 * Test helper: builds a protected-mode program with the system-test frame (test/system/program.ts:
 * GDT, IDT, TSS, recording handlers) using @vmi386/asm, and prepares a Cpu in the flat ring-0 state a
 * Multiboot loader leaves. Unlike test/system/run.ts it does not run the program: scenario tests
 * drive `cpu.run` themselves.
 */
import { Cpu, PhysicalMemory } from '../../src/index.js';
import { ORIGIN, type ProgramSource, programText } from '../system/program.js';
import { assembleFlat } from './asm-run.js';
import { EAGER_COMPILE } from './eager-compile.js';

export interface Machine {
  cpu: Cpu;
  memory: PhysicalMemory;
  at(label: string): number;
  u32(label: string, index?: number): number;
  result(i: number): number;
}

export function systemMachine(source: ProgramSource, memory = new PhysicalMemory(8 << 20)): Machine {
  const { bytes, symbols } = assembleFlat(programText(source), ORIGIN);
  memory.write(ORIGIN, bytes);
  const cpu = new Cpu({ memory, compile: EAGER_COMPILE });
  cpu.setSegmentCache(1, 0x08, 0, 0xffffffff, 0xc09a);
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, 0x10, 0, 0xffffffff, 0xc092);
  cpu.eflags = 0x2;
  cpu.esp = 0x8000;
  const at = (label: string) => {
    const a = symbols.get(label);
    if (a === undefined) throw new Error(`no label ${label}`);
    return a;
  };
  cpu.eip = at('_start');
  const u32 = (label: string, index = 0) => memory.readU32(at(label) + 4 * index) >>> 0;
  return { cpu, memory, at, u32, result: (i) => u32('results', i) };
}
