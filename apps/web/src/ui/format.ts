/** Number formatting shared by the views. */
export const hex32 = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
export const hex = (value: number) => `0x${(value >>> 0).toString(16)}`;
export const count = (value: number) => value.toLocaleString('en-US');
export const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
export const bytesText = (bytes: readonly number[]) =>
  bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** A `Record<string, number>` as rows sorted by count, largest first. */
export function byCount(record: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * A location the user types for "run to": `entry.S:123` (the first byte that line emitted) or an
 * address (`0xc0100000`). Returns the linear address, or a reason it cannot be used.
 */
export function parseLocation(
  text: string,
  listing: readonly { file: string; line: number; address: number }[],
): { address: number } | { error: string } {
  const trimmed = text.trim();
  if (/^(0x)?[0-9a-f]+$/i.test(trimmed)) {
    const address = Number.parseInt(trimmed.replace(/^0x/i, ''), 16);
    return Number.isFinite(address) && address <= 0xffffffff
      ? { address }
      : { error: `${trimmed} is not an address` };
  }
  const match = /^(.+):(\d+)$/.exec(trimmed);
  if (!match) return { error: `'${trimmed}' is neither file:line nor a hex address` };
  const [, file, line] = match;
  const entry = listing.find(
    (e) => (e.file === file || e.file.endsWith(`/${file}`)) && e.line === Number(line),
  );
  return entry ? { address: entry.address } : { error: `${trimmed} emits no code in this build` };
}
