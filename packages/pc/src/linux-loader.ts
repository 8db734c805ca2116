import type { Cpu } from '@vmi386/cpu';
import { enterFlatProtectedMode } from './flat-protected-mode.js';
import type { MultibootMemory } from './multiboot.js';

// The Linux/x86 boot protocol (Documentation/arch/x86/boot.rst). Offsets are into the bzImage file,
// whose first sector plus `setup_sects` sectors are the real-mode setup; the setup header lies at
// 0x1F1 and is copied unchanged into `boot_params` (the "zero page") at the same offset.
const SETUP_HEADER_START = 0x1f1;
const OFF_SETUP_SECTS = 0x1f1;
const OFF_BOOT_FLAG = 0x1fe;
const OFF_HEADER_END = 0x201; // the byte after the jump: setup header length − 0x202 + 0x201
const OFF_HEADER_MAGIC = 0x202;
const OFF_VERSION = 0x206;
const OFF_TYPE_OF_LOADER = 0x210;
const OFF_LOADFLAGS = 0x211;
const OFF_CODE32_START = 0x214;
const OFF_RAMDISK_IMAGE = 0x218;
const OFF_RAMDISK_SIZE = 0x21c;
const OFF_HEAP_END_PTR = 0x224;
const OFF_CMD_LINE_PTR = 0x228;
const OFF_INITRD_ADDR_MAX = 0x22c;
const OFF_CMDLINE_SIZE = 0x238;
// boot_params fields outside the setup header (arch/x86/include/uapi/asm/bootparam.h).
const BP_ALT_MEM_K = 0x1e0;
const BP_E820_ENTRIES = 0x1e8;
const BP_E820_TABLE = 0x2d0;
const BP_SIZE = 4096;

const HDRS_MAGIC = 0x53726448; // "HdrS"
const BOOT_FLAG = 0xaa55;
/** 2.06 added `cmdline_size`; Linux 2.6.22 and later have it. */
export const LINUX_MIN_PROTOCOL = 0x0206;
const LOADED_HIGH = 0x01;
const CAN_USE_HEAP = 0x80;
/** "Undefined" loader (boot.rst: 0xFF), as a loader without an assigned ID must say. */
const TYPE_OF_LOADER_UNDEFINED = 0xff;

/** Where this loader puts things (all below the 640 KiB hole, above the BIOS data area). */
export const LINUX_BOOT_PARAMS_ADDRESS = 0x90000;
export const LINUX_CMDLINE_ADDRESS = 0x91000;
export const LINUX_GDT_ADDRESS = 0x92000;
/** The protected-mode kernel goes where a bzImage expects it (LOADED_HIGH). */
export const LINUX_KERNEL_ADDRESS = 0x100000;
/** Boot-protocol selectors: __BOOT_CS and __BOOT_DS (GDT entries 2 and 3). */
export const LINUX_BOOT_CS = 0x10;
export const LINUX_BOOT_DS = 0x18;
const PAGE = 4096;

export type LinuxBootErrorCode =
  | 'not-bzimage'
  | 'protocol-too-old'
  | 'not-loaded-high'
  | 'kernel-does-not-fit'
  | 'cmdline-too-long'
  | 'initrd-does-not-fit';

/** A kernel, initrd or command line that this loader cannot boot, with a code to test against. */
export class LinuxBootError extends Error {
  constructor(
    readonly code: LinuxBootErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LinuxBootError';
  }
}

/** What the setup header of a bzImage says. */
export interface LinuxSetupHeader {
  /** Boot protocol version, e.g. 0x020f for 2.15. */
  version: number;
  /** Sectors of real-mode setup code after the boot sector. */
  setupSects: number;
  /** Bytes of the file before the protected-mode kernel: (setupSects + 1) × 512. */
  protectedModeOffset: number;
  loadflags: number;
  code32Start: number;
  initrdAddrMax: number;
  /** Longest command line the kernel accepts, without the NUL. */
  cmdlineSize: number;
  /** Length of the setup header from 0x1F1. */
  headerLength: number;
}

export interface LinuxBootOptions {
  /** The kernel command line (ASCII); default empty. */
  cmdline?: string;
  /** The initial RAM disk (for example a gzip-compressed newc cpio). */
  initrd?: Uint8Array;
}

/** Where the loader put everything, for logs and tests. */
export interface LinuxBoot {
  header: LinuxSetupHeader;
  bootParams: number;
  cmdline: number;
  kernel: { address: number; size: number };
  initrd?: { address: number; size: number };
  entry: number;
  /** The e820 map given to the kernel: [base, length, type] with type 1 = RAM, 2 = reserved. */
  e820: [number, number, number][];
}

/** Reads and checks the setup header of a bzImage. */
export function parseLinuxSetupHeader(image: Uint8Array): LinuxSetupHeader {
  if (image.length < 0x260) {
    throw new LinuxBootError('not-bzimage', `${image.length} bytes is too short for a bzImage`);
  }
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (
    view.getUint32(OFF_HEADER_MAGIC, true) !== HDRS_MAGIC ||
    view.getUint16(OFF_BOOT_FLAG, true) !== BOOT_FLAG
  ) {
    throw new LinuxBootError(
      'not-bzimage',
      'not a Linux bzImage: no "HdrS" setup header at offset 0x202 (or no 0xAA55 boot flag at 0x1FE)',
    );
  }
  const version = view.getUint16(OFF_VERSION, true);
  if (version < LINUX_MIN_PROTOCOL) {
    throw new LinuxBootError(
      'protocol-too-old',
      `boot protocol ${protocolText(version)} is older than ${protocolText(LINUX_MIN_PROTOCOL)}, the oldest this loader supports`,
    );
  }
  const loadflags = image[OFF_LOADFLAGS];
  if ((loadflags & LOADED_HIGH) === 0) {
    throw new LinuxBootError(
      'not-loaded-high',
      'a zImage (loaded at 0x10000) is not supported: only bzImage',
    );
  }
  const setupSects = image[OFF_SETUP_SECTS] || 4;
  return {
    version,
    setupSects,
    protectedModeOffset: (setupSects + 1) * 512,
    loadflags,
    code32Start: view.getUint32(OFF_CODE32_START, true),
    initrdAddrMax: view.getUint32(OFF_INITRD_ADDR_MAX, true),
    cmdlineSize: view.getUint32(OFF_CMDLINE_SIZE, true),
    headerLength: 0x202 + image[OFF_HEADER_END] - SETUP_HEADER_START,
  };
}

function protocolText(version: number): string {
  return `${version >> 8}.${(version & 0xff).toString().padStart(2, '0')}`;
}

/**
 * The e820 map of a machine with `memorySize` bytes of RAM and nothing else: conventional memory up
 * to 640 KiB, the VGA/ROM hole reserved, the rest RAM from 1 MiB — the same layout the Multiboot
 * loader reports.
 */
export function linuxE820Map(memorySize: number): [number, number, number][] {
  return [
    [0, 0xa0000, 1],
    [0xa0000, 0x60000, 2],
    [0x100000, memorySize - 0x100000, 1],
  ];
}

/**
 * Loads a bzImage for the 32-bit boot protocol: the protected-mode kernel at 1 MiB, `boot_params`
 * (the setup header copied from the file, the e820 map, the command line pointer, the initrd as high
 * as `initrd_addr_max` and RAM allow, page-aligned, as QEMU places it).
 */
export function loadLinux(
  memory: MultibootMemory,
  image: Uint8Array,
  options: LinuxBootOptions = {},
): LinuxBoot {
  const header = parseLinuxSetupHeader(image);
  const size = memory.size;
  const kernelBytes = image.length - header.protectedModeOffset;
  if (kernelBytes <= 0 || LINUX_KERNEL_ADDRESS + kernelBytes > size) {
    throw new LinuxBootError(
      'kernel-does-not-fit',
      `the protected-mode kernel (${kernelBytes} bytes) does not fit in ${size >> 20} MiB of RAM at 0x100000`,
    );
  }
  const cmdlineText = options.cmdline ?? '';
  const cmdline = new TextEncoder().encode(cmdlineText);
  if (cmdline.length > header.cmdlineSize || cmdline.length >= PAGE) {
    throw new LinuxBootError(
      'cmdline-too-long',
      `the command line is ${cmdline.length} bytes; this kernel accepts at most ${Math.min(header.cmdlineSize, PAGE - 1)}`,
    );
  }

  let initrd: LinuxBoot['initrd'];
  const kernelEnd = LINUX_KERNEL_ADDRESS + kernelBytes;
  if (options.initrd !== undefined) {
    const initrdSize = options.initrd.length;
    // The highest byte the kernel can reach: initrd_addr_max is inclusive.
    const limit = Math.min(header.initrdAddrMax + 1, size);
    const address = Math.floor((limit - initrdSize) / PAGE) * PAGE;
    if (address < roundUp(kernelEnd, PAGE)) {
      throw new LinuxBootError(
        'initrd-does-not-fit',
        `the initrd (${initrdSize} bytes) does not fit between the kernel's end 0x${kernelEnd.toString(16)} and 0x${limit.toString(16)} (initrd_addr_max 0x${header.initrdAddrMax.toString(16)}, RAM ${size >> 20} MiB)`,
      );
    }
    memory.write(address, options.initrd);
    initrd = { address, size: initrdSize };
  }

  memory.write(LINUX_KERNEL_ADDRESS, image.subarray(header.protectedModeOffset));

  const params = new Uint8Array(BP_SIZE);
  const view = new DataView(params.buffer);
  params.set(
    image.subarray(SETUP_HEADER_START, SETUP_HEADER_START + header.headerLength),
    SETUP_HEADER_START,
  );
  params[OFF_TYPE_OF_LOADER] = TYPE_OF_LOADER_UNDEFINED;
  params[OFF_LOADFLAGS] = header.loadflags | CAN_USE_HEAP;
  view.setUint16(OFF_HEAP_END_PTR, 0xfe00, true); // as a 16-bit loader with a full 64 KiB setup segment
  view.setUint32(OFF_CMD_LINE_PTR, LINUX_CMDLINE_ADDRESS, true);
  view.setUint32(OFF_RAMDISK_IMAGE, initrd?.address ?? 0, true);
  view.setUint32(OFF_RAMDISK_SIZE, initrd?.size ?? 0, true);
  const e820 = linuxE820Map(size);
  params[BP_E820_ENTRIES] = e820.length;
  e820.forEach(([base, length, type], i) => {
    const at = BP_E820_TABLE + i * 20;
    view.setUint32(at, base, true);
    view.setUint32(at + 8, length, true);
    view.setUint32(at + 16, type, true);
  });
  view.setUint32(BP_ALT_MEM_K, (size - 0x100000) >>> 10, true); // KiB above 1 MiB, as BIOS E801
  memory.write(LINUX_BOOT_PARAMS_ADDRESS, params);
  const cmdlineBytes = new Uint8Array(cmdline.length + 1);
  cmdlineBytes.set(cmdline);
  memory.write(LINUX_CMDLINE_ADDRESS, cmdlineBytes);

  return {
    header,
    bootParams: LINUX_BOOT_PARAMS_ADDRESS,
    cmdline: LINUX_CMDLINE_ADDRESS,
    kernel: { address: LINUX_KERNEL_ADDRESS, size: kernelBytes },
    initrd,
    entry: header.code32Start,
    e820,
  };
}

/**
 * The CPU state of the 32-bit boot protocol: protected mode without paging, a GDT with flat
 * __BOOT_CS/__BOOT_DS, CS = 0x10, DS = ES = SS = 0x18, interrupts off, ESI = boot_params,
 * EBP = EDI = EBX = 0, EIP = code32_start.
 */
export function enterLinuxState(cpu: Cpu, memory: MultibootMemory, boot: LinuxBoot): void {
  // Null, null, then flat 4 GiB code (0x10) and data (0x18), as boot.rst requires.
  enterFlatProtectedMode(cpu, memory, LINUX_GDT_ADDRESS, LINUX_BOOT_CS);
  cpu.eax = 0;
  cpu.ebx = 0;
  cpu.ecx = 0;
  cpu.edx = 0;
  cpu.esi = boot.bootParams;
  cpu.edi = 0;
  cpu.ebp = 0;
  cpu.esp = LINUX_BOOT_PARAMS_ADDRESS; // below boot_params; the kernel sets its own stack at once
  cpu.eip = boot.entry;
}

function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
