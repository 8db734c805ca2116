import { LabError } from '@vmi386/lab';

/** An error the user caused (bad file, bad option): printed as one line, never as a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The CLI's view of an error: a `UsageError` as it is; a `LabError` (bad image, a window the guest
 * never reaches, a kernel that does not build) as a usage error too, status 70 for a build failure
 * (a bug in the shipped sources or the assembler); anything else is not ours to explain.
 */
export function asUsageError(error: unknown): UsageError | undefined {
  if (error instanceof UsageError) return error;
  if (error instanceof LabError) return new UsageError(error.message, error.kind === 'guest-build' ? 70 : 2);
  return undefined;
}
