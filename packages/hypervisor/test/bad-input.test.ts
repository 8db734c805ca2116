import { findSection, readElf32 } from '@vmi386/elf';
import { buildGuest } from '@vmi386/guest-entry';
import { ANNOTATION_SECTION, vmiBackend } from '@vmi386/mach-vmi';
import { MultibootError } from '@vmi386/pc';
import { describe, expect, it } from 'vitest';
import { HypervisorMachine, planSitePatches, ROM_BASE, VmiAnnotationError } from '../src/index.js';

/** The file offset of the annotation section of an ELF image. */
function annotationOffset(image: Uint8Array): number {
  const section = findSection(readElf32(image), ANNOTATION_SECTION);
  if (!section) throw new Error('no annotation section');
  return section.offset;
}

describe('images the hypervisor refuses', () => {
  const image = buildGuest({ backend: vmiBackend }).image;

  it('refuses an unknown VMI call number before patching anything', () => {
    const bad = image.slice();
    new DataView(bad.buffer).setUint32(annotationOffset(bad) + 12 * 3, 999, true);
    expect(() => planSitePatches(bad, ROM_BASE)).toThrow(VmiAnnotationError);
    expect(() => planSitePatches(bad, ROM_BASE)).toThrow(/record 3 .*unknown VMI call 999/);
    const machine = new HypervisorMachine();
    expect(() => machine.boot(bad)).toThrow(VmiAnnotationError);
    // Nothing was loaded, let alone patched.
    expect(machine.pc.memory.readU32(0x100000)).toBe(0);
  });

  it('refuses a site that points outside the loaded image', () => {
    const bad = image.slice();
    new DataView(bad.buffer).setUint32(annotationOffset(bad) + 4, 0x12345678, true);
    expect(() => planSitePatches(bad, ROM_BASE)).toThrow(/record 0 \(site 0x12345678\): the site is outside/);
  });

  it('refuses a site whose bytes are not a hook point', () => {
    const bad = image.slice();
    const view = new DataView(bad.buffer);
    const site = view.getUint32(annotationOffset(bad) + 4, true);
    // The image's single load segment starts at file offset 0x1000 for 0xC0100000 (see the ELF).
    const phoff = view.getUint32(28, true);
    const fileAt = view.getUint32(phoff + 4, true) + (site - view.getUint32(phoff + 8, true));
    bad[fileAt + 5] = 0xcc;
    expect(() => planSitePatches(bad, ROM_BASE)).toThrow(/not the site’s padding/);
  });

  it('refuses a file that is not a Multiboot image, and one too large for guest memory', () => {
    expect(() => new HypervisorMachine().boot(new Uint8Array(64))).toThrow();
    const small = new HypervisorMachine({ guestMemorySize: 1024 * 1024 });
    expect(() => small.boot(image)).toThrow(MultibootError);
  });

  it('rejects memory sizes that are not whole pages or that reach the hole', () => {
    expect(() => new HypervisorMachine({ guestMemorySize: 1000 })).toThrow(/multiple of 4096/);
    expect(() => new HypervisorMachine({ guestMemorySize: 0xfc000000 })).toThrow(/below the hypervisor hole/);
  });
});
