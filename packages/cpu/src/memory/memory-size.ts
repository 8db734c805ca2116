import { InvalidArgumentError } from '@vmi386/invalid-argument';

const PAGE_SIZE = 4096;
const MAX_MEMORY = 0x80000000;

/** RAM comes in whole 4 KiB pages (the paging unit and the snapshot granule), up to 2 GiB. */
export function checkMemorySize(functionName: string, what: string, size: unknown): void {
  if (
    typeof size === 'number' &&
    Number.isInteger(size) &&
    size > 0 &&
    size % PAGE_SIZE === 0 &&
    size <= MAX_MEMORY
  )
    return;
  const hint =
    typeof size === 'number' && Number.isInteger(size) && size > 0 && size <= MAX_MEMORY
      ? `e.g. ${Math.ceil(size / PAGE_SIZE) * PAGE_SIZE} (64 << 20 is 64 MiB)`
      : '';
  throw new InvalidArgumentError(
    functionName,
    `${what} in bytes, a multiple of 4096 up to 2 GiB`,
    size,
    hint,
  );
}
