import { type AssembleResult, assemble, type Diagnostic, linkFlat } from '@vmi386/asm';
import { UsageError } from './errors.js';
import { parseAssignments } from './options.js';
import { readTextFileIfExists, readUserFile } from './source-files.js';

export interface AssembleFileOptions {
  includePaths: string[];
  /** `-D NAME[=VALUE]` as typed. */
  defines: string[];
}

/** `file:line:column: severity: message`, as GNU as prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

/** Assembles a source file the user named; prints warnings, and fails with every error on stderr. */
export function assembleFile(file: string, options: AssembleFileOptions, exitCode = 2): AssembleResult {
  const text = readUserFile(file).toString('utf8');
  const result = assemble(
    { files: { [file]: text }, main: file },
    {
      includePaths: options.includePaths,
      defines: Object.fromEntries(parseAssignments(options.defines, '-D', '1')),
      readFile: readTextFileIfExists,
    },
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const d of result.diagnostics) if (d.severity !== 'error') console.error(formatDiagnostic(d));
  if (!result.ok || errors.length > 0) {
    throw new UsageError(errors.map(formatDiagnostic).join('\n') || `${file}: assembly failed`, exitCode);
  }
  return result;
}

/** Assembles and links a flat image at `origin`. */
export function assembleFlat(
  file: string,
  options: AssembleFileOptions & { origin: number },
  exitCode = 2,
): { bytes: Uint8Array; symbols: Map<string, number> } {
  const result = assembleFile(file, options, exitCode);
  const linked = linkFlat(result, { origin: options.origin });
  const errors = linked.diagnostics?.filter((d) => d.severity === 'error') ?? [];
  if (errors.length > 0) throw new UsageError(errors.map(formatDiagnostic).join('\n'), exitCode);
  return { bytes: linked.bytes, symbols: linked.symbols };
}
