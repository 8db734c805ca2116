import { formatDiagnostic } from '@vmi386/asm';
import { buildGuest, type GuestBuild } from '@vmi386/guest-entry';
import type { MachBackend } from '@vmi386/mach-asm';
import { UsageError } from './errors.js';

/** Builds the guest kernel; a build failure is a bug in the fixture or the assembler, reported in full. */
export function buildGuestOrFail(backend: MachBackend): GuestBuild {
  const build = buildGuest({ backend });
  if (!build.ok) {
    const errors = build.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new UsageError(`the ${backend.name} guest image did not build:\n${errors.join('\n')}`, 70);
  }
  return build;
}
