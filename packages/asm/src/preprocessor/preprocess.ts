import type { DiagnosticSink } from '../diagnostics.js';
import { type SourceLine, toSourceLines } from '../source/source-line.js';

export interface PreprocessOptions {
  resolveInclude: (
    name: string,
    fromFile: string,
    angled?: boolean,
  ) => { file: string; text: string } | undefined;
  defines: Record<string, string>;
  diagnostics: DiagnosticSink;
}

export function preprocess(text: string, file: string, _options: PreprocessOptions): SourceLine[] {
  return toSourceLines(text, file);
}
