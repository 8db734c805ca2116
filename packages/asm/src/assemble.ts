import { checkAssembleArguments } from './argument-checks.js';
import { FirstPass, type InstructionSet } from './assembler/assembler.js';
import { DiagnosticSink } from './diagnostics.js';
import { encodeInstruction, isInstructionMnemonic } from './encoder/encode.js';
import { layout } from './layout/layout.js';
import { preprocess } from './preprocessor/preprocess.js';
import type { AssembleResult } from './result.js';
import { createFileResolver, type FileAccess } from './source/files.js';
import { toSourceLines } from './source/source-line.js';

export interface AssembleOptions {
  /** Name of the source in diagnostics and the listing; its extension decides preprocessing. Default `input.s`. */
  fileName?: string;
  /** Directories searched for `#include <…>`/`"…"` and `.include` (after the including file's directory). */
  includePaths?: string[];
  /** Files that exist only in memory, by path (e.g. `mach_asm.h` supplied by a backend). Looked up first. */
  virtualFiles?: Record<string, string>;
  /** Reads a file from disk (or anywhere); undefined when it does not exist. The package never uses `fs`. */
  readFile?: (path: string) => string | undefined;
  /** `-D` definitions: `{ NAME: 'value' }` (value `''` defines NAME as empty; use `'1'` for plain `-D NAME`). */
  defines?: Record<string, string>;
  /** Run the C preprocessor first. Default: only for files ending in `.S` (as gcc does). */
  preprocess?: boolean;
}

/** Several files in memory, one of them the file to assemble. */
export interface SourceFiles {
  files: Record<string, string>;
  main: string;
}

/** The default instruction encoder (the i386 integer, system and x87 subset). */
const I386: InstructionSet = { encodeInstruction, isInstructionMnemonic };

/**
 * Assembles GNU as (AT&T syntax) source for i386. Every problem in the input is a diagnostic, and
 * `ok` is false when there is at least one error; only arguments of the wrong shape throw
 * (`InvalidArgumentError`).
 */
export function assemble(source: string | SourceFiles, options: AssembleOptions = {}): AssembleResult {
  checkAssembleArguments(source, options);
  const sink = new DiagnosticSink();
  const fileName = typeof source === 'string' ? (options.fileName ?? 'input.s') : source.main;
  const access: FileAccess = {
    virtualFiles: { ...(typeof source === 'string' ? {} : source.files), ...options.virtualFiles },
    readFile: options.readFile,
    includePaths: options.includePaths ?? [],
  };
  const resolve = createFileResolver(access);
  try {
    const text = typeof source === 'string' ? source : resolve.read(source.main);
    if (text === undefined) {
      sink.error(`file '${fileName}' not found`, { file: fileName, line: 1, column: 1 });
      return failed(sink);
    }
    const runCpp = options.preprocess ?? fileName.endsWith('.S');
    const lines = runCpp
      ? preprocess(text, fileName, {
          resolveInclude: resolve.include,
          defines: options.defines ?? {},
          diagnostics: sink,
        })
      : toSourceLines(text, fileName);
    const pass = new FirstPass({ instructions: I386, resolveInclude: resolve.include, diagnostics: sink });
    pass.run(lines);
    const laidOut = layout(pass, sink);
    return { ok: sink.errorCount === 0, ...laidOut, diagnostics: sink.list };
  } catch (e) {
    // Defensive: a bug must still come back as a diagnostic, never as an exception.
    sink.caught(e, { file: fileName, line: 1, column: 1 });
    return failed(sink);
  }
}

function failed(sink: DiagnosticSink): AssembleResult {
  return { ok: false, sections: [], symbols: [], relocations: [], listing: [], diagnostics: sink.list };
}
