import { type AssembleResult, assemble, type Diagnostic, formatDiagnostic, linkFlat } from '@vmi386/asm';
import { UsageError } from './errors.js';
import { parseAssignments } from './options.js';
import { readTextFileIfExists, readUserFile } from './source-files.js';

export interface AssembleFileOptions {
  includePaths: string[];
  /** `-D NAME[=VALUE]` as typed. */
  defines: string[];
}

/** Prints warnings; throws every error as one UsageError (one diagnostic per line). */
export function reportDiagnostics(diagnostics: Diagnostic[], exitCode: number): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  for (const d of diagnostics) if (d.severity !== 'error') console.error(formatDiagnostic(d));
  if (errors.length > 0) throw new UsageError(errors.map(formatDiagnostic).join('\n'), exitCode);
}

/** Assembles a source file the user named. */
export function assembleFile(file: string, options: AssembleFileOptions, exitCode: number): AssembleResult {
  const text = readUserFile(file).toString('utf8');
  const result = assemble(
    { files: { [file]: text }, main: file },
    {
      includePaths: options.includePaths,
      defines: Object.fromEntries(parseAssignments(options.defines, '-D', '1')),
      readFile: readTextFileIfExists,
    },
  );
  reportDiagnostics(result.diagnostics, exitCode);
  return result;
}

/** Assembles and links a flat image at `origin`; symbols by name. */
export function assembleFlat(
  file: string,
  options: AssembleFileOptions & { origin: number },
  exitCode: number,
): { result: AssembleResult; bytes: Uint8Array; symbols: Map<string, number> } {
  const result = assembleFile(file, options, exitCode);
  const linked = linkFlat(result, { origin: options.origin });
  reportDiagnostics(linked.diagnostics, exitCode);
  return { result, bytes: linked.bytes, symbols: new Map(linked.symbols.map((s) => [s.name, s.value])) };
}
