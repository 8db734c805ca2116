// Runs a Multiboot kernel under qemu-system-i386 -kernel (test-only).
import { execFileSync } from 'node:child_process';
import { externalTool } from '@vmi386/testkit';

export const qemu = externalTool('qemu-system-i386', 'qemu-system-x86');

/** The exact command line the comparison tests use (also printed in reports). */
export function qemuArguments(kernelPath: string, append: string): string[] {
  return [
    '-kernel',
    kernelPath,
    '-append',
    append,
    '-m',
    '64',
    '-display',
    'none',
    '-no-reboot',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-device',
    'isa-debug-exit,iobase=0xf4,iosize=4',
  ];
}

/** Runs the kernel in QEMU; returns its serial output and process exit status. */
export function runInQemu(kernelPath: string, append = ''): { output: string; status: number } {
  try {
    const output = execFileSync(qemu.path!, qemuArguments(kernelPath, append), {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { output, status: 0 };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; signal?: string };
    if (e.status === undefined || e.status === null) throw error;
    return { output: e.stdout ?? '', status: e.status };
  }
}
