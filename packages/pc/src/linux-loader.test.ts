import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhysicalMemory } from '@vmi386/cpu';
import { describe, expect, it } from 'vitest';
import {
  LINUX_BOOT_PARAMS_ADDRESS,
  LINUX_CMDLINE_ADDRESS,
  LinuxBootError,
  loadLinux,
} from './linux-loader.js';
import { PcMachine } from './machine.js';

/** A minimal bzImage: boot sector + `setupSects` sectors, then `payload` as the protected-mode kernel. */
function bzImage(
  options: { version?: number; setupSects?: number; initrdAddrMax?: number; payload?: number } = {},
) {
  const setupSects = options.setupSects ?? 4;
  const image = new Uint8Array((setupSects + 1) * 512 + (options.payload ?? 4096));
  const view = new DataView(image.buffer);
  image[0x1f1] = setupSects;
  view.setUint16(0x1fe, 0xaa55, true);
  image[0x201] = 0x6a; // header ends at 0x26C, as in protocol 2.15
  view.setUint32(0x202, 0x53726448, true);
  view.setUint16(0x206, options.version ?? 0x020f, true);
  image[0x211] = 0x01; // LOADED_HIGH
  view.setUint32(0x214, 0x100000, true);
  view.setUint32(0x22c, options.initrdAddrMax ?? 0x7fffffff, true);
  view.setUint32(0x238, 2047, true);
  image.fill(0x90, (setupSects + 1) * 512); // the "kernel"
  return image;
}

const u32 = (m: PhysicalMemory, a: number) => new DataView(m.read(a, 4).slice().buffer).getUint32(0, true);

describe('Linux 32-bit boot protocol loader', () => {
  it('fills boot_params: the setup header, loader type, command line, e820, initrd at the top of RAM', () => {
    const memory = new PhysicalMemory(32 << 20);
    const initrd = new Uint8Array(10000).fill(7);
    const boot = loadLinux(memory, bzImage(), { cmdline: 'console=ttyS0 quiet', initrd });
    const p = LINUX_BOOT_PARAMS_ADDRESS;
    expect(u32(memory, p + 0x202)).toBe(0x53726448);
    expect(memory.read(p + 0x210, 1)[0]).toBe(0xff);
    expect(memory.read(p + 0x211, 1)[0]).toBe(0x81); // LOADED_HIGH | CAN_USE_HEAP
    expect(u32(memory, p + 0x228)).toBe(LINUX_CMDLINE_ADDRESS);
    expect(new TextDecoder().decode(memory.read(LINUX_CMDLINE_ADDRESS, 20))).toBe('console=ttyS0 quiet\0');
    expect(boot.initrd).toEqual({ address: (32 << 20) - 3 * 4096, size: 10000 });
    expect(u32(memory, p + 0x218)).toBe(boot.initrd?.address);
    expect(u32(memory, p + 0x21c)).toBe(10000);
    expect(memory.read(p + 0x1e8, 1)[0]).toBe(3);
    expect([u32(memory, p + 0x2d0 + 40), u32(memory, p + 0x2d0 + 48), u32(memory, p + 0x2d0 + 56)]).toEqual([
      0x100000,
      (32 << 20) - 0x100000,
      1,
    ]);
    expect(memory.read(0x100000, 1)[0]).toBe(0x90);
    expect(boot.entry).toBe(0x100000);
  });

  it('keeps the initrd below initrd_addr_max', () => {
    const memory = new PhysicalMemory(64 << 20);
    const boot = loadLinux(memory, bzImage({ initrdAddrMax: 0x00ffffff }), { initrd: new Uint8Array(4096) });
    expect(boot.initrd?.address).toBe(0x1000000 - 4096);
  });

  it('rejects what it cannot boot with a typed error', () => {
    const memory = new PhysicalMemory(8 << 20);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof LinuxBootError ? e.code : String(e);
      }
      return 'no error';
    };
    expect(code(() => loadLinux(memory, new Uint8Array(4096)))).toBe('not-bzimage');
    expect(code(() => loadLinux(memory, bzImage({ version: 0x0204 })))).toBe('protocol-too-old');
    expect(code(() => loadLinux(memory, bzImage(), { initrd: new Uint8Array(7 << 20) }))).toBe(
      'initrd-does-not-fit',
    );
    expect(code(() => loadLinux(memory, bzImage(), { cmdline: 'x'.repeat(3000) }))).toBe('cmdline-too-long');
    expect(code(() => loadLinux(memory, bzImage({ payload: 8 << 20 })))).toBe('kernel-does-not-fit');
  });

  it('enters protected mode with __BOOT_CS/__BOOT_DS, ESI = boot_params, at code32_start', () => {
    const machine = new PcMachine({ memorySize: 16 << 20 });
    machine.loadLinux(bzImage());
    const cpu = machine.cpu;
    expect([cpu.eip >>> 0, cpu.esi, cpu.ebx, cpu.edi, cpu.ebp]).toEqual([
      0x100000,
      LINUX_BOOT_PARAMS_ADDRESS,
      0,
      0,
      0,
    ]);
    expect(cpu.eflags & 0x200).toBe(0);
    const r = machine.run({ maxInstructions: 10 });
    expect(r.reason).toBe('limit'); // the NOP "kernel" runs
  });

  const kernelPath = fileURLToPath(new URL('../../../.cache/linux/bzImage', import.meta.url));
  const haveKernel = existsSync(kernelPath);
  if (!haveKernel) console.warn('[skipped] Debian kernel not fetched (bash tools/linux/fetch.sh)');
  it.skipIf(!haveKernel)("parses Debian's 6.1 686 bzImage", () => {
    const memory = new PhysicalMemory(128 << 20);
    const boot = loadLinux(memory, readFileSync(kernelPath), { cmdline: 'console=ttyS0' });
    expect(boot.header.version).toBeGreaterThanOrEqual(0x020f);
    expect(boot.entry).toBe(0x100000);
  });
});
