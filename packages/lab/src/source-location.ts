import { ROM_BASE } from '@vmi386/hypervisor';

/** What a listing needs to place an address: its range and the source statement. */
export interface ListingRange {
  readonly address: number;
  readonly size: number;
  readonly file: string;
  readonly line: number;
}

/** Where a linear address is in the guest: `entry.S:123`, `ROM+0x40` in the VMI ROM, or the address. */
export function sourceLocation(listing: readonly ListingRange[], linear: number): string {
  const entry = listing.find((e) => linear >= e.address && linear < e.address + e.size);
  if (entry) return `${entry.file}:${entry.line}`;
  if (linear >= ROM_BASE) return `ROM+0x${(linear - ROM_BASE).toString(16)}`;
  return `0x${linear.toString(16)}`;
}
