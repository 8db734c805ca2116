/**
 * Test helper: build the fixture with GNU tools (gcc -m32 -x assembler-with-cpp, ld -m elf_i386
 * with the fixture's linker script) and boot it under QEMU.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachBackend } from '@vmi386/mach-asm';
import { externalTool } from '@vmi386/testkit';
import { gcc, gnuAssembleFile, writeTempFiles } from '@vmi386/testkit/gnu-as';
import { gnuLinkerScript, KERNEL_MAIN, kernelSources } from '../src/index.js';

export { gcc };
export const ld = externalTool('ld', 'binutils');
export const qemu = externalTool('qemu-system-i386', 'qemu-system-x86');

export interface GnuKernel {
  dir: string;
  object: string;
  elf: string;
  image: Uint8Array;
}

export function buildGnuKernel(backend: MachBackend): GnuKernel {
  const dir = writeTempFiles({
    ...kernelSources,
    'mach_asm.h': backend.header,
    'kernel.lds': gnuLinkerScript,
  });
  const assembled = gnuAssembleFile(dir, KERNEL_MAIN, 'kernel.o');
  if (!assembled.ok) throw new Error(`GNU as failed for ${backend.name}: ${assembled.message}`);
  const object = join(dir, 'kernel.o');
  const elf = join(dir, 'kernel.elf');
  execFileSync(ld.path!, [
    '-m',
    'elf_i386',
    '-T',
    join(dir, 'kernel.lds'),
    '-nostdlib',
    '-z',
    'max-page-size=0x1000',
    '--build-id=none',
    '-o',
    elf,
    object,
  ]);
  return { dir, object, elf, image: new Uint8Array(readFileSync(elf)) };
}

export interface QemuRun {
  /** What the guest wrote to COM1. */
  transcript: string;
  /** The guest's status written to port 0xF4, or undefined if QEMU ended another way. */
  guestStatus: number | undefined;
  qemuStatus: number | null;
}

/** Boots a Multiboot ELF under QEMU with COM1 on stdout and isa-debug-exit at 0xF4. */
export function runQemu(
  elf: string | Uint8Array,
  timeoutMs = 60_000,
  extraArgs: readonly string[] = [],
): QemuRun {
  let path = typeof elf === 'string' ? elf : '';
  if (typeof elf !== 'string') {
    path = join(writeTempFiles({}), 'kernel.elf');
    writeFileSync(path, elf);
  }
  const run = spawnSync(
    qemu.path!,
    [
      '-kernel',
      path,
      '-display',
      'none',
      '-serial',
      'stdio',
      '-monitor',
      'none',
      '-no-reboot',
      '-device',
      'isa-debug-exit,iobase=0xf4,iosize=4',
      ...extraArgs,
    ],
    { encoding: 'utf8', timeout: timeoutMs },
  );
  // isa-debug-exit makes QEMU exit with (value << 1) | 1.
  const qemuStatus = run.status;
  const guestStatus = qemuStatus !== null && qemuStatus % 2 === 1 ? qemuStatus >> 1 : undefined;
  return { transcript: run.stdout ?? '', guestStatus, qemuStatus };
}
