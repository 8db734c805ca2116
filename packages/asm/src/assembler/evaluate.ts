import { AsmError, type Expr, type SourcePosition } from '../encoder/interface.js';
import type { AsmSymbol, Location } from './model.js';
import { addValues, applyAbsolute, constantValue, isAbsolute, negate, type Value } from './value.js';

const COMPARISONS = new Set(['==', '!=', '<>', '<', '>', '<=', '>=']);

/** Symbols nest through `=` at most this deep (also stops `a = b` / `b = a` loops). */
const MAX_EQUATE_DEPTH = 64;

/**
 * How symbols turn into values. In the first pass (`final: false`) a label is "its fragment +
 * offset" and anything not yet defined makes the result unknown; after layout (`final: true`)
 * labels are "section + address" and undefined symbols stay symbolic, for relocations.
 */
export interface EvaluationEnvironment {
  final: boolean;
  symbol(name: string): AsmSymbol;
  /** The base and offset of a label after layout (final only). */
  labelValue(symbol: AsmSymbol, location: Location): Value;
  locationValue(location: Location): Value;
  /**
   * Before layout: whether place `a` certainly comes before place `b` in one section (-1), after
   * it (1), or cannot be told yet (undefined) (binutils frag_gtoffset_p).
   */
  order?(a: Location, b: Location): -1 | 1 | undefined;
}

/** Evaluates `expr`; undefined means "not known yet" (first pass only). Throws AsmError. */
export function evaluate(
  expr: Expr,
  dot: Location,
  env: EvaluationEnvironment,
  position: SourcePosition,
  depth = 0,
): Value | undefined {
  switch (expr.kind) {
    case 'number':
      return constantValue(BigInt(expr.value));
    case 'dot':
      return env.locationValue(dot);
    case 'symbol':
      return symbolValue(env.symbol(expr.name), env, position, depth);
    case 'unary': {
      const v = evaluate(expr.operand, dot, env, position, depth);
      if (v === undefined) return undefined;
      if (expr.op === '+') return v;
      if (expr.op === '-') return negate(v);
      if (!isAbsolute(v)) return nonConstant(env, expr.op, position);
      return constantValue(expr.op === '~' ? ~v.constant : v.constant === 0n ? 1n : 0n);
    }
    case 'binary': {
      const l = evaluate(expr.left, dot, env, position, depth);
      const r = evaluate(expr.right, dot, env, position, depth);
      if (l === undefined || r === undefined) return undefined;
      if (expr.op === '+') return addValues(l, r, 1n);
      if (expr.op === '-') return addValues(l, r, -1n);
      if (!isAbsolute(l) || !isAbsolute(r)) {
        // Comparing two places in the same fragment (or section) compares their offsets, as GAS does.
        if (COMPARISONS.has(expr.op) && isAbsolute(addValues(l, r, -1n))) {
          return constantValue(applyAbsolute(expr.op, l.constant, r.constant) as bigint);
        }
        // With only their order known, GAS decides `==`, `!=` and "later > earlier" (measured:
        // `earlier < later` stays non-constant).
        const ordered = COMPARISONS.has(expr.op) ? orderOf(l, r, env) : undefined;
        if (ordered !== undefined) {
          if (expr.op === '==') return constantValue(0n);
          if (expr.op === '!=' || expr.op === '<>') return constantValue(-1n);
          if (expr.op === '>' && ordered === 1) return constantValue(-1n);
        }
        return nonConstant(env, expr.op, position);
      }
      const result = applyAbsolute(expr.op, l.constant, r.constant);
      if (typeof result === 'string') throw new AsmError(result, position);
      return constantValue(result);
    }
  }
}

function nonConstant(env: EvaluationEnvironment, op: string, position: SourcePosition): undefined {
  if (env.final) throw new AsmError(`operator '${op}' needs absolute operands`, position);
  return undefined;
}

function symbolValue(
  symbol: AsmSymbol,
  env: EvaluationEnvironment,
  position: SourcePosition,
  depth: number,
): Value | undefined {
  const d = symbol.definition;
  switch (d.kind) {
    case 'absolute':
      return constantValue(d.value);
    case 'label':
      return env.labelValue(symbol, d.location);
    case 'equated': {
      if (depth >= MAX_EQUATE_DEPTH)
        throw new AsmError(`symbol '${symbol.name}' is defined in terms of itself`, position);
      return evaluate(d.expr, d.dot, env, d.position, depth + 1);
    }
    case 'common':
    case 'undefined':
      // Symbolic even before layout, so `x - x` is 0 while x is still undefined (as in GAS).
      return { constant: 0n, terms: [{ base: { kind: 'symbol', symbol }, coefficient: 1n }] };
  }
}

/** The order of two places given as "fragment + offset" values, when the first pass knows it. */
function orderOf(l: Value, r: Value, env: EvaluationEnvironment): -1 | 1 | undefined {
  if (!env.order || l.terms.length !== 1 || r.terms.length !== 1) return undefined;
  const [a, b] = [l.terms[0], r.terms[0]];
  if (
    a.coefficient !== 1n ||
    b.coefficient !== 1n ||
    a.base.kind !== 'fragment' ||
    b.base.kind !== 'fragment'
  ) {
    return undefined;
  }
  return env.order(
    { fragment: a.base.fragment, offset: Number(l.constant) },
    { fragment: b.base.fragment, offset: Number(r.constant) },
  );
}
