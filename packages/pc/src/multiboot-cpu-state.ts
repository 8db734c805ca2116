import type { Cpu, PhysicalMemory } from '@vmi386/cpu';
import { MULTIBOOT_BOOTLOADER_MAGIC, type MultibootBoot } from './multiboot.js';

// Segment register numbers as the ModR/M sreg field encodes them (SDM vol. 2, 3.1.1.3).
const ES = 0;
const CS = 1;
const SS = 2;
const DS = 3;
const FS = 4;
const GS = 5;

/** A GDT with QEMU's selectors (its multiboot.bin option ROM): 0x08 flat code, 0x10 flat data. */
export const MULTIBOOT_GDT_ADDRESS = 0x9560;
export const MULTIBOOT_CODE_SELECTOR = 0x08;
export const MULTIBOOT_DATA_SELECTOR = 0x10;
const GDT = new Uint8Array([
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0xff,
  0xff,
  0,
  0,
  0,
  0x9b,
  0xcf,
  0, // base 0, limit 4 GiB, 32-bit, execute/read, accessed, DPL 0
  0xff,
  0xff,
  0,
  0,
  0,
  0x93,
  0xcf,
  0, // base 0, limit 4 GiB, 32-bit, read/write, accessed, DPL 0
]);
export const MULTIBOOT_GDT_END = MULTIBOOT_GDT_ADDRESS + GDT.length;

// Descriptor-cache access words (Cpu.setSegmentCache layout: byte 5 in bits 0–7, G/D in bits 14–15).
const FLAT_CODE_ACCESS = 0xc09b;
const FLAT_DATA_ACCESS = 0xc093;

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
  memory.write(MULTIBOOT_GDT_ADDRESS, GDT);
  cpu.gdtr = { base: MULTIBOOT_GDT_ADDRESS, limit: GDT.length - 1 };
  cpu.setCr0((cpu.cr0 | 0x1) & ~0x80000000);
  cpu.setSegmentCache(CS, MULTIBOOT_CODE_SELECTOR, 0, 0xffffffff, FLAT_CODE_ACCESS);
  for (const seg of [ES, SS, DS, FS, GS]) {
    cpu.setSegmentCache(seg, MULTIBOOT_DATA_SELECTOR, 0, 0xffffffff, FLAT_DATA_ACCESS);
  }
  cpu.eflags = 0x2;
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
