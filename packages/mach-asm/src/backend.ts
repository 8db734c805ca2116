/**
 * A mach_asm backend: the text of `<mach_asm.h>` handed to the assembler (as a virtual include
 * file) plus what a loader, platform or hypervisor needs to know about images built with it.
 */
export interface MachBackend {
  /** Short identifier: `native`, `vmi`. */
  name: string;
  /** One line for humans. */
  description: string;
  /** The complete text of `<mach_asm.h>`. */
  header: string;
  /**
   * The privilege level the kernel is meant to run at with this backend; the header defines
   * `KERNEL_RPL` to the same value.
   */
  kernelRpl: 0 | 1;
  /**
   * Name of the ELF section holding hook-point annotations, when the backend emits them
   * (undefined for backends whose macros are plain instructions).
   */
  annotationSection?: string;
  /** Decodes the annotation section's contents into hook points (with `annotationSection`). */
  parseAnnotations?: (bytes: Uint8Array) => HookSite[];
}

/** One hook point of an image, as its backend's annotation records describe it. */
export interface HookSite {
  /** The backend's call number for the site (for VMI: the VMI call). */
  call: number;
  /** Linked (virtual) address of the site's first byte. */
  address: number;
  /** Site length in bytes. */
  length: number;
  /** Length of the native instruction(s) at the start of the site. */
  nativeLength: number;
}

/** The file name under which the header is supplied to the assembler. */
export const MACH_ASM_HEADER = 'mach_asm.h';
