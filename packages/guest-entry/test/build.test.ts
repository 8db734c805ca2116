import { nativeBackend } from '@vmi386/mach-native';
import { callByNumber, paddingBytes, SITE_LENGTH, vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import {
  buildGuest,
  EXPECTED_TRANSCRIPT,
  findSection,
  KERNEL_SECTION_ORDER,
  PAGE_OFFSET,
  PASSING_EXIT_STATUS,
  readElf32,
  runtimeAddress,
  USER_CODE_BASE,
  VSYSCALL_BASE,
} from '../src/index.js';
import { buildGnuKernel, gcc, ld, qemu, runQemu } from './gnu-kernel.js';

const builds = { native: buildGuest({ backend: nativeBackend }), vmi: buildGuest({ backend: vmiBackend }) };

/** The bytes of the loaded image at a linked address. */
function bytesAt(image: Uint8Array, address: number, length: number): number[] {
  const elf = readElf32(image);
  const section = elf.sections.find(
    (s) => s.addr <= address && address + length <= s.addr + s.size && s.flags & 2,
  );
  if (!section) throw new Error(`no section holds 0x${address.toString(16)}`);
  return [...section.bytes.subarray(address - section.addr, address - section.addr + length)];
}

describe('buildGuest', () => {
  for (const [name, build] of Object.entries(builds)) {
    it(`${name}: assembles and links without diagnostics`, () => {
      expect(build.diagnostics).toEqual([]);
      expect(build.ok).toBe(true);
      expect(build.backend).toBe(name);
    });

    it(`${name}: is a Multiboot ELF linked at PAGE_OFFSET + 1 MiB, entered at startup_32's physical address`, () => {
      const elf = readElf32(build.image);
      expect(elf.entry).toBe(build.entry);
      expect(build.entry).toBe(build.symbols.startup_32! - PAGE_OFFSET);
      const text = findSection(elf, '.text')!;
      expect(text.addr).toBe(0xc0100000);
      // The Multiboot header: magic, flags, checksum in the first 8 KiB.
      const words = new DataView(text.bytes.buffer, text.bytes.byteOffset, 12);
      expect(words.getUint32(0, true)).toBe(0x1badb002);
      expect((words.getUint32(0, true) + words.getUint32(4, true) + words.getUint32(8, true)) >>> 0).toBe(0);
      for (const segment of elf.programHeaders.filter((s) => s.type === 1)) {
        expect(segment.vaddr - segment.paddr).toBe(PAGE_OFFSET);
      }
    });

    it(`${name}: maps the entry points and the lock words to addresses`, () => {
      for (const symbol of [
        'system_call',
        'sysenter_entry',
        'resume_kernel',
        'nmi',
        'console_lock',
        'spin_test_lock',
        'jiffies',
      ]) {
        expect(build.symbols[symbol], symbol).toBeGreaterThan(PAGE_OFFSET);
      }
    });

    it(`${name}: lists the source line of the code at system_call`, () => {
      const entry = build.listing.find((l) => l.address === build.symbols.system_call);
      expect(entry).toMatchObject({ file: 'entry.S', section: '.text' });
      expect(entry!.text).toMatch(/pushl %eax/);
    });
  }

  it('native: has no hook points', () => {
    expect(builds.native.sites).toEqual([]);
    expect(findSection(readElf32(builds.native.image), '.vmi_annotation')).toBeUndefined();
  });

  it('vmi: every site is the native instruction(s) of its call, padded to the site length', () => {
    const { sites, image } = builds.vmi;
    expect(sites.length).toBeGreaterThan(40);
    for (const site of sites) {
      const call = callByNumber(site.call);
      expect(call, `call ${site.call}`).toBeDefined();
      expect(site.length).toBe(SITE_LENGTH);
      expect(site.nativeLength).toBe(call!.nativeLength);
      const bytes = bytesAt(image, site.address, site.length);
      expect(bytes.slice(call!.nativeLength)).toEqual(paddingBytes(call!.nativeLength));
    }
    const used = new Set(sites.map((s) => callByNumber(s.call)!.macro));
    for (const macro of [
      'IRET',
      'CLI',
      'STI',
      'STI_SYSEXIT',
      'GET_CR0',
      'SET_CR0',
      'GET_CR2',
      'CLTS',
      'SET_LDT',
      'WRMSR',
      'RDMSR',
      'CPUID',
      'STI_HLT',
      'SAVE_FL',
    ]) {
      expect(used, macro).toContain(macro);
    }
  });

  it('vmi: the IRETs that can fault are sites, and the exception table names them', () => {
    const elf = readElf32(builds.vmi.image);
    const table = findSection(elf, '__ex_table')!;
    const view = new DataView(table.bytes.buffer, table.bytes.byteOffset, table.size);
    const iretSites = new Set(
      builds.vmi.sites.filter((s) => callByNumber(s.call)!.name === 'IRET').map((s) => s.address),
    );
    const faulting = [];
    for (let o = 0; o < table.size; o += 8) {
      if (view.getUint32(o + 4, true) === builds.vmi.symbols.iret_exc) faulting.push(view.getUint32(o, true));
    }
    expect(faulting).toHaveLength(3); // restore_nocheck, ldt_ss, nmi_16bit_stack
    for (const address of faulting) expect(iretSites).toContain(address);
  });

  it('both: the user programs and the vsyscall page are the same bytes', () => {
    const native = readElf32(builds.native.image);
    const vmi = readElf32(builds.vmi.image);
    for (const name of ['.user', '.vsyscall']) {
      expect([...findSection(vmi, name)!.bytes]).toEqual([...findSection(native, name)!.bytes]);
    }
  });
});

describe.skipIf(!(gcc.path && ld.path))('buildGuest against the GNU build', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name}: every section has the same address and bytes as GNU as + ld`, () => {
      const gnu = readElf32(buildGnuKernel(backend).image);
      const ours = readElf32(builds[backend.name as 'native' | 'vmi'].image);
      for (const name of KERNEL_SECTION_ORDER) {
        const a = findSection(gnu, name);
        const b = findSection(ours, name);
        expect(b === undefined, name).toBe(a === undefined);
        if (!a || !b) continue;
        expect(b.addr, name).toBe(a.addr);
        expect(b.size, name).toBe(a.size);
        expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes)), `${name} bytes`).toBe(true);
      }
      expect(ours.entry).toBe(gnu.entry);
    });
  }
});

describe.skipIf(!qemu.path)('buildGuest images under QEMU', () => {
  for (const backend of [nativeBackend, vmiBackend]) {
    it(`${backend.name}: prints the expected transcript and exits with status 0`, () => {
      const run = runQemu(builds[backend.name as 'native' | 'vmi'].image);
      expect(run.transcript).toBe(EXPECTED_TRANSCRIPT);
      expect(run.guestStatus).toBe(PASSING_EXIT_STATUS);
    });
  }
});

describe('runtimeAddress', () => {
  it('maps user and vsyscall symbols to where the kernel maps their pages', () => {
    const build = builds.native;
    expect(runtimeAddress(build, 'system_call')).toBe(build.symbols.system_call);
    expect(runtimeAddress(build, 'user_start')).toBe(USER_CODE_BASE);
    expect(runtimeAddress(build, '__kernel_vsyscall')).toBe(VSYSCALL_BASE);
    const loop = runtimeAddress(build, 'int80_bench_loop')!;
    expect(loop).toBeGreaterThan(USER_CODE_BASE);
    expect(loop).toBeLessThan(USER_CODE_BASE + 0x1000);
    expect(runtimeAddress(build, 'no_such_symbol')).toBeUndefined();
  });
});
