import { InvalidArgumentError, isRecord } from '@vmi386/invalid-argument';
import type { AssembleResult } from './result.js';

/** `assemble(source, options)`: source text, or `{ files, main }` naming one of the files. */
export function checkAssembleArguments(source: unknown, options: unknown): void {
  if (typeof source !== 'string') {
    const expected = 'source text (a string) or { files: Record<string, string>, main: string }';
    if (!isRecord(source)) {
      const hint =
        source instanceof Uint8Array ? 'decode the bytes first, e.g. new TextDecoder().decode(bytes)' : '';
      throw new InvalidArgumentError('assemble', expected, source, hint);
    }
    if (!isRecord(source.files) || typeof source.main !== 'string')
      throw new InvalidArgumentError('assemble', expected, source);
    for (const [path, text] of Object.entries(source.files)) {
      if (typeof text !== 'string')
        throw new InvalidArgumentError('assemble', `files['${path}'] to be text`, text);
    }
  }
  if (options === undefined) return;
  if (!isRecord(options))
    throw new InvalidArgumentError('assemble', 'options as an object (AssembleOptions)', options);
  if (options.readFile !== undefined && typeof options.readFile !== 'function')
    throw new InvalidArgumentError(
      'assemble',
      'options.readFile as (path) => string | undefined',
      options.readFile,
    );
  for (const key of ['virtualFiles', 'defines'] as const) {
    if (options[key] !== undefined && !isRecord(options[key]))
      throw new InvalidArgumentError('assemble', `options.${key} as a Record<string, string>`, options[key]);
  }
  if (options.includePaths !== undefined && !Array.isArray(options.includePaths))
    throw new InvalidArgumentError(
      'assemble',
      'options.includePaths as an array of directories',
      options.includePaths,
    );
}

/** The output functions take what `assemble()` returned, not its parts or its bytes. */
export function checkAssembleResult(functionName: string, result: unknown): asserts result is AssembleResult {
  if (isRecord(result) && Array.isArray(result.sections) && Array.isArray(result.symbols)) return;
  const hint = Array.isArray(result) ? 'pass the whole result of assemble(), not result.sections' : '';
  throw new InvalidArgumentError(functionName, 'the AssembleResult returned by assemble()', result, hint);
}
