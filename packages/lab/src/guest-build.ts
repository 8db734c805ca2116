import { formatDiagnostic } from '@vmi386/asm';
import { buildGuest, type GuestBuild } from '@vmi386/guest-entry';
import type { MachBackend } from '@vmi386/mach-asm';
import { LabError } from './lab-error.js';

/**
 * Builds the guest kernel from `sources` (default: the shipped ones). A build that fails is a
 * `LabError` of kind 'guest-build' whose message lists every error at its file:line.
 */
export function buildGuestOrFail(
  backend: MachBackend,
  sources?: Readonly<Record<string, string>>,
): GuestBuild {
  const build = buildGuest(sources ? { backend, sources } : { backend });
  if (!build.ok) {
    const errors = build.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new LabError('guest-build', `the ${backend.name} guest image did not build:\n${errors.join('\n')}`);
  }
  return build;
}
