import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  ISA_PORT_ACCESS_NANOSECONDS,
  LinuxBootError,
  MultibootError,
  PcMachine,
  type PcRunResult,
} from '@vmi386/pc';
import type { CAC } from 'cac';
import { UsageError } from '../errors.js';
import { parseNumber } from '../options.js';

interface BootOptions {
  kernel?: string;
  initrd?: string;
  append?: string;
  memory?: string;
  maxInstructions?: string;
  input?: string;
  json?: boolean;
  compile?: boolean;
}

/** Ctrl-A, then X, quits an interactive session (as in QEMU's -nographic). */
const CTRL_A = 0x01;
/** Instructions per slice between looks at the terminal in interactive mode. */
const INTERACTIVE_SLICE = 2_000_000;
const DEFAULT_MAX_INSTRUCTIONS = 20_000_000_000;
/** The longest pause (ms) between slices while the guest's clock is ahead of the wall clock. */
const IDLE_WAIT_MS = 20;

export function registerBoot(cli: CAC): void {
  cli
    .command('boot', 'Boot a Linux bzImage (or any Multiboot ELF) on the PC with COM1 as the console')
    .option('--kernel <file>', 'A bzImage (Linux boot protocol 2.06+) or a Multiboot ELF')
    .option('--initrd <file>', 'The initial RAM disk (bzImage only)')
    .option('--append <text>', 'The kernel command line', { default: 'console=ttyS0' })
    .option('--memory <MiB>', 'RAM in MiB', { default: '128' })
    .option(
      '--max-instructions <n>',
      `Stop after this much virtual time in instructions (default: unlimited when interactive, ${DEFAULT_MAX_INSTRUCTIONS} otherwise)`,
    )
    .option(
      '--input <text>',
      'Type this into COM1 instead of the terminal: text, or @FILE (Linux: line by line once the guest listens and its output pauses)',
    )
    .option('--json', 'Run without a terminal and print one JSON object (console, counters, stop reason)')
    .option(
      '--no-compile',
      'Interpret every instruction (no block compiler): same console and counts, slower',
    )
    .example('vmi386 boot --kernel .cache/linux/bzImage --initrd .cache/linux/initramfs.cpio.gz')
    .example("vmi386 boot --kernel bzImage --initrd initrd.gz --append 'console=ttyS0 vmi386.shell'")
    .example(
      "vmi386 boot --kernel bzImage --initrd initrd.gz --append 'console=ttyS0 vmi386.shell' --input @commands.txt",
    )
    .action((options: BootOptions) => bootCommand(options));
}

function readInput(file: string, what: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(
      `${what}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

function isLinuxImage(image: Uint8Array): boolean {
  return (
    image.length > 0x206 && new DataView(image.buffer, image.byteOffset).getUint32(0x202, true) === 0x53726448
  );
}

interface Prepared {
  machine: PcMachine;
  /** A bzImage (else a Multiboot ELF). */
  linux: boolean;
}

/**
 * Builds the machine (a PC whose port accesses take ISA bus time, as Linux's TSC calibration expects)
 * and loads the kernel; a file that cannot be booted is a usage error.
 */
function prepare(options: BootOptions, consoleSink?: (text: string) => void): Prepared {
  if (!options.kernel) throw new UsageError('boot: --kernel <file> is required');
  const memoryMiB = parseNumber(options.memory ?? '128', '--memory');
  if (!Number.isInteger(memoryMiB) || memoryMiB < 2 || memoryMiB > 2048) {
    throw new UsageError(`--memory: ${memoryMiB} MiB is not between 2 and 2048`);
  }
  const kernel = readInput(String(options.kernel), '--kernel');
  const initrd = options.initrd === undefined ? undefined : readInput(String(options.initrd), '--initrd');
  const cmdline = String(options.append ?? 'console=ttyS0');
  const machine = new PcMachine({
    memorySize: memoryMiB << 20,
    console: consoleSink,
    portAccessNanoseconds: ISA_PORT_ACCESS_NANOSECONDS,
    compile: options.compile !== false,
  });
  const linux = isLinuxImage(kernel);
  try {
    if (linux) {
      machine.loadLinux(kernel, { cmdline, initrd });
    } else {
      if (initrd)
        throw new UsageError(
          '--initrd: only a bzImage takes an initrd (Multiboot modules are not supported)',
        );
      machine.loadMultiboot(kernel, { cmdline: `${options.kernel} ${cmdline}` });
    }
  } catch (e) {
    if (e instanceof LinuxBootError || e instanceof MultibootError)
      throw new UsageError(`--kernel: ${e.message}`);
    throw e;
  }
  return { machine, linux };
}

function scriptedInput(input: string): Uint8Array {
  return input.startsWith('@') ? readInput(input.slice(1), '--input') : new TextEncoder().encode(input);
}

interface BootReport {
  stop: PcRunResult['reason'];
  detail?: string;
  console: string;
  counters: { instructions: number; cycles: number; virtualTime: number; wallSeconds: number };
}

function report(machine: PcMachine, result: PcRunResult, transcript: string, started: number): BootReport {
  return {
    stop: result.reason,
    ...(result.reason === 'triple-fault' && result.detail ? { detail: result.detail } : {}),
    console: transcript,
    counters: {
      instructions: machine.cpu.instructionCount,
      cycles: Math.round(machine.cpu.cycles),
      virtualTime: machine.time,
      wallSeconds: (performance.now() - started) / 1000,
    },
  };
}

/**
 * A guest that powered off (ACPI soft-off: Linux's `poweroff`), halted for good (a kernel that
 * stops with `cli; hlt`) or exited is a success.
 */
function exitStatus(result: PcRunResult): number {
  if (result.reason === 'exit') return (result.exitCode ?? 1) >>> 1;
  return result.reason === 'power-off' || result.reason === 'halt' ? 0 : 1;
}

async function bootCommand(options: BootOptions): Promise<number> {
  const interactive = !options.json && options.input === undefined && process.stdin.isTTY === true;
  const maxInstructions =
    options.maxInstructions === undefined
      ? interactive
        ? Infinity
        : DEFAULT_MAX_INSTRUCTIONS
      : parseNumber(options.maxInstructions, '--max-instructions');
  let transcript = '';
  const { machine, linux } = prepare(options, (text) => {
    if (options.json) transcript += text;
    else process.stdout.write(text);
  });
  const started = performance.now();
  if (!interactive) {
    if (options.input !== undefined) {
      // Linux resets COM1's FIFOs while probing it and reads only once a program opens the port: type
      // the input as a person would. A Multiboot guest may poll COM1 from the start: queue it now.
      if (linux) machine.typeInput(scriptedInput(options.input));
      else machine.sendInput(scriptedInput(options.input));
    }
    const result = machine.run({ maxInstructions });
    const summary = report(machine, result, transcript, started);
    if (options.json) writeFileSync(1, `${JSON.stringify(summary, null, 2)}\n`);
    else process.stderr.write(`\n${formatSummary(summary)}`);
    return exitStatus(result);
  }
  return runInteractive(machine, maxInstructions, started);
}

/**
 * Turns the terminal's output processing off, as QEMU's raw mode does, so the guest's bytes reach it
 * unchanged: Node's raw mode keeps ONLCR, which made the guest's CR LF a CR CR LF. `setRawMode(false)`
 * restores the whole saved mode, this included. Without `stty` the output is only less exact.
 */
function passOutputThrough(): void {
  spawnSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
}

/** Terminal bytes go to COM1 as typed (raw mode); Ctrl-A X quits, Ctrl-A Ctrl-A sends one Ctrl-A. */
async function runInteractive(machine: PcMachine, maxInstructions: number, started: number): Promise<number> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  passOutputThrough();
  stdin.resume();
  let quit = false;
  let afterCtrlA = false;
  stdin.on('data', (chunk: Buffer) => {
    const bytes: number[] = [];
    for (const byte of chunk) {
      if (afterCtrlA) {
        afterCtrlA = false;
        if (byte === 0x78 || byte === 0x58) quit = true;
        else if (byte === CTRL_A) bytes.push(CTRL_A);
        continue;
      }
      if (byte === CTRL_A) afterCtrlA = true;
      else bytes.push(byte);
    }
    if (bytes.length > 0) machine.sendInput(new Uint8Array(bytes));
  });
  process.stderr.write('vmi386: booting; Ctrl-A X quits\r\n');
  let result: PcRunResult | undefined;
  try {
    let remaining = maxInstructions;
    let pace = { wall: performance.now(), time: machine.time };
    while (!quit && remaining > 0) {
      result = machine.run({ maxInstructions: Math.min(INTERACTIVE_SLICE, remaining) });
      remaining -= result.elapsed;
      const waitingForInput = result.reason === 'halt' && (machine.cpu.eflags & 0x200) !== 0;
      if (result.reason !== 'limit' && !waitingForInput) break;
      // Let the terminal's input in between slices. A guest waiting for it (halted with interrupts
      // on, or idling between timer ticks) would let virtual time race ahead and keep a host core
      // busy: its clock may not run faster than the wall clock since it last fell behind (booting,
      // it runs far slower).
      const now = performance.now();
      const ahead = ((machine.time - pace.time) / machine.timePerSecond) * 1000 - (now - pace.wall);
      if (ahead < 0) pace = { wall: now, time: machine.time };
      const wait = waitingForInput ? IDLE_WAIT_MS : Math.min(Math.max(ahead, 0), IDLE_WAIT_MS);
      await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
    }
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
  const stop = quit ? 'quit (Ctrl-A X)' : (result?.reason ?? 'limit');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `\nvmi386: ${stop} after ${machine.cpu.instructionCount} instructions, ${seconds} s\n`, // cooked again
  );
  return quit || !result ? 0 : exitStatus(result);
}

function formatSummary(r: BootReport): string {
  const c = r.counters;
  return [
    `── boot: ${r.stop}${r.detail ? ` (${r.detail})` : ''}`,
    `instructions       ${c.instructions}`,
    `modelled cycles    ${c.cycles}`,
    `virtual time       ${c.virtualTime} (instructions, halted time included)`,
    `wall time          ${c.wallSeconds.toFixed(1)} s (${(c.instructions / c.wallSeconds / 1e6).toFixed(1)} MIPS)`,
    '',
  ].join('\n');
}
