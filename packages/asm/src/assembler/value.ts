// Values of expressions: a 64-bit constant plus a sum of "bases" with integer coefficients.
// A base is a fragment (before layout: its address is not known yet), a section (after layout)
// or a symbol that must stay symbolic (undefined, common, global/weak in relocations). This lets
// `b - a` cancel when both are in one fragment during the first pass, and `sym - .` become a
// pc-relative relocation at the end.

import type { AsmSymbol, Fragment, Section } from './model.js';

export type Base =
  | { kind: 'fragment'; fragment: Fragment }
  | { kind: 'section'; section: Section }
  | { kind: 'symbol'; symbol: AsmSymbol };

export interface Term {
  base: Base;
  coefficient: bigint;
}

export interface Value {
  constant: bigint;
  terms: Term[];
}

export function constantValue(constant: bigint): Value {
  return { constant, terms: [] };
}

export function isAbsolute(v: Value): boolean {
  return v.terms.length === 0;
}

function baseObject(b: Base): object {
  return b.kind === 'fragment' ? b.fragment : b.kind === 'section' ? b.section : b.symbol;
}

export function sameBase(a: Base, b: Base): boolean {
  return a.kind === b.kind && baseObject(a) === baseObject(b);
}

export function wrap64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

/** a + sign*b, merging equal bases and dropping the ones that cancel. */
export function addValues(a: Value, b: Value, sign: 1n | -1n): Value {
  const terms = a.terms.map((t) => ({ ...t }));
  for (const t of b.terms) {
    const same = terms.find((u) => sameBase(u.base, t.base));
    if (same) same.coefficient += sign * t.coefficient;
    else terms.push({ base: t.base, coefficient: sign * t.coefficient });
  }
  return {
    constant: wrap64(a.constant + sign * b.constant),
    terms: terms.filter((t) => t.coefficient !== 0n),
  };
}

export function negate(a: Value): Value {
  return {
    constant: wrap64(-a.constant),
    terms: a.terms.map((t) => ({ base: t.base, coefficient: -t.coefficient })),
  };
}

/** Applies an operator that needs two absolute operands (GAS folds these only for constants). */
export function applyAbsolute(op: string, x: bigint, y: bigint): bigint | string {
  switch (op) {
    case '*':
      return wrap64(x * y);
    case '/':
      return y === 0n ? 'division by zero' : wrap64(x / y);
    case '%':
      return y === 0n ? 'division by zero' : wrap64(x % y);
    case '<<':
      return y < 0n || y >= 64n ? 0n : wrap64(x << y);
    case '>>':
      return y < 0n || y >= 64n ? 0n : wrap64(BigInt.asUintN(64, x) >> y);
    case '|':
      return x | y;
    case '&':
      return x & y;
    case '^':
      return x ^ y;
    case '!':
      return x | ~y;
    case '==':
      return x === y ? -1n : 0n;
    case '!=':
    case '<>':
      return x !== y ? -1n : 0n;
    case '<':
      return x < y ? -1n : 0n;
    case '>':
      return x > y ? -1n : 0n;
    case '<=':
      return x <= y ? -1n : 0n;
    case '>=':
      return x >= y ? -1n : 0n;
    case '&&':
      return x !== 0n && y !== 0n ? 1n : 0n;
    case '||':
      return x !== 0n || y !== 0n ? 1n : 0n;
    default:
      return `unknown operator ${op}`;
  }
}
