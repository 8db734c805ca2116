import { AsmError, type SourcePosition } from './encoder/interface.js';

export type Severity = 'error' | 'warning';

/** One problem found in the source: where it is and what is wrong, in plain words. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
}

/** Collects diagnostics for one assembly; `errorCount` decides whether the result is ok. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  errorCount = 0;

  error(message: string, position: SourcePosition): void {
    this.errorCount++;
    this.list.push({ severity: 'error', message, ...position });
  }

  warning(message: string, position: SourcePosition): void {
    this.list.push({ severity: 'warning', message, ...position });
  }

  /** Turns anything thrown while handling one statement into a diagnostic at `position`. */
  caught(thrown: unknown, position: SourcePosition): void {
    // An AsmError raised without a place (line 0) is reported where the caller is working.
    if (thrown instanceof AsmError)
      this.error(thrown.message, thrown.position.line > 0 ? thrown.position : position);
    else if (thrown instanceof Error) this.error(`internal error: ${thrown.message}`, position);
    else this.error(`internal error: ${String(thrown)}`, position);
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}
