import type { PhysicalMemory } from '@vmi386/cpu';

/** The guest's paging controls, as the guest set them (its virtual CR0, CR3, CR4). */
export interface GuestPagingState {
  readonly paging: boolean;
  readonly writeProtect: boolean;
  readonly cr3: number;
  readonly pse: boolean;
}

export interface GuestAccess {
  readonly write: boolean;
  /** A CPL-3 access (the guest kernel's ring 0 is a supervisor access, as it believes). */
  readonly user: boolean;
}

/** A successful walk: where the page is in guest-physical memory and what the guest allows. */
export interface GuestMapping {
  readonly kind: 'mapped';
  /** Guest-physical address of the byte. */
  readonly physical: number;
  readonly writable: boolean;
  readonly user: boolean;
  /** The guest's dirty bit after this access (set by a write). */
  readonly dirty: boolean;
}

/** The walk failed: deliver #PF to the guest with this error code (SDM vol. 3A, 4.7). */
export interface GuestPageFault {
  readonly kind: 'fault';
  readonly errorCode: number;
}

const P = 1;
const RW = 2;
const US = 4;
const A = 0x20;
const D = 0x40;
const PS = 0x80;

/**
 * A page-table entry at `address` lies in the guest's RAM. (A function of its own rather than a
 * closure in walkGuest: the monitor walks on every trap, and a closure made per call cost more than
 * the walk under tsx, which names every closure it creates.)
 */
function entryInGuest(address: number, guestMemorySize: number): boolean {
  return address + 4 <= guestMemorySize;
}

/**
 * Walks the guest's own two-level page tables in guest-physical memory as the i386 MMU would
 * (SDM vol. 3A, 4.3: 4 KiB pages, 4 MiB pages with CR4.PSE, CR0.WP for supervisor writes), setting
 * the accessed and dirty bits the hardware would set. With guest paging off, linear = physical.
 */
export function walkGuest(
  memory: PhysicalMemory,
  guestMemorySize: number,
  state: GuestPagingState,
  linear: number,
  access: GuestAccess,
): GuestMapping | GuestPageFault {
  const lin = linear >>> 0;
  if (!state.paging) return { kind: 'mapped', physical: lin, writable: true, user: true, dirty: true };
  const errorBits = (access.write ? 2 : 0) | (access.user ? 4 : 0);

  const pdeAddress = ((state.cr3 & 0xfffff000) + ((lin >>> 22) << 2)) >>> 0;
  if (!entryInGuest(pdeAddress, guestMemorySize)) return { kind: 'fault', errorCode: errorBits };
  const pde = memory.readU32(pdeAddress);
  if (!(pde & P)) return { kind: 'fault', errorCode: errorBits };

  let entry: number;
  let entryAddress: number;
  let physical: number;
  let writable = (pde & RW) !== 0;
  let user = (pde & US) !== 0;
  if (pde & PS && state.pse) {
    entry = pde;
    entryAddress = pdeAddress;
    physical = ((pde & 0xffc00000) | (lin & 0x3fffff)) >>> 0;
  } else {
    const pteAddress = ((pde & 0xfffff000) + (((lin >>> 12) & 0x3ff) << 2)) >>> 0;
    if (!entryInGuest(pteAddress, guestMemorySize)) return { kind: 'fault', errorCode: errorBits };
    const pte = memory.readU32(pteAddress);
    if (!(pte & P)) return { kind: 'fault', errorCode: errorBits };
    writable &&= (pte & RW) !== 0;
    user &&= (pte & US) !== 0;
    entry = pte;
    entryAddress = pteAddress;
    physical = ((pte & 0xfffff000) | (lin & 0xfff)) >>> 0;
    if (!(pde & A)) memory.writeU32(pdeAddress, pde | A);
  }
  const denied = (access.user && !user) || (access.write && !writable && (access.user || state.writeProtect));
  if (denied) return { kind: 'fault', errorCode: errorBits | P };
  const updated = entry | A | (access.write ? D : 0);
  if (updated !== entry) memory.writeU32(entryAddress, updated);
  return { kind: 'mapped', physical, writable, user, dirty: (updated & D) !== 0 };
}
