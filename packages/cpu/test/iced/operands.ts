// Puts AT&T operand text from two disassemblers into one canonical form, so that spelling choices
// (hex case, decimal vs hex, signed vs unsigned displacements, an omitted scale or zero displacement,
// %st vs %st(0)) do not count as disagreements but every difference in meaning does.

/** Splits operand text on commas outside parentheses ("$0x10,$0x1234" is a far pointer's two parts). */
export function splitOperands(texts: string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
      else if (text[i] === ',' && depth === 0) {
        out.push(text.slice(start, i));
        start = i + 1;
      }
    }
    out.push(text.slice(start));
  }
  return out;
}

/** A canonical operand: registers and keywords as written, numbers as unsigned 32-bit hex. */
export function canonicalOperand(text: string, addressBits: 16 | 32): string {
  let t = text.trim().toLowerCase().replace(/\s+/g, '');
  t = t.replace(/^\*/, '*'); // indirect branch marker stays
  if (t === '%st(0)') return '%st';
  if (t === '(%dx)') return '%dx'; // the port operand of IN/OUT/INS/OUTS, written either way
  if (t.startsWith('$')) return `$${canonicalNumber(t.slice(1), 32)}`;
  const memory = /^((?:%[a-z]s:)?)([^()]*)(?:\((%[a-z0-9]+)?(?:,(%[a-z0-9]+)?(?:,(\d))?)?\))?$/.exec(
    t.replace(/^\*/, ''),
  );
  if (memory && (t.includes('(') || /^(\*)?(%[a-z]s:)?-?(0x)?[0-9a-f]+$/.test(t))) {
    const [, segment, displacement, base, index, scale] = memory;
    const star = t.startsWith('*') ? '*' : '';
    // 16-bit addressing wraps displacements at 64 KiB: 0xffb0(%bp,%si) is -0x50(%bp,%si).
    const bits = /^%(bx|bp|si|di)$/.test(base ?? '') || /^%(si|di)$/.test(index ?? '') ? 16 : addressBits;
    const disp = displacement === '' ? '0' : canonicalNumber(displacement, bits);
    const parts = [base ?? '', index ?? '', index ? (scale ?? '1') : ''];
    return `${star}${segment}${disp}(${parts.join(',')})`;
  }
  return t;
}

/** Parses a decimal or 0x-hex number (optionally negative) and prints it as unsigned hex, modulo 2^bits. */
export function canonicalNumber(text: string, bits: 16 | 32): string {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  let value = digits.startsWith('0x') ? BigInt(digits) : /^[0-9]+$/.test(digits) ? BigInt(digits) : undefined;
  if (value === undefined) return text;
  if (negative) value = -value;
  const modulus = 1n << BigInt(bits);
  value = ((value % modulus) + modulus) % modulus;
  return `0x${value.toString(16)}`;
}

/** True when two canonical immediates denote the same bits at some operand size (8, 16 or 32). */
export function sameImmediate(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.startsWith('$0x') || !b.startsWith('$0x')) return false;
  const x = BigInt(a.slice(1));
  const y = BigInt(b.slice(1));
  // One side may print a sign-extended imm8/imm16 at full width, the other at its encoded width.
  for (const bits of [8n, 16n]) {
    const mask = (1n << bits) - 1n;
    if ((x & mask) === (y & mask) && (x <= mask || y <= mask)) {
      const small = x <= mask ? x : y;
      const large = x <= mask ? y : x;
      const sign = 1n << (bits - 1n);
      const extended = small & sign ? small | (0xffffffffn & ~mask) : small;
      if (extended === large || small === large) return true;
    }
  }
  return false;
}
