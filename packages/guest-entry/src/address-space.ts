import type { GuestBuild } from './build.js';

/** Where the kernel maps its `.user` pages (read-only, ring 3). */
export const USER_CODE_BASE = 0x00400000;
/** Where the kernel maps the vsyscall page (read-only, ring 3), as Linux has one fixed page. */
export const VSYSCALL_BASE = 0xbffff000;
/**
 * Where the kernel maps its user data page (read-only, ring 3), as Linux's vDSO data: `jiffies` is
 * its first word, so that a task can wait for a timer tick with plain loads.
 */
export const USER_DATA_BASE = 0xbfffe000;

/**
 * The address a symbol's code runs at. Symbols of the `.user` and `.vsyscall` sections are linked
 * inside the kernel image but executed where the kernel maps those pages (USER_CODE_BASE,
 * VSYSCALL_BASE); every other symbol runs where it is linked. Undefined for unknown symbols.
 */
export function runtimeAddress(build: Pick<GuestBuild, 'symbols'>, name: string): number | undefined {
  const value = build.symbols[name];
  if (value === undefined) return undefined;
  const { user_start, user_end, vsyscall_page, vsyscall_end } = build.symbols;
  if (user_start !== undefined && user_end !== undefined && value >= user_start && value < user_end) {
    return value - user_start + USER_CODE_BASE;
  }
  if (
    vsyscall_page !== undefined &&
    vsyscall_end !== undefined &&
    value >= vsyscall_page &&
    value < vsyscall_end
  ) {
    return value - vsyscall_page + VSYSCALL_BASE;
  }
  return value;
}
