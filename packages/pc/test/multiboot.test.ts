import { readElf32Header } from '@vmi386/elf';
import { describe, expect, it } from 'vitest';
import {
  findMultibootHeader,
  layoutMultibootImage,
  loadMultiboot,
  MULTIBOOT_INFO_ADDRESS,
  MULTIBOOT_MMAP_ADDRESS,
  MultibootError,
} from '../src/index.js';
import { buildKernel, toolchainSkipReason } from './toolchain.js';

/** A plain memory for the loader: filled with 0xAA so that bss zeroing shows. */
function memory(size = 16 * 1024 * 1024) {
  const bytes = new Uint8Array(size).fill(0xaa);
  return {
    size,
    bytes,
    write: (address: number, data: Uint8Array) => bytes.set(data, address),
    u32: (address: number) => new DataView(bytes.buffer).getUint32(address, true),
    string: (address: number) => {
      let end = address;
      while (bytes[end] !== 0) end++;
      return new TextDecoder().decode(bytes.subarray(address, end));
    },
  };
}

function expectError(run: () => unknown, code: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MultibootError);
    expect((error as MultibootError).code).toBe(code);
    return;
  }
  expect.fail(`expected MultibootError ${code}`);
}

/** A header-only flat image using the a.out kludge (flags bit 16), written by hand. */
function kludgeImage(loadAddress: number, code: number[], bssBytes: number): Uint8Array {
  const headerAt = 8;
  const image = new Uint8Array(headerAt + 32 + code.length);
  const view = new DataView(image.buffer);
  const flags = 0x00010003;
  const fields = [
    0x1badb002,
    flags,
    -(0x1badb002 + flags) >>> 0,
    loadAddress + headerAt, // header_addr
    loadAddress, // load_addr
    loadAddress + image.length, // load_end_addr
    loadAddress + image.length + bssBytes, // bss_end_addr
    loadAddress + headerAt + 32, // entry_addr
  ];
  for (const [i, v] of fields.entries()) view.setUint32(headerAt + i * 4, v >>> 0, true);
  image.set(code, headerAt + 32);
  return image;
}

describe('Multiboot header validation', () => {
  it('rejects an image without the magic in the first 8 KiB', () => {
    const image = new Uint8Array(16384);
    new DataView(image.buffer).setUint32(8192, 0x1badb002, true); // too late
    expectError(() => findMultibootHeader(image), 'no-header');
  });

  it('rejects a header whose checksum does not cancel magic + flags', () => {
    const image = new Uint8Array(64);
    const view = new DataView(image.buffer);
    view.setUint32(4, 0x1badb002, true);
    view.setUint32(8, 0x3, true);
    view.setUint32(12, 0x12345678, true);
    expectError(() => findMultibootHeader(image), 'bad-checksum');
  });

  it('ignores a misaligned magic', () => {
    const image = new Uint8Array(64);
    const view = new DataView(image.buffer);
    view.setUint32(2, 0x1badb002, true);
    view.setUint32(6, 0, true);
    view.setUint32(10, -0x1badb002 >>> 0, true);
    expectError(() => findMultibootHeader(image), 'no-header');
  });

  it('refuses required features it cannot provide (bits 0–15 other than 0, 1, 2)', () => {
    const image = new Uint8Array(64);
    const view = new DataView(image.buffer);
    const flags = 0x8;
    view.setUint32(0, 0x1badb002, true);
    view.setUint32(4, flags, true);
    view.setUint32(8, -(0x1badb002 + flags) >>> 0, true);
    expectError(() => findMultibootHeader(image), 'unsupported-flags');
  });

  it('loads an a.out-kludge image from the header addresses and zeroes its bss', () => {
    const image = kludgeImage(0x200000, [0xf4], 64);
    const layout = layoutMultibootImage(image);
    expect(layout.entry).toBe(0x200000 + 40);
    expect(layout.segments).toEqual([
      { physical: 0x200000, fileOffset: 0, fileBytes: image.length, memoryBytes: image.length + 64 },
    ]);
    const mem = memory();
    loadMultiboot(mem, image);
    expect(mem.bytes[0x200000 + 40]).toBe(0xf4);
    expect(
      mem.bytes.subarray(0x200000 + image.length, 0x200000 + image.length + 64).every((b) => b === 0),
    ).toBe(true);
    expect(mem.bytes[0x200000 + image.length + 64]).toBe(0xaa);
  });

  it('rejects an image that is not ELF without the address fields', () => {
    const image = new Uint8Array(64);
    const view = new DataView(image.buffer);
    view.setUint32(16, 0x1badb002, true);
    view.setUint32(20, 0, true);
    view.setUint32(24, -0x1badb002 >>> 0, true);
    expectError(() => layoutMultibootImage(image), 'not-elf');
  });
});

describe.skipIf(toolchainSkipReason)('Multiboot ELF loading (kernels built with GNU as/ld)', () => {
  it('loads PT_LOAD segments at p_paddr, zeroes bss, and starts at e_entry', () => {
    const { image } = buildKernel('boot-state', 'low');
    const elf = readElf32Header(image);
    const layout = layoutMultibootImage(image);
    expect(layout.entry).toBe(elf.entry);
    expect(layout.start).toBe(0x100000);
    const mem = memory();
    const boot = loadMultiboot(mem, image, { cmdline: 'k a=1' });
    for (const ph of elf.programHeaders.filter((p) => p.type === 1)) {
      expect(mem.bytes.subarray(ph.paddr, ph.paddr + ph.filesz)).toEqual(
        image.subarray(ph.offset, ph.offset + ph.filesz),
      );
      expect(mem.bytes.subarray(ph.paddr + ph.filesz, ph.paddr + ph.memsz).every((b) => b === 0)).toBe(true);
    }
    expect(boot.infoAddress).toBe(MULTIBOOT_INFO_ADDRESS);
  });

  it('translates e_entry by the executable segment when p_vaddr ≠ p_paddr (as QEMU does)', () => {
    const { image } = buildKernel('higher-half', 'higher-half');
    const elf = readElf32Header(image);
    expect(elf.entry >>> 0).toBeGreaterThanOrEqual(0xc0100000);
    const layout = layoutMultibootImage(image);
    expect(layout.entry).toBe(elf.entry - 0xc0000000);
    expect(layout.start).toBe(0x100000);
  });

  it('writes the boot information: flags, memory sizes, command line, memory map, loader name', () => {
    const { image } = buildKernel('boot-state', 'low');
    const mem = memory(64 * 1024 * 1024);
    const boot = loadMultiboot(mem, image, { cmdline: 'boot-state.elf console=ttyS0' });
    const info = boot.infoAddress;
    expect(mem.u32(info)).toBe(0x24d); // memory, cmdline, mods, mmap, boot loader name
    expect(mem.u32(info + 4)).toBe(640);
    expect(mem.u32(info + 8)).toBe(63 * 1024);
    expect(mem.string(mem.u32(info + 16))).toBe('boot-state.elf console=ttyS0');
    expect(mem.u32(info + 20)).toBe(0); // no modules
    expect(mem.string(mem.u32(info + 64))).toBe('vmi386');
    // The strings sit in the first page after the image, where QEMU puts them.
    expect(mem.u32(info + 16)).toBe(boot.start + Math.ceil((boot.end - boot.start) / 4096) * 4096);
    expect(mem.u32(info + 48)).toBe(MULTIBOOT_MMAP_ADDRESS);
    const entries: number[][] = [];
    for (let at = mem.u32(info + 48); at < mem.u32(info + 48) + mem.u32(info + 44); at += 4 + mem.u32(at)) {
      entries.push([mem.u32(at + 4), mem.u32(at + 12), mem.u32(at + 20)]);
    }
    expect(entries).toEqual([
      [0, 0xa0000, 1],
      [0xa0000, 0x60000, 2],
      [0x100000, 63 * 1024 * 1024, 1],
    ]);
  });

  it('gives typed errors for a 64-bit, a non-i386 and an oversized image', () => {
    const { image } = buildKernel('boot-state', 'low');
    const elf64 = image.slice();
    elf64[4] = 2;
    expectError(() => layoutMultibootImage(elf64), 'elf64');
    const arm = image.slice();
    new DataView(arm.buffer).setUint16(18, 40, true);
    expectError(() => layoutMultibootImage(arm), 'not-i386');
    expectError(() => loadMultiboot(memory(0x100000), image), 'does-not-fit');
  });

  it('rejects a segment whose file bytes run past the end of the file', () => {
    const { image } = buildKernel('boot-state', 'low');
    const truncated = image.slice(0, 0x1100);
    expectError(() => layoutMultibootImage(truncated), 'bad-segment');
  });
});
