import type { HookSite } from '@vmi386/mach-asm';
import type { VmiCall } from './calls.js';

/**
 * A hook point ("site") is SITE_LENGTH bytes: the native instruction(s) first, then one
 * multi-byte NOP (0x66 prefixes on 0x90, as VMI's `vmi_nop_pad` emitted) filling the rest. A
 * hypervisor overwrites the whole site with `call rel32` to the ROM entry (5 bytes) followed by
 * one `nop`, or with `call *abs32` (6 bytes). Six bytes holds either form; the ROM code saves and
 * restores the registers the call does not document as outputs or clobbers, so no room for
 * register saves is needed at the site itself.
 */
export const SITE_LENGTH = 6;

/** ELF section holding the annotation records. */
export const ANNOTATION_SECTION = '.vmi_annotation';

/** Bytes per annotation record: u32 call number, u32 site address, u8 site length, u8 native length, u16 0. */
export const ANNOTATION_RECORD_SIZE = 12;

/** A VMI hook point: `call` is the VMI call number (see `vmiCalls`), `length` is SITE_LENGTH. */
export type VmiSite = HookSite;

/** Decodes the contents of an annotation section (little-endian records). */
export function parseAnnotations(bytes: Uint8Array): VmiSite[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sites: VmiSite[] = [];
  for (let offset = 0; offset + ANNOTATION_RECORD_SIZE <= bytes.length; offset += ANNOTATION_RECORD_SIZE) {
    sites.push({
      call: view.getUint32(offset, true),
      address: view.getUint32(offset + 4, true),
      length: view.getUint8(offset + 8),
      nativeLength: view.getUint8(offset + 9),
    });
  }
  return sites;
}

/** The padding that follows `nativeLength` bytes of native code: one NOP with 0x66 prefixes. */
export function paddingBytes(nativeLength: number): number[] {
  const pad = SITE_LENGTH - nativeLength;
  return pad <= 0 ? [] : [...new Array<number>(pad - 1).fill(0x66), 0x90];
}

/**
 * The bytes a hypervisor writes over a site to call the ROM entry for `call`:
 * `call rel32` (E8) to `romBase + VROM_CALL_LEN * number`, then `nop` up to SITE_LENGTH.
 */
export function patchBytes(site: Pick<VmiSite, 'address' | 'length'>, target: number): Uint8Array {
  const bytes = new Uint8Array(site.length).fill(0x90);
  const rel = (target - (site.address + 5)) | 0;
  bytes[0] = 0xe8;
  new DataView(bytes.buffer).setInt32(1, rel, true);
  return bytes;
}

/** The assembly text of one hook point for `call` (one logical line, `;`-separated). */
export function siteAssembly(call: VmiCall): string {
  const pad = paddingBytes(call.nativeLength)
    .map((b) => `0x${b.toString(16)}`)
    .join(',');
  return [
    `661: ${call.native}`,
    `.byte ${pad}`,
    `.if . - 661b - ${SITE_LENGTH}`,
    `.error "VMI site for ${call.macro} is not ${SITE_LENGTH} bytes"`,
    '.endif',
    `.pushsection ${ANNOTATION_SECTION},"a"`,
    '.balign 4',
    `.long ${call.number}, 661b`,
    `.byte ${SITE_LENGTH}, ${call.nativeLength}, 0, 0`,
    '.popsection',
  ].join('; ');
}
