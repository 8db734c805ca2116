import { type ElfFile, ElfFormatError, findSection, readElf32 } from '@vmi386/elf';
import {
  ANNOTATION_RECORD_SIZE,
  ANNOTATION_SECTION,
  callByNumber,
  paddingBytes,
  parseAnnotations,
  patchBytes,
  SITE_LENGTH,
  type VmiSite,
  VROM_CALL_LEN,
} from '@vmi386/mach-vmi';

/** Why a guest image's VMI annotations cannot be used. Nothing is patched when this is thrown. */
export class VmiAnnotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VmiAnnotationError';
  }
}

/** One hook point to patch: where it is in guest-physical memory and what goes there. */
export interface SitePatch {
  readonly site: VmiSite;
  /** Guest-physical address of the site's first byte. */
  readonly physical: number;
  readonly bytes: Uint8Array;
}

/** The whole image; sections that run past the file are an annotation problem to the hypervisor. */
function readImage(file: Uint8Array): ElfFile {
  try {
    return readElf32(file);
  } catch (e) {
    if (e instanceof ElfFormatError && e.code === 'truncated') {
      throw new VmiAnnotationError(`the image’s sections are malformed: ${e.message}`);
    }
    throw e;
  }
}

/**
 * Reads a guest image's `.vmi_annotation` records and plans the patch of every hook point into a
 * `call` to its ROM entry. Every record is checked before anything is planned: a known call number,
 * the site length of the format, a site inside a loaded segment whose bytes are the native
 * instruction's padding. Returns an empty list for an image without annotations (a native image).
 */
export function planSitePatches(image: Uint8Array, romBase: number): SitePatch[] {
  const elf = readImage(image);
  const section = findSection(elf, ANNOTATION_SECTION);
  if (!section) return [];
  if (section.size % ANNOTATION_RECORD_SIZE !== 0) {
    throw new VmiAnnotationError(
      `${ANNOTATION_SECTION}: ${section.size} bytes is not a whole number of ${ANNOTATION_RECORD_SIZE}-byte records`,
    );
  }
  const sites = parseAnnotations(section.bytes);
  return sites.map((site, index) => {
    const where = `${ANNOTATION_SECTION} record ${index} (site 0x${site.address.toString(16)})`;
    const call = callByNumber(site.call);
    if (!call) throw new VmiAnnotationError(`${where}: unknown VMI call ${site.call}`);
    if (site.length !== SITE_LENGTH)
      throw new VmiAnnotationError(`${where}: site length ${site.length}, expected ${SITE_LENGTH}`);
    if (site.nativeLength !== call.nativeLength) {
      throw new VmiAnnotationError(
        `${where}: native length ${site.nativeLength}, ${call.name} has ${call.nativeLength}`,
      );
    }
    const segment = elf.programHeaders.find(
      (p) => p.type === 1 && site.address >= p.vaddr && site.address + site.length <= p.vaddr + p.filesz,
    );
    if (!segment) throw new VmiAnnotationError(`${where}: the site is outside the image’s loaded code`);
    const fileAt = segment.offset + (site.address - segment.vaddr);
    const padding = paddingBytes(site.nativeLength);
    const actual = image.subarray(fileAt + site.nativeLength, fileAt + site.length);
    if (!padding.every((b, k) => actual[k] === b)) {
      throw new VmiAnnotationError(
        `${where}: the bytes after the native instruction are not the site’s padding`,
      );
    }
    return {
      site,
      physical: segment.paddr + (site.address - segment.vaddr),
      bytes: patchBytes(site, romBase + VROM_CALL_LEN * site.call),
    };
  });
}
