import { describe, expect, it } from 'vitest';
import { AsmError, type Expr } from '../encoder/interface.js';
import { parseExpression } from './parse.js';

const at = { file: 't.s', line: 3, column: 10 };

/** Renders a tree fully parenthesised so precedence is visible in the assertions. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'symbol':
      return e.name;
    case 'dot':
      return '.';
    case 'unary':
      return `${e.op}${show(e.operand)}`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

describe('parseExpression', () => {
  it('reads numbers in every base and character constants', () => {
    expect(show(parseExpression('0x1F', at))).toBe('31');
    expect(show(parseExpression('0b101', at))).toBe('5');
    expect(show(parseExpression('017', at))).toBe('15');
    expect(show(parseExpression("'a", at))).toBe('97');
    expect(show(parseExpression("'a'", at))).toBe('97');
    expect(show(parseExpression("'\\n", at))).toBe('10');
  });

  it('follows the precedence of binutils expr.c', () => {
    expect(show(parseExpression('1+2<<3', at))).toBe('(1 + (2 << 3))');
    expect(show(parseExpression('6|1+1', at))).toBe('((6 | 1) + 1)');
    expect(show(parseExpression('1 < 2 + 3', at))).toBe('(1 < (2 + 3))');
    expect(show(parseExpression('1 && 0 || 1', at))).toBe('((1 && 0) || 1)');
    expect(show(parseExpression('a - b - c', at))).toBe('((a - b) - c)');
    expect(show(parseExpression('-x * ~(y + 1)', at))).toBe('(-x * ~(y + 1))');
    expect(show(parseExpression('5 ! 3', at))).toBe('(5 ! 3)');
  });

  it('distinguishes the location counter, symbols and local label references', () => {
    expect(parseExpression('.', at)).toEqual({ kind: 'dot' });
    expect(show(parseExpression('. - .L1', at))).toBe('(. - .L1)');
    expect(show(parseExpression('1b + 2f', at))).toBe('(1b + 2f)');
    expect(show(parseExpression('0b', at))).toBe('0b');
    expect(show(parseExpression('__KERNEL_CS', at))).toBe('__KERNEL_CS');
  });

  it('reports errors with the column of the offending character', () => {
    const error = (() => {
      try {
        parseExpression('1 + )', at);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AsmError);
    expect((error as AsmError).position).toEqual({ file: 't.s', line: 3, column: 14 });
    expect(() => parseExpression('(1', at)).toThrow("missing ')'");
    expect(() => parseExpression('1 2', at)).toThrow('junk');
    expect(() => parseExpression('09', at)).toThrow('invalid number');
  });
});

describe('GAS quirks', () => {
  it('reads `!!` and `! !` as exclusive or (measured with as --32)', () => {
    expect(show(parseExpression('66 ! !s', at))).toBe('(66 ^ s)');
    expect(show(parseExpression('66 !!s', at))).toBe('(66 ^ s)');
    expect(show(parseExpression('66 ! (!s)', at))).toBe('(66 ! !s)');
    expect(show(parseExpression('a != b', at))).toBe('(a != b)');
  });
});
