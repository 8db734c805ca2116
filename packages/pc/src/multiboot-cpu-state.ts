import type { Cpu, PhysicalMemory } from '@vmi386/cpu';
import { enterFlatProtectedMode, flatGdt } from './flat-protected-mode.js';
import { MULTIBOOT_BOOTLOADER_MAGIC, type MultibootBoot } from './multiboot.js';

/** A GDT with QEMU's selectors (its multiboot.bin option ROM): 0x08 flat code, 0x10 flat data. */
export const MULTIBOOT_GDT_ADDRESS = 0x9560;
export const MULTIBOOT_CODE_SELECTOR = 0x08;
export const MULTIBOOT_DATA_SELECTOR = 0x10;
export const MULTIBOOT_GDT_END = MULTIBOOT_GDT_ADDRESS + flatGdt(MULTIBOOT_CODE_SELECTOR).length;

/**
 * The stack pointer QEMU 7.2's option ROM leaves behind (measured with test/kernels/boot-state.S).
 * The specification leaves ESP undefined; using QEMU's value means a kernel that (wrongly) pushes
 * before setting its stack behaves the same on both.
 */
export const MULTIBOOT_INITIAL_ESP = 0x6f08;

/**
 * Puts the CPU in the state Multiboot 0.6.96 section 3.2 defines: EAX = 0x2BADB002, EBX = the boot
 * information, CS a 32-bit flat execute/read segment, DS/ES/FS/GS/SS flat read/write segments, CR0.PG
 * = 0 and PE = 1, EFLAGS.VM = 0 and IF = 0. The segments come from a real GDT in low memory (with
 * QEMU's selectors), so a kernel that reloads a segment register before its own `lgdt` still works
 * as it does under QEMU.
 */
export function enterMultibootState(cpu: Cpu, memory: PhysicalMemory, boot: MultibootBoot): void {
  enterFlatProtectedMode(cpu, memory, MULTIBOOT_GDT_ADDRESS, MULTIBOOT_CODE_SELECTOR);
  cpu.eax = MULTIBOOT_BOOTLOADER_MAGIC;
  cpu.ebx = boot.infoAddress;
  cpu.ecx = 0;
  cpu.edx = 0;
  cpu.esi = 0;
  cpu.edi = 0;
  cpu.ebp = 0;
  cpu.esp = MULTIBOOT_INITIAL_ESP;
  cpu.eip = boot.entry;
}
