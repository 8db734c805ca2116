/**
 * `pnpm bench` (apps/cli): boots Debian's Linux 6.1 (686) with the BusyBox initramfs from
 * tools/linux/fetch.sh to its power-off and reports the instructions and wall time to "Run /init"
 * and to the end (docs/linux.md compares them with QEMU). Skipped, with the reason, when the files
 * are not fetched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ISA_PORT_ACCESS_NANOSECONDS, PcMachine } from '@vmi386/pc';

const cache = fileURLToPath(new URL('../../../.cache/linux/', import.meta.url));
const kernel = `${cache}bzImage`;
const initrd = `${cache}initramfs.cpio.gz`;

if (!existsSync(kernel) || !existsSync(initrd)) {
  console.log('linux boot: skipped (run bash tools/linux/fetch.sh to fetch the kernel and initramfs)');
} else {
  let text = '';
  let atInit: { instructions: number; seconds: number } | undefined;
  const started = performance.now();
  const machine = new PcMachine({
    memorySize: 128 << 20,
    portAccessNanoseconds: ISA_PORT_ACCESS_NANOSECONDS, // the machine `vmi386 boot` builds
    console: (t) => {
      text += t;
      if (!atInit && t === '\n' && /Run \/init as init process\r?\n$/.test(text)) {
        atInit = {
          instructions: machine.cpu.instructionCount,
          seconds: (performance.now() - started) / 1000,
        };
      }
    },
  });
  machine.loadLinux(readFileSync(kernel), { initrd: readFileSync(initrd), cmdline: 'console=ttyS0' });
  const result = machine.run({ maxInstructions: 20e9 });
  const seconds = (performance.now() - started) / 1000;
  const mips = (n: number, s: number) => (n / s / 1e6).toFixed(1);
  if (atInit) {
    console.log(
      `linux boot: /init after ${atInit.instructions} instructions in ${atInit.seconds.toFixed(1)} s (${mips(atInit.instructions, atInit.seconds)} MIPS)`,
    );
  }
  console.log(
    `linux boot: ${result.reason} after ${result.instructions} instructions in ${seconds.toFixed(1)} s (${mips(result.instructions, seconds)} MIPS), virtual time ${result.time}`,
  );
}
