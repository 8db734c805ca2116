import type { MachBackend } from '@vmi386/mach-asm';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';

/** The two `<mach_asm.h>` backends of the matrix, by the name every report uses. */
export const backends = { native: nativeBackend, vmi: vmiBackend } as const satisfies Record<
  string,
  MachBackend
>;
export type BackendName = keyof typeof backends;
export const backendNames = Object.keys(backends) as BackendName[];

/** The two platforms: the bare PC (kernel in ring 0) and the hypervisor (kernel in ring 1). */
export const platforms = ['bare', 'hypervisor'] as const;
export type Platform = (typeof platforms)[number];
