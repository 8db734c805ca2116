import { AsmError, type SourcePosition } from '../encoder/interface.js';

/**
 * Decodes a GAS string literal (`"…"` with backslash escapes) starting at `text[0]` into bytes.
 * Octal escapes take up to three digits, `\x` takes every following hex digit and keeps the low
 * byte, as GAS does.
 */
export function parseStringLiteral(text: string, position: SourcePosition): { bytes: number[]; end: number } {
  if (text[0] !== '"') throw new AsmError('expected a string in double quotes', position);
  const bytes: number[] = [];
  let i = 1;
  while (i < text.length && text[i] !== '"') {
    const ch = text[i];
    if (ch !== '\\') {
      const code = text.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else for (const b of new TextEncoder().encode(ch)) bytes.push(b);
      i++;
      continue;
    }
    const e = text[i + 1];
    i += 2;
    if (e === undefined) break;
    if (e >= '0' && e <= '7') {
      let value = Number(e);
      for (let n = 0; n < 2 && text[i] >= '0' && text[i] <= '7'; n++) value = value * 8 + Number(text[i++]);
      bytes.push(value & 0xff);
    } else if (e === 'x' || e === 'X') {
      let value = 0;
      while (/[0-9a-fA-F]/.test(text[i] ?? '')) value = (value * 16 + Number.parseInt(text[i++], 16)) & 0xff;
      bytes.push(value);
    } else {
      // GAS knows these; any other escaped character stands for itself (`\a` is `a`, measured).
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
      bytes.push(simple[e] ?? e.charCodeAt(0));
    }
  }
  if (i >= text.length) throw new AsmError('unterminated string', position);
  return { bytes, end: i + 1 };
}

/** Strips the quotes of a macro argument or `.error` message written as one quoted string. */
export function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1);
  return t;
}
