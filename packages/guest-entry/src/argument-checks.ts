import { InvalidArgumentError } from '@vmi386/asm';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function looksLikeBackend(value: unknown): value is { name: unknown; header: string } {
  return isRecord(value) && typeof value.header === 'string';
}

/** `buildGuest({ backend, sources? })`: the backend goes inside the options object. */
export function checkBuildGuestOptions(options: unknown): void {
  const expected = 'options { backend: MachBackend, sources? }';
  if (looksLikeBackend(options)) {
    const name = typeof options.name === 'string' ? options.name : 'backend';
    throw new InvalidArgumentError(
      'buildGuest',
      expected,
      options,
      `that is a MachBackend ('${name}'); call buildGuest({ backend: ${name}Backend })`,
    );
  }
  if (!isRecord(options)) throw new InvalidArgumentError('buildGuest', expected, options);
  if (!looksLikeBackend(options.backend)) {
    const hint =
      typeof options.backend === 'string'
        ? "import the backend object, e.g. { backend: vmiBackend } from '@vmi386/mach-vmi'"
        : 'e.g. nativeBackend from @vmi386/mach-native or vmiBackend from @vmi386/mach-vmi';
    throw new InvalidArgumentError(
      'buildGuest',
      'options.backend as a MachBackend (with its header text)',
      options.backend,
      hint,
    );
  }
  if (options.sources !== undefined) {
    const valid =
      isRecord(options.sources) && Object.values(options.sources).every((v) => typeof v === 'string');
    if (!valid)
      throw new InvalidArgumentError(
        'buildGuest',
        'options.sources as a Record<file name, source text>',
        options.sources,
      );
  }
}
