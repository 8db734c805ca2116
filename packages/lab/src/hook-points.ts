import { decodeInstruction } from '@vmi386/cpu';
import {
  type ElfSection,
  type GuestBuild,
  KERNEL_LINK_ADDRESS,
  KERNEL_LOAD_ADDRESS,
  readElf32,
} from '@vmi386/guest-entry';
import { planSitePatches, ROM_BASE } from '@vmi386/hypervisor';
import { callByNumber, VROM_CALL_LEN } from '@vmi386/mach-vmi';

/** One decoded instruction of a byte range, as AT&T text. */
export interface DisassembledLine {
  readonly offset: number;
  readonly bytes: readonly number[];
  readonly text: string;
}

/** One hook point of a VMI build: what the image holds there and what the hypervisor writes. */
export interface HookPoint {
  /** Linked address of the site's first byte. */
  readonly address: number;
  /** The VMI call the site stands for, e.g. `IRET` or `STI_SYSEXIT`. */
  readonly call: string;
  /** The source statement that produced it, `entry.S:123`. */
  readonly file: string;
  readonly line: number;
  /** The image's bytes: the native instruction(s) and their NOP padding. */
  readonly imageBytes: readonly number[];
  /** Length of the native instruction(s) at the start of the site. */
  readonly nativeLength: number;
  /** What the hypervisor patches in: a call to the ROM entry, padded. */
  readonly patchedBytes: readonly number[];
  /** The ROM entry the patched site calls. */
  readonly romEntry: number;
  readonly imageDisassembly: readonly DisassembledLine[];
  readonly patchedDisassembly: readonly DisassembledLine[];
}

/** Decodes `bytes` (linked at `address`) instruction by instruction; a branch's target is absolute. */
export function disassemble(bytes: Uint8Array, address: number): DisassembledLine[] {
  const lines: DisassembledLine[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // Decoded from its own first byte, a relative branch's target comes out relative to it.
    const rest = bytes.subarray(offset);
    const decoded = decodeInstruction(rest, 0, 32);
    if ('invalid' in decoded || decoded.length > rest.length) {
      lines.push({ offset, bytes: [...rest], text: '(bytes)' });
      break;
    }
    const here = address + offset;
    const operands = BRANCH.test(decoded.mnemonic)
      ? decoded.operands.map((operand) =>
          /^0x[0-9a-f]+$/.test(operand) ? `0x${((here + Number(operand)) >>> 0).toString(16)}` : operand,
        )
      : decoded.operands;
    lines.push({
      offset,
      bytes: [...rest.subarray(0, decoded.length)],
      text: `${decoded.mnemonic}${operands.length ? ` ${operands.join(',')}` : ''}`,
    });
    offset += decoded.length;
  }
  return lines;
}

const BRANCH = /^(call|jmp|j[a-z]+|loop[a-z]*)$/;

/**
 * Every hook point of a VMI build, with the patch the hypervisor would apply (planned from the
 * image's annotation records by `@vmi386/hypervisor`, exactly as at boot).
 */
export function describeHookPoints(build: GuestBuild): HookPoint[] {
  const patches = planSitePatches(build.image, ROM_BASE);
  const physicalToLinked = KERNEL_LINK_ADDRESS - KERNEL_LOAD_ADDRESS;
  const { sections } = readElf32(build.image);
  return patches.map((patch) => {
    const { site } = patch;
    const address = (patch.physical + physicalToLinked) >>> 0;
    const source = build.listing.find((e) => address >= e.address && address < e.address + e.size);
    const imageBytes = bytesAt(sections, address, site.length);
    return {
      address,
      call: callByNumber(site.call)?.name ?? `call ${site.call}`,
      file: source?.file ?? '?',
      line: source?.line ?? 0,
      imageBytes: [...imageBytes],
      nativeLength: site.nativeLength,
      patchedBytes: [...patch.bytes],
      romEntry: ROM_BASE + VROM_CALL_LEN * site.call,
      imageDisassembly: disassemble(imageBytes, address),
      patchedDisassembly: disassemble(patch.bytes, address),
    };
  });
}

/** The linked image's bytes at a linked address, from the section that holds them. */
function bytesAt(sections: readonly ElfSection[], address: number, length: number): Uint8Array {
  const section = sections.find((s) => address >= s.addr && address + length <= s.addr + s.bytes.length);
  if (!section) throw new Error(`0x${address.toString(16)} is not in a section of the image`);
  return section.bytes.subarray(address - section.addr, address - section.addr + length);
}
