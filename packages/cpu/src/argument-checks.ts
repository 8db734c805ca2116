import { InvalidArgumentError, isRecord } from '@vmi386/invalid-argument';
import { PhysicalMemory } from './memory/physical-memory.js';

/** What `new Cpu` reads; anything else is a mistake the caller should hear about. */
const CPU_OPTIONS = ['memory', 'io', 'costModel', 'fpu', 'compile'];

export function checkCpuOptions(options: unknown): void {
  if (isRecord(options) && options.memory instanceof PhysicalMemory) {
    const unknown = Object.keys(options).filter((key) => !CPU_OPTIONS.includes(key));
    if (unknown.length > 0) {
      const hint = unknown.includes('hooks') ? 'set cpu.hooks after construction' : '';
      throw new InvalidArgumentError(
        'new Cpu',
        `options among ${CPU_OPTIONS.join(', ')}; unknown: ${unknown.join(', ')}`,
        options,
        hint,
      );
    }
    checkCompile(options.compile);
    return;
  }
  const hint = options instanceof PhysicalMemory ? 'pass the memory as an option: new Cpu({ memory })' : '';
  throw new InvalidArgumentError(
    'new Cpu',
    'options { memory: PhysicalMemory, io?, costModel?, fpu?, compile? }',
    options,
    hint,
  );
}

/** `compile`: absent, a boolean, or the compiler's settings (`new Cpu` reads nothing else). */
function checkCompile(compile: unknown): void {
  if (compile === undefined || typeof compile === 'boolean') return;
  if (!isRecord(compile))
    throw new InvalidArgumentError('new Cpu', 'compile as a boolean or { hotThreshold? }', compile);
  checkHotThreshold(compile.hotThreshold);
}

/** `compile.hotThreshold`: absent, or a count the compiler's 16-bit heat counters can reach. */
function checkHotThreshold(threshold: unknown): void {
  if (threshold === undefined) return;
  if (typeof threshold === 'number' && Number.isInteger(threshold) && threshold >= 1 && threshold <= 0xffff)
    return;
  throw new InvalidArgumentError('new Cpu', 'compile.hotThreshold as an integer from 1 to 65535', threshold);
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
