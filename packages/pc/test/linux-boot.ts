// Boots the Debian kernel and initramfs that tools/linux/fetch.sh prepares, here and under QEMU
// (test-only helpers; the files are never committed).
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ISA_PORT_ACCESS_NANOSECONDS, PcMachine } from '../src/index.js';

const cache = fileURLToPath(new URL('../../../.cache/linux/', import.meta.url));
export const kernelPath = `${cache}bzImage`;
export const initrdPath = `${cache}initramfs.cpio.gz`;
export const LINUX_APPEND = 'console=ttyS0';
/** The command line word that makes /init exec an interactive sh (tools/linux/fetch.sh). */
export const SHELL_APPEND = 'console=ttyS0 vmi386.shell';
export const INIT_BEGIN = '=== vmi386 /init ===';
export const INIT_END = '=== vmi386 /init done ===';

/** Why the Linux tests cannot run here, or '' when the fetched files are present. */
export const linuxSkipReason =
  existsSync(kernelPath) && existsSync(initrdPath)
    ? ''
    : 'the Debian kernel and initramfs are not fetched (run bash tools/linux/fetch.sh)';

/** With VMI386_LINUX_LOG=FILE, the console is appended to FILE as it arrives (to watch a boot). */
const consoleLog = process.env.VMI386_LINUX_LOG;

export interface LinuxRun {
  console: string;
  stop: string;
  /** Instructions retired when the kernel printed "Run /init as init process", and the wall time then. */
  toInit?: { instructions: number; seconds: number };
  instructions: number;
  seconds: number;
}

export interface LinuxBootOptions {
  cmdline?: string;
  /** Typed into COM1 as a person would (`PcMachine.typeInput`). */
  input?: string;
  maxInstructions?: number;
}

/**
 * Boots to power-off (`poweroff -f` enters ACPI S5) or `maxInstructions`, on the machine
 * `vmi386 boot` builds (ISA port timing).
 */
export function bootLinux(options: LinuxBootOptions = {}): LinuxRun {
  const { cmdline = LINUX_APPEND, input, maxInstructions = 12e9 } = options;
  let text = '';
  let toInit: LinuxRun['toInit'];
  const started = performance.now();
  const machine = new PcMachine({
    memorySize: 128 << 20,
    portAccessNanoseconds: ISA_PORT_ACCESS_NANOSECONDS,
    console: (t) => {
      text += t;
      if (consoleLog) appendFileSync(consoleLog, t);
      if (!toInit && t === '\n' && /Run \/init as init process\r?\n$/.test(text)) {
        toInit = {
          instructions: machine.cpu.instructionCount,
          seconds: (performance.now() - started) / 1000,
        };
      }
    },
  });
  machine.loadLinux(readFileSync(kernelPath), { initrd: readFileSync(initrdPath), cmdline });
  if (input !== undefined) machine.typeInput(input);
  const result = machine.run({ maxInstructions });
  return {
    console: text,
    stop: result.reason,
    toInit,
    instructions: machine.cpu.instructionCount,
    seconds: (performance.now() - started) / 1000,
  };
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./linux-boot-child.ts', import.meta.url));

/**
 * `bootLinux(options)` in a child Node process (through tsx, from the sources), so that two boots run
 * side by side on two cores.
 */
export function bootLinuxInChild(options: LinuxBootOptions = {}): Promise<LinuxRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@vmi386/source', childScript, JSON.stringify(options)],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(output) as LinuxRun);
      else reject(new Error(`the boot in a child process exited with status ${code}`));
    });
  });
}

/** The same files under `qemu-system-i386 -cpu pentium2 -m 128`, to its power-off. */
export function bootLinuxInQemu(qemuPath: string): string {
  return execFileSync(
    qemuPath,
    [
      ...['-cpu', 'pentium2', '-m', '128', '-kernel', kernelPath, '-initrd', initrdPath],
      ...['-append', LINUX_APPEND, '-display', 'none', '-no-reboot', '-monitor', 'none', '-serial', 'stdio'],
    ],
    { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * What /init printed, line by line, with the lines that legitimately differ between two machines
 * removed (the documented rule, docs/linux.md):
 * - kernel messages (`[ seconds] ...`), which carry timestamps and may interleave with the output;
 * - /proc/cpuinfo lines that describe the host or the CPU model rather than the kernel's behaviour:
 *   `cpu MHz`, `bogomips` (measured), `flags`, `bugs`, `cache size`, `address sizes` (from CPUID
 *   feature bits and cache descriptors, where vmi386's Pentium II and QEMU's `pentium2` differ).
 */
export function initOutput(console: string): string[] {
  const text = console.replace(/\r\n/g, '\n');
  const begin = text.indexOf(INIT_BEGIN);
  const end = text.indexOf(INIT_END);
  if (begin < 0 || end < begin) return [];
  return text
    .slice(begin, end + INIT_END.length)
    .split('\n')
    .filter((line) => !/^\[\s*\d+\.\d+\]/.test(line))
    .filter((line) => !/^(cpu MHz|bogomips|flags|bugs|cache size|address sizes)\s*:/.test(line));
}
