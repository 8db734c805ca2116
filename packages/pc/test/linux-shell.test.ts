import { describe, expect, it } from 'vitest';
import { bootLinuxInChild, linuxSkipReason, SHELL_APPEND } from './linux-boot.js';

// A boot is about 6.5·10⁹ instructions (minutes here), so it runs only when asked for:
// VMI386_LINUX=1 pnpm --filter @vmi386/pc exec vitest run test/linux-shell.test.ts
const skipReason =
  linuxSkipReason || (process.env.VMI386_LINUX ? '' : 'set VMI386_LINUX=1 to boot Linux (minutes)');
if (skipReason) console.warn(`[skipped] Linux shell: ${skipReason}`);

/**
 * The crypto self-tests (half the boot's instructions, in RSA's big-number arithmetic) have nothing to
 * do with a shell: skip them to halve the boot.
 */
const APPEND = `${SHELL_APPEND} cryptomgr.notests`;

/**
 * What a person types at BusyBox's prompt: each line once the prompt is up. The `sleep` idles the
 * machine for 6 s: the clocksource watchdog (every 0.5 s, against the ACPI PM timer) must still
 * trust the TSC afterwards.
 */
const TYPED = [
  'echo typed $((6 * 7))',
  'cat /etc/greeting',
  'uname -m',
  'c=/sys/devices/system/clocksource/clocksource0', // short lines: sh wraps at 80 columns
  'sleep 6; cat $c/current_clocksource; poweroff -f',
];

describe.skipIf(skipReason !== '')("BusyBox sh on Debian's Linux 6.1 with typed input", () => {
  it('runs the typed commands in sh and prints their output', { timeout: 3_600_000 }, async () => {
    const run = await bootLinuxInChild({ cmdline: APPEND, input: `${TYPED.join('\n')}\n` });
    console.log(
      `[linux shell] ${run.stop} after ${run.instructions} instructions (${run.seconds.toFixed(1)} s)`,
    );
    const session = run.console.slice(run.console.indexOf('vmi386.shell: starting sh'));
    console.log(session);
    expect(run.stop).toBe('power-off');
    expect(run.console).not.toContain('Fast TSC calibration failed');
    // sh echoes each line as it is typed, then runs it: the output follows its command line. The
    // kernel prints to the same console whenever it likes, even in the middle of an echoed line
    // (6.1.0-57 refines the TSC while the first line is typed), so its messages are taken out first.
    const lines = withoutKernelMessages(session.replace(/\r/g, '')).split('\n');
    const after = (command: string) => lines[lines.findIndex((l) => l.endsWith(command)) + 1];
    expect(after(TYPED[0])).toBe('typed 42');
    expect(after(TYPED[1])).toBe('vmi386 was here');
    expect(after(TYPED[2])).toBe('i686');
    expect(after(TYPED[4])).toBe('tsc');
    expect(run.console).not.toContain('unstable');
    // The TSC refined against the PM timer: 251 instructions per PIT tick × 1.193182 MHz.
    expect(run.console).toContain('tsc: Refined TSC clocksource calibration: 299.488 MHz');
    expect(session).toContain('ACPI: PM: Preparing to enter system sleep state S5');
  });
});

/** `text` without the kernel's console messages: each is "[seconds.micro] message" and its newline. */
function withoutKernelMessages(text: string): string {
  return text.replace(/\[ *\d+\.\d{6}\] [^\n]*\n/g, '');
}
