import { endOfString } from './comments.js';

/** One `;`-separated statement of a line and the 1-based column where it starts. */
export interface StatementText {
  text: string;
  column: number;
}

/**
 * The index after a GAS character constant starting at `start`: `'c` or `'\c`, optionally closed
 * by a second quote (`','` is a comma, not a separator).
 */
export function endOfCharacter(text: string, start: number): number {
  const end = start + (text[start + 1] === '\\' ? 3 : 2);
  return text[end] === "'" ? end + 1 : end;
}

/** Splits a comment-free line at `;` outside strings and character constants. */
export function splitStatements(text: string): StatementText[] {
  if (!/[;"']/.test(text)) return [{ text, column: 1 }];
  const out: StatementText[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') i = endOfString(text, i);
    else if (ch === "'") i = endOfCharacter(text, i);
    else if (ch === ';') {
      out.push({ text: text.slice(start, i), column: start + 1 });
      start = ++i;
    } else i++;
  }
  out.push({ text: text.slice(start), column: start + 1 });
  return out;
}

/**
 * Splits directive operands at top-level commas (outside strings, character constants and
 * parentheses). Each part comes back trimmed with its offset in `text`.
 */
export function splitOperands(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  if (text.trim() === '') return out;
  let depth = 0;
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), offset: start + lead });
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (ch === "'") {
      i = endOfCharacter(text, i);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth <= 0) {
      push(i);
      start = i + 1;
    }
    i++;
  }
  push(text.length);
  return out;
}
