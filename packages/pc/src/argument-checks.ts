import { InvalidArgumentError } from '@vmi386/cpu';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** `new PcMachine(options)`: RAM in whole 4 KiB pages, sinks that are functions. */
export function checkMachineOptions(options: unknown): void {
  if (!isRecord(options)) throw new InvalidArgumentError('new PcMachine', 'options as an object', options);
  const { memorySize } = options;
  if (memorySize !== undefined) {
    const valid =
      typeof memorySize === 'number' &&
      Number.isInteger(memorySize) &&
      memorySize > 0 &&
      memorySize % 4096 === 0 &&
      memorySize <= 0x80000000;
    if (!valid) {
      const hint =
        typeof memorySize === 'number' && memorySize > 0
          ? `e.g. ${Math.ceil(memorySize / 4096) * 4096} (64 << 20 is the default 64 MiB)`
          : '';
      throw new InvalidArgumentError(
        'new PcMachine',
        'options.memorySize in bytes, a multiple of 4096 up to 2 GiB',
        memorySize,
        hint,
      );
    }
  }
  for (const key of ['console', 'serialOutput'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function')
      throw new InvalidArgumentError('new PcMachine', `options.${key} as a function`, options[key]);
  }
}

/** `loadMultiboot(image)`: the kernel file's bytes, not a build result around them. */
export function checkMultibootImage(image: unknown): void {
  if (image instanceof Uint8Array) return;
  let hint = '';
  if (isRecord(image) && image.image instanceof Uint8Array)
    hint = 'pass the bytes: loadMultiboot(guest.image)';
  else if (image instanceof ArrayBuffer) hint = 'wrap it: new Uint8Array(buffer)';
  throw new InvalidArgumentError(
    'loadMultiboot',
    'the kernel image as a Uint8Array (an ELF or a.out-kludge file)',
    image,
    hint,
  );
}
