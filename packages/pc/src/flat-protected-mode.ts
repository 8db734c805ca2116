import type { Cpu } from '@vmi386/cpu';
import type { MultibootMemory } from './multiboot.js';

// Segment register numbers as the ModR/M sreg field encodes them (SDM vol. 2, 3.1.1.3).
const ES = 0;
const CS = 1;
const SS = 2;
const DS = 3;
const FS = 4;
const GS = 5;

// Descriptor-cache access words (Cpu.setSegmentCache layout: byte 5 in bits 0–7, G/D in bits 14–15).
const FLAT_CODE_ACCESS = 0xc09b;
const FLAT_DATA_ACCESS = 0xc093;

/** Base 0, limit 4 GiB, 32-bit, execute/read, accessed, DPL 0. */
const FLAT_CODE_DESCRIPTOR = [0xff, 0xff, 0, 0, 0, 0x9b, 0xcf, 0];
/** Base 0, limit 4 GiB, 32-bit, read/write, accessed, DPL 0. */
const FLAT_DATA_DESCRIPTOR = [0xff, 0xff, 0, 0, 0, 0x93, 0xcf, 0];

/**
 * A GDT whose flat code segment is at `codeSelector` and flat data segment right after it, null
 * descriptors below: what a boot loader leaves behind (QEMU's Multiboot ROM: 0x08/0x10; Linux's
 * 32-bit boot protocol: __BOOT_CS 0x10, __BOOT_DS 0x18).
 */
export function flatGdt(codeSelector: number): Uint8Array {
  const nulls = new Array<number>(codeSelector & ~7).fill(0);
  return new Uint8Array([...nulls, ...FLAT_CODE_DESCRIPTOR, ...FLAT_DATA_DESCRIPTOR]);
}

/**
 * What every 32-bit boot loader hands over: `gdt` written at `gdtAddress` and loaded, protected
 * mode without paging, CS the flat code segment at `codeSelector`, DS/ES/FS/GS/SS the flat data
 * segment after it (as if loaded from that GDT), EFLAGS with interrupts off. The general registers
 * are each protocol's own.
 */
export function enterFlatProtectedMode(
  cpu: Cpu,
  memory: Pick<MultibootMemory, 'write'>,
  gdtAddress: number,
  codeSelector: number,
): void {
  const gdt = flatGdt(codeSelector);
  memory.write(gdtAddress, gdt);
  cpu.gdtr = { base: gdtAddress, limit: gdt.length - 1 };
  cpu.setCr0((cpu.cr0 | 0x1) & ~0x80000000);
  cpu.setSegmentCache(CS, codeSelector, 0, 0xffffffff, FLAT_CODE_ACCESS);
  for (const segment of [ES, SS, DS, FS, GS]) {
    cpu.setSegmentCache(segment, codeSelector + 8, 0, 0xffffffff, FLAT_DATA_ACCESS);
  }
  cpu.eflags = 0x2;
}
