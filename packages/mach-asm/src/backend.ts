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
}

/** The file name under which the header is supplied to the assembler. */
export const MACH_ASM_HEADER = 'mach_asm.h';
