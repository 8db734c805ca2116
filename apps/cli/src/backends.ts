import type { MachBackend } from '@vmi386/mach-asm';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { oneOf } from './options.js';

export const backends: Record<string, MachBackend> = { native: nativeBackend, vmi: vmiBackend };
export const backendNames = Object.keys(backends);

export function backendByName(name: unknown): MachBackend {
  return backends[oneOf(name ?? 'native', backendNames, '--backend')]!;
}
