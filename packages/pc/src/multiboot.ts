import { ElfFormatError, EM_386, EM_X86_64, PF_X, PT_LOAD, readElf32Header } from '@vmi386/elf';
import { checkMultibootImage } from './argument-checks.js';

// Multiboot Specification 0.6.96, section 3.1 (the OS image header) and 3.3 (boot information).
export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;
const SEARCH_BYTES = 8192;
const HEADER_BYTES = 48; // the longest header (with the address and video fields)

const FLAG_PAGE_ALIGN = 1 << 0;
const FLAG_MEMORY_INFO = 1 << 1;
const FLAG_VIDEO_MODE = 1 << 2;
const FLAG_AOUT_KLUDGE = 1 << 16;

// Where QEMU's Multiboot loader (hw/i386/multiboot.c) puts its boot information, kept so that a kernel
// sees the same addresses here and under `qemu-system-i386 -kernel`.
export const MULTIBOOT_MMAP_ADDRESS = 0x9000;
export const MULTIBOOT_INFO_ADDRESS = 0x9500;
const INFO_BYTES = 88;
/** End of the low area the loader writes (memory map, boot information, and the GDT at 0x9560). */
const BOOT_AREA_END = 0x9600;
const PAGE = 4096;

// Boot information flags (spec 3.3).
const INFO_MEMORY = 1 << 0;
const INFO_CMDLINE = 1 << 2;
const INFO_MODS = 1 << 3;
const INFO_MMAP = 1 << 6;
const INFO_BOOTLOADER_NAME = 1 << 9;

export type MultibootErrorCode =
  | 'no-header'
  | 'bad-checksum'
  | 'unsupported-flags'
  | 'not-elf'
  | 'elf64'
  | 'not-i386'
  | 'bad-elf'
  | 'no-segments'
  | 'bad-segment'
  | 'bad-address-fields'
  | 'does-not-fit'
  | 'overlaps-boot-info';

/** A Multiboot image that cannot be booted, with a code to test against and a message to show. */
export class MultibootError extends Error {
  constructor(
    readonly code: MultibootErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MultibootError';
  }
}

/** The Multiboot header found in an image. */
export interface MultibootHeader {
  /** Byte offset of the header in the file. */
  offset: number;
  flags: number;
  /** The a.out-kludge address fields, present when flags bit 16 is set. */
  addresses?: { header: number; load: number; loadEnd: number; bssEnd: number; entry: number };
}

/** Finds and validates the Multiboot header: 4-byte aligned, entirely within the first 8 KiB. */
export function findMultibootHeader(image: Uint8Array): MultibootHeader {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const limit = Math.min(SEARCH_BYTES - HEADER_BYTES, image.length - 12);
  let badChecksumAt = -1;
  for (let offset = 0; offset <= limit; offset += 4) {
    if (view.getUint32(offset, true) !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = view.getUint32(offset + 4, true);
    const checksum = view.getUint32(offset + 8, true);
    if (((MULTIBOOT_HEADER_MAGIC + flags + checksum) | 0) !== 0) {
      if (badChecksumAt < 0) badChecksumAt = offset;
      continue;
    }
    // Bits 0–15 are requirements: a loader must refuse one it cannot meet (spec 3.1.2). Page-aligned
    // modules and memory information are provided; the video mode request (bit 2) is ignored with a
    // warning, as QEMU does.
    const unsupported = flags & 0xffff & ~(FLAG_PAGE_ALIGN | FLAG_MEMORY_INFO | FLAG_VIDEO_MODE);
    if (unsupported !== 0) {
      throw new MultibootError(
        'unsupported-flags',
        `the Multiboot header at offset ${offset} requires features 0x${unsupported.toString(16)} this loader lacks`,
      );
    }
    const header: MultibootHeader = { offset, flags };
    if (flags & FLAG_AOUT_KLUDGE) {
      if (offset + 32 > image.length) {
        throw new MultibootError(
          'bad-address-fields',
          'the Multiboot address fields run past the end of the image',
        );
      }
      header.addresses = {
        header: view.getUint32(offset + 12, true),
        load: view.getUint32(offset + 16, true),
        loadEnd: view.getUint32(offset + 20, true),
        bssEnd: view.getUint32(offset + 24, true),
        entry: view.getUint32(offset + 28, true),
      };
    }
    return header;
  }
  if (badChecksumAt >= 0) {
    throw new MultibootError(
      'bad-checksum',
      `Multiboot magic at offset ${badChecksumAt}, but magic + flags + checksum is not 0 mod 2^32`,
    );
  }
  throw new MultibootError(
    'no-header',
    'no Multiboot header (magic 0x1BADB002) in the first 8 KiB of the image',
  );
}

/** One piece of the image placed in physical memory. */
export interface LoadedSegment {
  physical: number;
  fileOffset: number;
  fileBytes: number;
  memoryBytes: number;
}

/** Where an image goes and where it starts, before anything is written. */
export interface MultibootLayout {
  header: MultibootHeader;
  segments: LoadedSegment[];
  /** Physical entry point. */
  entry: number;
  /** Lowest and one-past-highest physical address of the loaded image (bss included). */
  start: number;
  end: number;
  warnings: string[];
}

/**
 * Computes the layout exactly as QEMU 7.2 does (hw/i386/multiboot.c with load_elf):
 * - without flags bit 16, the ELF program headers: every PT_LOAD segment with p_memsz > 0 is loaded at
 *   p_paddr (p_filesz bytes from the file, the rest zeroed); the entry is e_entry, except that when
 *   e_entry lies in an executable segment whose p_vaddr ≠ p_paddr it is translated to
 *   e_entry − p_vaddr + p_paddr (so a higher-half kernel linked at 0xC0100000 and loaded at 0x100000
 *   starts at its physical entry);
 * - with flags bit 16 (the "a.out kludge"), the header's address fields, for any file format.
 */
export function layoutMultibootImage(image: Uint8Array): MultibootLayout {
  const header = findMultibootHeader(image);
  const warnings: string[] = [];
  if (header.flags & FLAG_VIDEO_MODE) warnings.push('the image asks for a video mode; vmi386 has no display');
  const layout = header.addresses ? layoutFromAddressFields(image, header) : layoutFromElf(image, header);
  layout.warnings.push(...warnings);
  return layout;
}

function layoutFromElf(image: Uint8Array, header: MultibootHeader): MultibootLayout {
  let elf: ReturnType<typeof readElf32Header>;
  try {
    elf = readElf32Header(image);
  } catch (error) {
    if (error instanceof ElfFormatError) {
      const code = error.code === 'not-elf' ? 'not-elf' : error.code === 'elf64' ? 'elf64' : 'bad-elf';
      throw new MultibootError(
        code,
        `${error.message} (and the Multiboot header does not set bit 16 to give load addresses)`,
      );
    }
    throw error;
  }
  if (elf.machine === EM_X86_64) throw new MultibootError('elf64', 'an x86-64 ELF image; give a 32-bit one');
  if (elf.machine !== EM_386)
    throw new MultibootError('not-i386', `ELF machine ${elf.machine} is not EM_386 (3)`);
  const segments: LoadedSegment[] = [];
  let entry = elf.entry;
  let start = Infinity;
  let end = 0;
  for (const ph of elf.programHeaders) {
    if (ph.type !== PT_LOAD) continue;
    if (ph.filesz > ph.memsz) {
      throw new MultibootError(
        'bad-segment',
        `a PT_LOAD segment has p_filesz ${ph.filesz} > p_memsz ${ph.memsz}`,
      );
    }
    if (ph.offset + ph.filesz > image.length) {
      throw new MultibootError(
        'bad-segment',
        `a PT_LOAD segment at file offset ${ph.offset} runs past the file's end`,
      );
    }
    if (ph.paddr + ph.memsz > 0x1_0000_0000) {
      throw new MultibootError(
        'bad-segment',
        `a PT_LOAD segment at 0x${ph.paddr.toString(16)} wraps past 4 GiB`,
      );
    }
    if (
      ph.vaddr !== ph.paddr &&
      elf.entry >= ph.vaddr &&
      elf.entry < ph.vaddr + ph.filesz &&
      (ph.flags & PF_X) !== 0
    ) {
      entry = (elf.entry - ph.vaddr + ph.paddr) >>> 0;
    }
    if (ph.memsz === 0) continue;
    segments.push({ physical: ph.paddr, fileOffset: ph.offset, fileBytes: ph.filesz, memoryBytes: ph.memsz });
    start = Math.min(start, ph.paddr);
    end = Math.max(end, ph.paddr + ph.memsz);
  }
  if (segments.length === 0)
    throw new MultibootError('no-segments', 'the ELF image has no PT_LOAD segment to load');
  return { header, segments, entry, start, end, warnings: [] };
}

function layoutFromAddressFields(image: Uint8Array, header: MultibootHeader): MultibootLayout {
  const a = header.addresses!;
  if (a.header < a.load) {
    throw new MultibootError('bad-address-fields', 'header_addr is below load_addr');
  }
  const fileOffset = header.offset - (a.header - a.load);
  if (fileOffset < 0)
    throw new MultibootError('bad-address-fields', 'load_addr lies before the start of the file');
  let loadBytes: number;
  if (a.loadEnd !== 0) {
    if (a.loadEnd < a.load)
      throw new MultibootError('bad-address-fields', 'load_end_addr is below load_addr');
    loadBytes = a.loadEnd - a.load;
  } else {
    loadBytes = image.length - fileOffset;
  }
  if (fileOffset + loadBytes > image.length) {
    throw new MultibootError('bad-address-fields', 'load_end_addr asks for more bytes than the file holds');
  }
  let memoryBytes = loadBytes;
  if (a.bssEnd !== 0) {
    if (a.bssEnd < a.load + loadBytes) {
      throw new MultibootError('bad-address-fields', 'bss_end_addr is below the end of the loaded bytes');
    }
    memoryBytes = a.bssEnd - a.load;
  }
  return {
    header,
    segments: [{ physical: a.load, fileOffset, fileBytes: loadBytes, memoryBytes }],
    entry: a.entry,
    start: a.load,
    end: a.load + memoryBytes,
    warnings: [],
  };
}

export interface MultibootOptions {
  /**
   * The command line the kernel finds in the boot information. QEMU passes "<kernel file> <-append
   * text>"; to see the same string here, pass that.
   */
  cmdline?: string;
  /** The boot loader name (boot information field 16); QEMU says "qemu". */
  bootloaderName?: string;
}

/** The result of loading: what the CPU must be given (spec 3.2, "Machine state"). */
export interface MultibootBoot extends MultibootLayout {
  /** Physical address of the boot information structure, for EBX. */
  infoAddress: number;
  memLowerKiB: number;
  memUpperKiB: number;
}

const encoder = new TextEncoder();

/** Where the loader writes: a `PhysicalMemory`, or anything with the same two members. */
export interface MultibootMemory {
  readonly size: number;
  write(address: number, data: Uint8Array): void;
}

/**
 * Loads a Multiboot image into `memory` and writes the boot information the way QEMU lays it out: the
 * structure at 0x9500, the memory map at 0x9000, the command line and boot loader name in the first
 * page after the image. Memory sizes describe this machine: 640 KiB of conventional memory and
 * everything above 1 MiB (QEMU's SeaBIOS reports 639 KiB low because its EBDA takes the last KiB).
 */
export function loadMultiboot(
  memory: MultibootMemory,
  image: Uint8Array,
  options: MultibootOptions = {},
): MultibootBoot {
  checkMultibootImage(image);
  const layout = layoutMultibootImage(image);
  const size = memory.size;
  if (layout.end > size) {
    throw new MultibootError(
      'does-not-fit',
      `the image needs memory up to 0x${layout.end.toString(16)}, but the machine has 0x${size.toString(16)} bytes`,
    );
  }
  const infoEnd = BOOT_AREA_END;
  if (layout.start < infoEnd && layout.end > MULTIBOOT_MMAP_ADDRESS) {
    throw new MultibootError(
      'overlaps-boot-info',
      `the image overlaps the boot information at 0x${MULTIBOOT_MMAP_ADDRESS.toString(16)}–0x${infoEnd.toString(16)}`,
    );
  }
  const cmdline = encoder.encode(`${options.cmdline ?? ''}\0`);
  const bootloaderName = encoder.encode(`${options.bootloaderName ?? 'vmi386'}\0`);
  const stringsAt = layout.start + roundUp(layout.end - layout.start, PAGE);
  if (stringsAt + cmdline.length + bootloaderName.length > size) {
    throw new MultibootError('does-not-fit', 'no room for the command line after the image');
  }

  for (const segment of layout.segments) {
    memory.write(
      segment.physical,
      image.subarray(segment.fileOffset, segment.fileOffset + segment.fileBytes),
    );
    const bss = segment.memoryBytes - segment.fileBytes;
    if (bss > 0) memory.write(segment.physical + segment.fileBytes, new Uint8Array(bss));
  }
  memory.write(stringsAt, cmdline);
  memory.write(stringsAt + cmdline.length, bootloaderName);

  const memLowerKiB = 640;
  const memUpperKiB = Math.floor((size - 0x100000) / 1024);
  const mmap = memoryMap(size);
  memory.write(MULTIBOOT_MMAP_ADDRESS, mmap);

  const info = new Uint8Array(INFO_BYTES);
  const view = new DataView(info.buffer);
  view.setUint32(0, INFO_MEMORY | INFO_CMDLINE | INFO_MODS | INFO_MMAP | INFO_BOOTLOADER_NAME, true);
  view.setUint32(4, memLowerKiB, true);
  view.setUint32(8, memUpperKiB, true);
  view.setUint32(16, stringsAt, true); // cmdline
  view.setUint32(20, 0, true); // mods_count
  view.setUint32(24, stringsAt, true); // mods_addr: QEMU points it at the (empty) module list
  view.setUint32(44, mmap.length, true); // mmap_length
  view.setUint32(48, MULTIBOOT_MMAP_ADDRESS, true); // mmap_addr
  view.setUint32(64, stringsAt + cmdline.length, true); // boot_loader_name
  memory.write(MULTIBOOT_INFO_ADDRESS, info);

  return { ...layout, infoAddress: MULTIBOOT_INFO_ADDRESS, memLowerKiB, memUpperKiB };
}

/** The spec's memory map (3.3): entries of size(4) base(8) length(8) type(4); type 1 = RAM. */
function memoryMap(size: number): Uint8Array {
  const ranges: [number, number, number][] = [
    [0, 0xa0000, 1],
    [0xa0000, 0x60000, 2], // the legacy VGA and ROM hole
    [0x100000, size - 0x100000, 1],
  ];
  const map = new Uint8Array(ranges.length * 24);
  const view = new DataView(map.buffer);
  ranges.forEach(([base, length, type], i) => {
    const at = i * 24;
    view.setUint32(at, 20, true);
    view.setUint32(at + 4, base, true);
    view.setUint32(at + 12, length, true);
    view.setUint32(at + 20, type, true);
  });
  return map;
}

function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
