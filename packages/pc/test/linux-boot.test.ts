import { describe, expect, it } from 'vitest';
import { bootLinuxInChild, bootLinuxInQemu, INIT_END, initOutput, linuxSkipReason } from './linux-boot.js';
import { qemu } from './qemu.js';

// A boot is about 6.5·10⁹ instructions (minutes here), so it runs only when asked for:
// VMI386_LINUX=1 pnpm --filter @vmi386/pc exec vitest run test/linux-boot.test.ts
const skipReason =
  linuxSkipReason ||
  qemu.skipReason ||
  (process.env.VMI386_LINUX ? '' : 'set VMI386_LINUX=1 to boot Linux (minutes)');
if (skipReason) console.warn(`[skipped] Linux boot: ${skipReason}`);

describe.skipIf(skipReason !== '')("Debian's Linux 6.1 (686) with a BusyBox initramfs", () => {
  it('boots to /init, runs its commands as QEMU does, and two runs print the same bytes', {
    timeout: 3_600_000,
  }, async () => {
    // The two boots run side by side, each in its own process.
    const [first, second] = await Promise.all([bootLinuxInChild(), bootLinuxInChild()]);
    const lines = initOutput(first.console);
    console.log(
      `[linux] /init after ${first.toInit?.instructions} instructions (${first.toInit?.seconds.toFixed(1)} s); ` +
        `power-off after ${first.instructions} instructions (${first.seconds.toFixed(1)} s), stop: ${first.stop}`,
    );
    expect(first.console).toContain(INIT_END);
    expect(first.stop).toBe('power-off');
    // Channel 2 read through port 0x42 counts in step with the TSC (port accesses take ISA time).
    expect(first.console).not.toContain('Fast TSC calibration failed');
    // The PM timer from the ACPI tables, checked by Linux against PIT channel 2, and trusted.
    expect(first.console).toContain('ACPI: PM-Timer IO Port: 0x608');
    expect(first.console).not.toMatch(/PM-Timer (failed|running at invalid rate)/);
    expect(first.console).not.toContain('unstable');
    const reference = initOutput(bootLinuxInQemu(qemu.path!));
    expect(reference.length).toBeGreaterThan(10);
    expect(lines).toEqual(reference);
    expect(second.console).toBe(first.console);
    expect(second.instructions).toBe(first.instructions);
  });
});
