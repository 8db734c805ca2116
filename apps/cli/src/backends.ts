import { type BackendName, backendNames, backends } from '@vmi386/lab';
import type { MachBackend } from '@vmi386/mach-asm';
import { oneOf } from './options.js';

/** The backend a `--backend` option names (default native). */
export function backendByName(name: unknown): MachBackend {
  return backends[oneOf<BackendName>(name ?? 'native', backendNames, '--backend')];
}
