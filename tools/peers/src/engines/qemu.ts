/**
 * qemu-system-i386 (TCG), when installed: wall time from spawn to exit. The workload's isa-debug-exit
 * write ends QEMU with status `(value << 1) | 1`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '../workloads.js';
import type { Engine, EngineRun } from './engine.js';

const QEMU = 'qemu-system-i386';
const TIMEOUT_MS = 300_000;

function qemuMissing(): string | undefined {
  const probe = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? `${QEMU} is not installed (apt-get install qemu-system-x86)`
    : undefined;
}

/** QEMU's version line, for the report header. */
export function qemuVersion(): string | undefined {
  const probe = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
}

function runOnce(workload: Workload): Promise<EngineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-peers-'));
  const kernel = join(dir, 'kernel.elf');
  writeFileSync(kernel, workload.image);
  const args = [
    ...['-cpu', 'pentium2', '-m', '64', '-kernel', kernel],
    ...['-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot'],
    ...['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'],
  ];
  return new Promise<EngineRun>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(QEMU, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    let loopStart: number | undefined;
    const startText = workload.startText;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('latin1');
      if (startText !== undefined && loopStart === undefined && output.includes(startText))
        loopStart = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (status) => {
      const now = performance.now();
      const seconds = (now - start) / 1000;
      const loopSeconds = loopStart === undefined ? undefined : (now - loopStart) / 1000;
      clearTimeout(timer);
      const expected = (workload.exitStatus << 1) | 1;
      const end = workload.end;
      const printed =
        end.kind === 'byte'
          ? output.endsWith(String.fromCharCode(end.byte))
          : output.split('\n').find((line) => line.startsWith(end.prefix)) === end.expected;
      if (status !== expected || !printed) {
        reject(
          new Error(`qemu: ${workload.name} exited with ${status} (expected ${expected}) ${errors.trim()}`),
        );
      } else resolve({ seconds, loopSeconds });
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

export const qemu: Engine = {
  name: 'QEMU TCG',
  unavailable: qemuMissing(),
  run: runOnce,
};
