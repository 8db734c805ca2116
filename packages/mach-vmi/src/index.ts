import type { MachBackend } from '@vmi386/mach-asm';
import { VMI_KERNEL_RPL, vmiHeader } from './header.js';
import { ANNOTATION_SECTION, parseAnnotations } from './site.js';

/**
 * The VMI backend: every vocabulary macro is a hook point (native bytes + NOP padding + an
 * annotation record). Unpatched, the image runs on bare hardware like the native one.
 */
export const vmiBackend: MachBackend = {
  name: 'vmi',
  description: 'VMI: each macro is a padded, annotated hook point a hypervisor can patch into a ROM call',
  header: vmiHeader,
  kernelRpl: VMI_KERNEL_RPL,
  annotationSection: ANNOTATION_SECTION,
  parseAnnotations,
};

export {
  callByNumber,
  callForMacro,
  type Register,
  VMI_SIGNATURE,
  type VmiCall,
  VROM_CALL_LEN,
  vmiCalls,
} from './calls.js';
export { buildVmiHeader, VMI_KERNEL_RPL, vmiCallEquates, vmiHeader } from './header.js';
export {
  ANNOTATION_RECORD_SIZE,
  ANNOTATION_SECTION,
  paddingBytes,
  parseAnnotations,
  patchBytes,
  SITE_LENGTH,
  siteAssembly,
  type VmiSite,
} from './site.js';
