// The same Multiboot kernels under `qemu-system-i386 -kernel` and on PcMachine: identical serial
// output and exit status. The kernels (test/kernels) report the boot state the loader hands over,
// take PIT interrupts through the 8259A, and exit through isa-debug-exit.

import { describe, expect, it } from 'vitest';
import { PcMachine } from '../src/index.js';
import { qemu, qemuArguments, runInQemu } from './qemu.js';
import { buildKernel, toolchainSkipReason } from './toolchain.js';

const skip = toolchainSkipReason || qemu.skipReason;
if (skip) console.warn(`[skipped] QEMU comparison: ${skip}`);

function runOnPc(image: Uint8Array, cmdline: string): { output: string; status: number } {
  let output = '';
  const machine = new PcMachine({ memorySize: 64 * 1024 * 1024, console: (text) => (output += text) });
  machine.loadMultiboot(image, { cmdline });
  const result = machine.run({ maxInstructions: 50_000_000 });
  expect(result.reason).toBe('exit');
  // QEMU exits with (value << 1) | 1; the shell sees it modulo 256.
  return { output, status: result.reason === 'exit' ? result.exitCode & 0xff : -1 };
}

describe.skipIf(skip)('PcMachine vs qemu-system-i386 -kernel', () => {
  for (const [name, script, append] of [
    ['boot-state', 'low', 'console=ttyS0 answer=42'],
    ['higher-half', 'higher-half', ''],
    ['serial', 'low', 'x'],
    ['pit', 'low', ''],
  ] as const) {
    it(`${name}: same console output and exit status`, () => {
      const { path, image } = buildKernel(name, script);
      const reference = runInQemu(path, append);
      console.log(
        `qemu-system-i386 ${qemuArguments(path, append).join(' ')}\n→ status ${reference.status}\n${reference.output}`,
      );
      // QEMU's command line is "<kernel path> <-append text>"; hand PcMachine the same string.
      const ours = runOnPc(image, `${path} ${append}`);
      expect(ours.output).toBe(reference.output);
      expect(ours.status).toBe(reference.status);
      expect(reference.output.length).toBeGreaterThan(0);
    });
  }
});
