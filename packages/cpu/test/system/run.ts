// Runs a system-test program on the core through the public Cpu API.
import { Cpu, type IoBus, PhysicalMemory, type StopReason, X87 } from '../../src/index.js';
import { EAGER_COMPILE } from '../support/eager-compile.js';
import { buildFlat } from './build.js';
import { ORIGIN, type ProgramSource, programText } from './program.js';

export interface ProgramRun {
  cpu: Cpu;
  memory: PhysicalMemory;
  stop: StopReason;
  symbols: Map<string, number>;
  /** Address of a label. */
  at(label: string): number;
  /** The dword at label + 4 × index. */
  u32(label: string, index?: number): number;
  /** results[i] */
  result(i: number): number;
  /** The exception recorded by the default handlers: vector (-1 if none), frame dwords, ESP at entry. */
  exception: { vector: number; frame: number[]; esp: number; ss: number; cr2: number };
  /** The program reached DONE. */
  done: boolean;
  /** Runs on (e.g. after changing the interrupt line) and refreshes nothing: read again through u32. */
  resume(max?: number): StopReason;
}

export interface RunOptions {
  maxInstructions?: number;
  io?: IoBus;
  /** Called after loading, before running (set MSRs, the interrupt line, breakpoints...). */
  setup?(cpu: Cpu, at: (label: string) => number): void;
  fpu?: boolean;
}

const ACCESS_CODE32 = 0xc09a;
const ACCESS_DATA32 = 0xc092;

export function runProgram(source: ProgramSource, options: RunOptions = {}): ProgramRun {
  const { image, symbols } = buildFlat(programText(source), ORIGIN);
  const memory = new PhysicalMemory(8 << 20);
  memory.write(ORIGIN, image);
  const cpu = new Cpu({
    memory,
    io: options.io,
    compile: EAGER_COMPILE,
    fpu: options.fpu === false ? undefined : new X87(),
  });
  // The flat 32-bit ring-0 state a Multiboot loader leaves (Multiboot spec 3.2 "Machine state").
  cpu.cr0 = 0x11;
  cpu.setSegmentCache(1, 0x08, 0, 0xffffffff, ACCESS_CODE32);
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, 0x10, 0, 0xffffffff, ACCESS_DATA32);
  cpu.eflags = 0x2;
  cpu.esp = 0x8000;
  const at = (label: string) => {
    const a = symbols.get(label);
    if (a === undefined) throw new Error(`no label ${label}`);
    return a;
  };
  cpu.eip = at('_start');
  options.setup?.(cpu, at);
  const u32 = (label: string, index = 0) => memory.readU32(at(label) + 4 * index) >>> 0;
  const stop = cpu.run(options.maxInstructions ?? 200_000);
  const run: ProgramRun = {
    cpu,
    memory,
    stop,
    symbols,
    at,
    u32,
    result: (i) => u32('results', i),
    get exception() {
      return {
        vector: u32('frame_vector') | 0,
        frame: [0, 1, 2, 3, 4, 5].map((i) => u32('frame', i)),
        esp: u32('frame_esp'),
        ss: u32('frame_ss') & 0xffff,
        cr2: u32('frame_cr2'),
      };
    },
    get done() {
      return u32('done') === 1;
    },
    resume: (max = 200_000) => cpu.run(max),
  };
  return run;
}
