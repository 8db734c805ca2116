// GAS for i386 Linux: `#` starts a comment anywhere outside strings and character constants,
// `/` starts one when it is the first non-blank character of a line, and `/* … */` comments
// (which may span lines) are removed by the input scrubber. Line breaks inside a block comment
// are kept so line numbers stay right.

import type { SourceLine } from './source-line.js';

/** Removes comments from a sequence of lines, keeping one output line per input line. */
export function stripComments(lines: readonly SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  let inBlock = false;
  for (const line of lines) {
    const { text, stillInBlock } = stripLine(line.text, inBlock);
    inBlock = stillInBlock;
    out.push({ ...line, text });
  }
  return out;
}

function stripLine(text: string, inBlock: boolean): { text: string; stillInBlock: boolean } {
  // Fast path: nothing that could start a comment or a string.
  if (!inBlock && !/[#/"']/.test(text)) return { text, stillInBlock: false };
  let out = '';
  let i = 0;
  if (!inBlock && /^\s*\/(?!\*)/.test(text)) return { text: '', stillInBlock: false };
  while (i < text.length) {
    if (inBlock) {
      const end = text.indexOf('*/', i);
      if (end < 0) return { text: out, stillInBlock: true };
      out += ' '.repeat(end + 2 - i);
      i = end + 2;
      inBlock = false;
      continue;
    }
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === "'") {
      // A character constant: the quote, one (possibly escaped) character, optional closing quote.
      const len = text[i + 1] === '\\' ? 3 : 2;
      out += text.slice(i, i + len);
      i += len;
    } else if (ch === '#') {
      return { text: out, stillInBlock: false };
    } else if (ch === '/' && text[i + 1] === '*') {
      inBlock = true;
      out += '  ';
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return { text: out, stillInBlock: inBlock };
}

/** Index just past the closing quote of the string starting at `start` (or the end of text). */
export function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i + 1;
    else i++;
  }
  return text.length;
}
