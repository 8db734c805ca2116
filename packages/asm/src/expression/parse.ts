// Parses GAS expressions (i386 ELF target, non-MRI syntax) into the `Expr` tree of the encoder
// contract. Precedence and associativity follow binutils' expr.c `op_rank` table rather than the
// manual's four-level summary, because the table is what `as` actually does:
//   9: * / % << >>     8: | & ^ ! (binary "or not")     6: + -
//   5: == != <> < > <= >=     3: &&     2: ||
// All binary operators are left-associative; unary - ~ ! + bind tighter than any binary operator.

import { AsmError, type BinaryOperator, type Expr, type SourcePosition } from '../encoder/interface.js';

const BINARY_RANK: Record<BinaryOperator, number> = {
  '*': 9,
  '/': 9,
  '%': 9,
  '<<': 9,
  '>>': 9,
  '|': 8,
  '&': 8,
  '^': 8,
  '!': 8,
  '+': 6,
  '-': 6,
  '==': 5,
  '!=': 5,
  '<>': 5,
  '<': 5,
  '>': 5,
  '<=': 5,
  '>=': 5,
  '&&': 3,
  '||': 2,
};

/** Every binary operator spelling (peekOperator reads them longest first). */
export const OPERATOR_SPELLINGS = [
  '<<',
  '>>',
  '<>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '*',
  '/',
  '%',
  '|',
  '&',
  '^',
  '!',
  '+',
  '-',
  '<',
  '>',
] as const;

/** Escapes in character constants (measured: `'\v` and `'\a` are just `v` and `a` there). */
const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, '\\': 92, "'": 39, '"': 34 };

export function isSymbolStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === '.';
}

export function isSymbolChar(ch: string): boolean {
  return isSymbolStart(ch) || (ch >= '0' && ch <= '9') || ch === '$';
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/**
 * Parses the whole of `text` as one expression. `position` is where `text` starts in the source;
 * errors carry the column of the offending character. Numeric local label references (`1b`, `2f`)
 * come back as symbols named `1b`/`2f`: the assembler maps them to the right label instance.
 */
export function parseExpression(text: string, position: SourcePosition): Expr {
  const parser = new ExpressionParser(text, position);
  const expr = parser.parseBinary(0);
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`junk '${text.slice(parser.index)}' after expression`);
  return expr;
}

/**
 * Parses an expression at the start of `text` and reports where it stopped, for callers that
 * read a list of comma-separated expressions or an expression followed by something else.
 */
export function parseExpressionPrefix(text: string, position: SourcePosition): { expr: Expr; end: number } {
  const parser = new ExpressionParser(text, position);
  const expr = parser.parseBinary(0);
  parser.skipSpace();
  return { expr, end: parser.index };
}

/**
 * A number node. `Expr` numbers are JavaScript numbers, exact up to 2^53; a wider constant
 * (a `.quad` value) is spelled `(high << 32) | low` so it stays exact.
 */
function numberExpr(value: bigint): Expr {
  if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return { kind: 'number', value: Number(value) };
  const high: Expr = { kind: 'number', value: Number(value >> 32n) };
  const shifted: Expr = { kind: 'binary', op: '<<', left: high, right: { kind: 'number', value: 32 } };
  return {
    kind: 'binary',
    op: '|',
    left: shifted,
    right: { kind: 'number', value: Number(value & 0xffffffffn) },
  };
}

class ExpressionParser {
  index = 0;

  constructor(
    private readonly text: string,
    private readonly position: SourcePosition,
  ) {}

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  fail(message: string): never {
    throw new AsmError(message, { ...this.position, column: this.position.column + this.index });
  }

  skipSpace(): void {
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      if (ch !== ' ' && ch !== '\t') break;
      this.index++;
    }
  }

  /** Precedence climbing: parses operands joined by operators of rank > minRank. */
  parseBinary(minRank: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      this.skipSpace();
      const op = this.peekOperator();
      if (op === undefined) return left;
      const rank = BINARY_RANK[op];
      if (rank <= minRank) return left;
      this.index += this.operatorLength;
      const right = this.parseBinary(rank);
      left = { kind: 'binary', op, left, right };
    }
  }

  /** Characters taken by the operator peekOperator last found. */
  private operatorLength = 0;

  private peekOperator(): BinaryOperator | undefined {
    const op = this.scanOperator();
    if (op !== undefined && this.operatorLength === 0) this.operatorLength = op.length;
    return op;
  }

  private scanOperator(): BinaryOperator | undefined {
    const text = this.text;
    const i = this.index;
    const next = text[i + 1];
    this.operatorLength = 0;
    switch (text[i]) {
      case '*':
      case '/':
      case '%':
      case '^':
      case '+':
      case '-':
        return text[i] as BinaryOperator;
      case '<':
        return next === '<' ? '<<' : next === '>' ? '<>' : next === '=' ? '<=' : '<';
      case '>':
        return next === '>' ? '>>' : next === '=' ? '>=' : '>';
      case '=':
        return next === '=' ? '==' : undefined;
      case '!': {
        if (next === '=') return '!=';
        // `!!` (also `! !`, which GAS's input scrubber joins) is exclusive or, an MRI spelling
        // GAS accepts everywhere; measured: `66 ! !s` is 66 ^ s, `66 ! (!s)` is 66 | ~!s.
        let j = i + 1;
        while (text[j] === ' ' || text[j] === '\t') j++;
        if (text[j] === '!' && text[j + 1] !== '=') {
          this.operatorLength = j + 1 - i;
          return '^';
        }
        return '!';
      }
      case '&':
        return next === '&' ? '&&' : '&';
      case '|':
        return next === '|' ? '||' : '|';
      default:
        return undefined;
    }
  }

  private parseUnary(): Expr {
    this.skipSpace();
    const ch = this.text[this.index];
    if (ch === '-' || ch === '~' || ch === '!' || ch === '+') {
      this.index++;
      return { kind: 'unary', op: ch, operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const ch = this.text[this.index];
    if (ch === undefined) this.fail('missing operand');
    if (ch === '(') {
      this.index++;
      const inner = this.parseBinary(0);
      this.skipSpace();
      if (this.text[this.index] !== ')') this.fail("missing ')'");
      this.index++;
      return inner;
    }
    if (isDigit(ch)) return this.parseNumber();
    if (ch === "'") return this.parseCharacter();
    if (ch === '.' && !isSymbolChar(this.text[this.index + 1] ?? '')) {
      this.index++;
      return { kind: 'dot' };
    }
    if (isSymbolStart(ch)) {
      const start = this.index;
      while (this.index < this.text.length && isSymbolChar(this.text[this.index])) this.index++;
      return { kind: 'symbol', name: this.text.slice(start, this.index) };
    }
    if (ch === '"') return this.parseQuotedSymbol();
    this.fail(`unexpected '${ch}' in expression`);
  }

  private parseQuotedSymbol(): Expr {
    const end = this.text.indexOf('"', this.index + 1);
    if (end < 0) this.fail('unterminated quoted symbol name');
    const name = this.text.slice(this.index + 1, end);
    this.index = end + 1;
    return { kind: 'symbol', name };
  }

  private parseNumber(): Expr {
    const text = this.text;
    const start = this.index;
    let end = start;
    while (end < text.length && (isSymbolChar(text[end]) || isDigit(text[end]))) end++;
    const word = text.slice(start, end);
    if (word.length < 16 && /^[1-9][0-9]*$/.test(word)) {
      this.index = end;
      return { kind: 'number', value: Number(word) };
    }
    // `1b` / `1f`: a reference to the previous / next numeric local label `1:`.
    if (/^[0-9]+[bf]$/.test(word) && !/^0b[01]+$/.test(word)) {
      this.index = end;
      return { kind: 'symbol', name: word };
    }
    let value: bigint | undefined;
    if (/^0[xX][0-9a-fA-F]+$/.test(word)) value = BigInt(word);
    else if (/^0[bB][01]+$/.test(word)) value = BigInt(word);
    else if (/^0[0-7]+$/.test(word)) value = BigInt(`0o${word.slice(1)}`);
    else if (/^[1-9][0-9]*$/.test(word) || word === '0') value = BigInt(word);
    if (value === undefined) this.fail(`invalid number '${word}'`);
    this.index = end;
    return numberExpr(BigInt.asUintN(64, value));
  }

  /** `'c` (GAS also accepts a closing quote, `'c'`) with the usual backslash escapes. */
  private parseCharacter(): Expr {
    this.index++;
    const ch = this.text[this.index];
    if (ch === undefined) this.fail('missing character after quote');
    let value: number;
    if (ch === '\\') {
      const next = this.text[this.index + 1];
      if (next === undefined) this.fail('missing character after backslash');
      const escaped = ESCAPES[next];
      value = escaped ?? next.charCodeAt(0);
      this.index += 2;
    } else {
      value = ch.charCodeAt(0);
      this.index++;
    }
    if (this.text[this.index] === "'") this.index++;
    return { kind: 'number', value };
  }
}
