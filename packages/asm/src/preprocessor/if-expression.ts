// Evaluates the controlling expression of `#if`/`#elif` after macro expansion: C integer
// arithmetic in intmax_t (64 bits), identifiers that are left count as 0.

import type { Token } from './tokens.js';

export class IfExpressionError extends Error {}

export function evaluateIfExpression(tokens: readonly Token[]): bigint {
  const ts = mergeOperators(tokens);
  let i = 0;
  const peek = () => ts[i]?.text;
  const next = () => ts[i++];
  const expect = (text: string) => {
    if (peek() !== text) throw new IfExpressionError(`expected '${text}' in #if expression`);
    i++;
  };
  const wrap = (x: bigint) => BigInt.asIntN(64, x);
  const bool = (x: boolean) => (x ? 1n : 0n);

  const primary = (): bigint => {
    const t = next();
    if (!t) throw new IfExpressionError('#if expression ends too early');
    if (t.text === '(') {
      const v = conditional();
      expect(')');
      return v;
    }
    if (t.kind === 'number') return parseNumber(t.text);
    if (t.kind === 'char') return parseChar(t.text);
    if (t.kind === 'identifier') return 0n;
    throw new IfExpressionError(`unexpected '${t.text}' in #if expression`);
  };
  const unary = (): bigint => {
    const t = peek();
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      i++;
      const v = unary();
      return t === '-' ? wrap(-v) : t === '+' ? v : t === '!' ? bool(v === 0n) : ~v;
    }
    return primary();
  };
  const readOp = (ops: string[]): string | undefined => {
    const t = ts[i]?.text;
    if (t !== undefined && ops.includes(t)) {
      i++;
      return t;
    }
    return undefined;
  };
  const level =
    (ops: string[], sub: () => bigint, apply: (op: string, a: bigint, b: bigint) => bigint) => (): bigint => {
      let v = sub();
      for (;;) {
        const op = readOp(ops);
        if (!op) return v;
        v = apply(op, v, sub());
      }
    };
  const divide = (op: string, a: bigint, b: bigint) => {
    if (b === 0n) throw new IfExpressionError('division by zero in #if');
    return op === '/' ? wrap(a / b) : a % b;
  };
  const mul = level(['*', '/', '%'], unary, (op, a, b) => (op === '*' ? wrap(a * b) : divide(op, a, b)));
  const add = level(['+', '-'], mul, (op, a, b) => wrap(op === '+' ? a + b : a - b));
  const shift = level(['<<', '>>'], add, (op, a, b) => (op === '<<' ? wrap(a << (b & 63n)) : a >> (b & 63n)));
  const rel = level(['<=', '>=', '<', '>'], shift, (op, a, b) =>
    bool(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b),
  );
  const eq = level(['==', '!='], rel, (op, a, b) => bool(op === '==' ? a === b : a !== b));
  const band = level(['&'], eq, (_op, a, b) => a & b);
  const bxor = level(['^'], band, (_op, a, b) => a ^ b);
  const bor = level(['|'], bxor, (_op, a, b) => a | b);
  const land = level(['&&'], bor, (_op, a, b) => bool(a !== 0n && b !== 0n));
  const lor = level(['||'], land, (_op, a, b) => bool(a !== 0n || b !== 0n));
  function conditional(): bigint {
    const c = lor();
    if (peek() !== '?') return c;
    i++;
    const a = conditional();
    expect(':');
    const b = conditional();
    return c !== 0n ? a : b;
  }
  const v = conditional();
  if (i < ts.length) throw new IfExpressionError(`junk '${ts[i].text}' in #if expression`);
  return v;
}

function parseNumber(text: string): bigint {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(text);
  if (!m) throw new IfExpressionError(`invalid number '${text}' in #if expression`);
  const digits = m[1];
  if (/^0[xX]/.test(digits)) return BigInt.asIntN(64, BigInt(digits));
  if (digits.length > 1 && digits.startsWith('0')) return BigInt.asIntN(64, BigInt(`0o${digits.slice(1)}`));
  return BigInt.asIntN(64, BigInt(digits));
}

function parseChar(text: string): bigint {
  const body = text.slice(1, -1);
  if (!body.startsWith('\\')) return BigInt(body.charCodeAt(0));
  const escapes: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    '0': 0,
    '\\': 92,
    "'": 39,
    '"': 34,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
  };
  return BigInt(escapes[body[1]] ?? body.charCodeAt(1));
}

const TWO_CHAR_OPERATORS = new Set(['<<', '>>', '<=', '>=', '==', '!=', '&&', '||']);

/** Drops blanks and joins adjacent punctuators that form a two-character operator. */
function mergeOperators(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'space') continue;
    const n = tokens[i + 1];
    if (t.kind === 'punct' && n?.kind === 'punct' && TWO_CHAR_OPERATORS.has(t.text + n.text)) {
      out.push({ kind: 'punct', text: t.text + n.text });
      i++;
    } else out.push(t);
  }
  return out;
}
