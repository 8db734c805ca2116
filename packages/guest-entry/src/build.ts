import { assemble, type Diagnostic, linkElfExecutable } from '@vmi386/asm';
import { type HookSite, MACH_ASM_HEADER, type MachBackend } from '@vmi386/mach-asm';
import { checkBuildGuestOptions } from './argument-checks.js';
import { KERNEL_MAIN, kernelSources } from './kernel/sources.js';

/** The kernel is linked at PAGE_OFFSET + 1 MiB and loaded by Multiboot at 1 MiB, as Linux was. */
export const KERNEL_LINK_ADDRESS = 0xc0100000;
export const KERNEL_LOAD_ADDRESS = 0x00100000;
export const PAGE_OFFSET = 0xc0000000;

/**
 * Output sections in image order: the same order and alignment as the GNU linker script
 * (`gnuLinkerScript`), so that both builds put every byte at the same address.
 */
export const KERNEL_SECTION_ORDER = [
  '.text',
  '.fixup',
  '.vsyscall',
  '.user',
  '.rodata',
  '.data',
  '__ex_table',
  '.vmi_annotation',
  '.bss',
] as const;

export interface BuildGuestOptions {
  /** The `<mach_asm.h>` backend (e.g. `nativeBackend` or `vmiBackend`). */
  backend: MachBackend;
  /** The kernel's source files; default `kernelSources`. Pass a modified copy to experiment. */
  sources?: Readonly<Record<string, string>>;
}

/** One range of the image and the source statement that produced it. */
export interface GuestListingEntry {
  /** Linked (virtual) address. */
  address: number;
  size: number;
  section: string;
  file: string;
  line: number;
  text: string;
}

export interface GuestBuild {
  /** False when the assembler or linker reported an error (see `diagnostics`). */
  ok: boolean;
  backend: string;
  /** The Multiboot ELF executable. */
  image: Uint8Array;
  /** Entry point (physical, as Multiboot jumps to it with paging off). */
  entry: number;
  /** Every symbol's linked address (or absolute value). */
  symbols: Record<string, number>;
  /** Address → source line for every emitted byte range. */
  listing: GuestListingEntry[];
  /** The backend's hook points, read from its annotation section (empty for the native backend). */
  sites: HookSite[];
  diagnostics: Diagnostic[];
}

/**
 * Assembles the fixture with `@vmi386/asm`, `<mach_asm.h>` supplied by `backend`, and links it
 * into a Multiboot ELF. Problems in the sources are diagnostics; options of the wrong shape (e.g.
 * the backend itself instead of `{ backend }`) throw `InvalidArgumentError`.
 */
export function buildGuest(options: BuildGuestOptions): GuestBuild {
  checkBuildGuestOptions(options);
  const { backend, sources = kernelSources } = options;
  const assembled = assemble(
    { files: { ...sources }, main: KERNEL_MAIN },
    { virtualFiles: { [MACH_ASM_HEADER]: backend.header } },
  );
  const present = new Set(assembled.sections.map((s) => s.name));
  const linked = linkElfExecutable(assembled, {
    base: KERNEL_LINK_ADDRESS,
    physicalBase: KERNEL_LOAD_ADDRESS,
    sectionOrder: KERNEL_SECTION_ORDER.filter((name) => present.has(name)),
    entry: 'startup_32',
    entryAddress: 'physical',
  });
  const diagnostics = [...assembled.diagnostics, ...linked.diagnostics];
  const ok = assembled.ok && linked.ok;

  const symbols: Record<string, number> = {};
  for (const symbol of linked.symbols) symbols[symbol.name] = symbol.value;

  const sectionAddress = new Map(linked.sections.map((s) => [s.name, s.vaddr]));
  const listing: GuestListingEntry[] = [];
  for (const entry of assembled.listing) {
    const base = sectionAddress.get(entry.section);
    if (base === undefined) continue;
    listing.push({
      address: (base + entry.offset) >>> 0,
      size: entry.size,
      section: entry.section,
      file: entry.file,
      line: entry.line,
      text: entry.text,
    });
  }

  let sites: HookSite[] = [];
  if (ok && backend.annotationSection && backend.parseAnnotations) {
    const section = linked.sections.find((s) => s.name === backend.annotationSection);
    if (section)
      sites = backend.parseAnnotations(linked.image.subarray(section.offset, section.offset + section.size));
  }
  return {
    ok,
    backend: backend.name,
    image: linked.image,
    entry: linked.entry,
    symbols,
    listing,
    sites,
    diagnostics,
  };
}
