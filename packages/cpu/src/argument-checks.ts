import { InvalidArgumentError, isRecord } from '@vmi386/invalid-argument';
import { PhysicalMemory } from './memory/physical-memory.js';

export function checkCpuOptions(options: unknown): void {
  if (isRecord(options) && options.memory instanceof PhysicalMemory) return;
  const hint = options instanceof PhysicalMemory ? 'pass the memory as an option: new Cpu({ memory })' : '';
  throw new InvalidArgumentError(
    'new Cpu',
    'options { memory: PhysicalMemory, io?, costModel?, fpu?, compile? }',
    options,
    hint,
  );
}

export function checkRunFlatOptions(options: unknown): void {
  if (!isRecord(options))
    throw new InvalidArgumentError('runFlat', 'options { code: Uint8Array, … }', options);
  if (options.code instanceof Uint8Array) return;
  const hint =
    isRecord(options.code) && options.code.bytes instanceof Uint8Array
      ? "pass the image's bytes: runFlat({ code: linkFlat(result).bytes })"
      : '';
  throw new InvalidArgumentError(
    'runFlat',
    'options.code as a Uint8Array of machine code',
    options.code,
    hint,
  );
}
