/**
 * Thrown by a public function of any vmi386 package given an argument of the wrong shape: a
 * programming error of the caller, never something a guest or a source file can cause (those are
 * diagnostics or typed errors of their own). The message names the function, says what was
 * expected and what came instead.
 */
export class InvalidArgumentError extends TypeError {
  override readonly name = 'InvalidArgumentError';

  constructor(
    /** The function called, e.g. `new PhysicalMemory` or `linkFlat`. */
    readonly functionName: string,
    /** What it expected, e.g. `a size in bytes that is a multiple of 4096`. */
    readonly expected: string,
    received: unknown,
    hint?: string,
  ) {
    super(`${functionName}: expected ${expected}, got ${describeValue(received)}${hint ? `; ${hint}` : ''}`);
  }
}

/** A short description of a value for an error message: its kind, never its whole contents. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${value.byteLength} bytes`;
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string (${JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value)})`;
    case 'function':
      return `a function${value.name ? ` (${value.name})` : ''}`;
    case 'object': {
      const keys = Object.keys(value);
      const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? ', …' : '');
      return keys.length === 0 ? 'an empty object' : `an object with ${shown}`;
    }
    default:
      return `${typeof value} ${String(value)}`;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
