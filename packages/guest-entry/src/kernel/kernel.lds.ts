/** `kernel.lds`: GNU ld script for the reference build (tests only). The text of the file, embedded so that no file access is needed. */
// biome-ignore lint/complexity/noUselessStringRaw: every kernel file is embedded the same way, so that a backslash added later stays one
export const kernelLds = String.raw`/*
 * GNU ld script for the reference build: linked at 0xC0100000, loaded at 0x100000, entry at
 * startup_32's physical address. One output section per input section, in the order buildGuest
 * uses (KERNEL_SECTION_ORDER), so both builds put every byte at the same address.
 */
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(startup_32_phys)
SECTIONS
{
  . = 0xC0100000;
  .text : AT(ADDR(.text) - 0xC0000000) { *(.text) }
  .fixup : AT(ADDR(.fixup) - 0xC0000000) { *(.fixup) }
  .vsyscall ALIGN(4096) : AT(ADDR(.vsyscall) - 0xC0000000) { *(.vsyscall) }
  .user ALIGN(4096) : AT(ADDR(.user) - 0xC0000000) { *(.user) }
  .rodata : AT(ADDR(.rodata) - 0xC0000000) { *(.rodata) }
  .data : AT(ADDR(.data) - 0xC0000000) { *(.data) }
  __ex_table : AT(ADDR(__ex_table) - 0xC0000000) { *(__ex_table) }
  .vmi_annotation : AT(ADDR(.vmi_annotation) - 0xC0000000) { *(.vmi_annotation) }
  .bss : AT(ADDR(.bss) - 0xC0000000) { *(.bss) }
  startup_32_phys = startup_32 - 0xC0000000;
  /DISCARD/ : { *(.note*) *(.comment) }
}
`;
