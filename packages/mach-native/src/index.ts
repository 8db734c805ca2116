import type { MachBackend } from '@vmi386/mach-asm';
import { nativeHeader } from './header.js';

/** The native backend: every vocabulary macro is the plain instruction; the kernel runs in ring 0. */
export const nativeBackend: MachBackend = {
  name: 'native',
  description: 'mach-default: each macro is the plain i386 instruction',
  header: nativeHeader,
  kernelRpl: 0,
};

export { nativeHeader };
