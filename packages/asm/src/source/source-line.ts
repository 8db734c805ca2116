/** One line of assembler input with the place it came from (after the preprocessor, if any). */
export interface SourceLine {
  text: string;
  file: string;
  line: number;
  /** For a line produced by a `.macro`/`.rept`/`.irp` expansion: the outermost invocation. */
  expansion?: { file: string; line: number };
}

/** Splits a file into lines, numbering from 1; `\r\n` counts as one line break. */
export function toSourceLines(text: string, file: string): SourceLine[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ text: t, file, line: i + 1 }));
}
