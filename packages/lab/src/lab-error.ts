/**
 * Why an experiment could not run, as a typed value: the caller (the CLI, the web lab) decides how
 * to show it. None of these is a bug in vmi386; each is about the input.
 */
export type LabErrorKind =
  /** The guest's sources did not assemble or link (the diagnostics say where). */
  | 'guest-build'
  /** The image is not a bootable Multiboot ELF, or its hook points are malformed. */
  | 'unbootable-image'
  /** The chosen system call never happens in the run (the guest stopped first). */
  | 'window-not-reached';

export class LabError extends Error {
  constructor(
    readonly kind: LabErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}
