// Preprocessing tokens for `-x assembler-with-cpp`: identifiers (without `$`, which cpp does not
// take as an identifier character for assembler input, so `$FOO` expands FOO), pp-numbers
// (`1f`, `0x10` stay one token), strings and character constants (unterminated ones run to
// the end of the line, as in gcc's assembler mode), blanks and other characters one at a time.

export type TokenKind = 'identifier' | 'number' | 'string' | 'char' | 'space' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Macros that must not expand this token again (the "hide set" of the C standard). */
  hide?: ReadonlySet<string>;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const start = i;
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v' || ch === '\r') {
      while (i < text.length && /[ \t\f\v\r]/.test(text[i])) i++;
      out.push({ kind: 'space', text: text.slice(start, i) });
    } else if (IDENT_START.test(ch)) {
      while (i < text.length && IDENT_CHAR.test(text[i])) i++;
      out.push({ kind: 'identifier', text: text.slice(start, i) });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < text.length) {
        const c = text[i];
        if ((c === '+' || c === '-') && /[eEpP]/.test(text[i - 1])) i++;
        else if (/[A-Za-z0-9_.]/.test(c)) i++;
        else break;
      }
      out.push({ kind: 'number', text: text.slice(start, i) });
    } else if (ch === '"') {
      i = endOfQuoted(text, i);
      out.push({ kind: 'string', text: text.slice(start, i) });
    } else if (ch === "'") {
      // Up to the next unescaped apostrophe; in assembler mode an unterminated one takes the
      // rest of the line as one token, so nothing after `movb $'a, %al` expands (gcc does so).
      i = endOfQuoted(text, i);
      out.push({ kind: 'char', text: text.slice(start, i) });
    } else if (ch === '#' && text[i + 1] === '#') {
      i += 2;
      out.push({ kind: 'punct', text: '##' });
    } else {
      i++;
      out.push({ kind: 'punct', text: ch });
    }
  }
  return out;
}

/** Index after the literal quoted by text[start] (`'` or `"`): its closing quote, or the line's end. */
export function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

export function render(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text;
  return s;
}
