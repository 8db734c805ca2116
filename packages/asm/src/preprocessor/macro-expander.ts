// Object-like and function-like macro expansion with `#` and `##`, using hide sets (Prosser's
// algorithm, the one the C standard describes) so a macro never expands inside itself.

import { render, type Token, tokenize } from './tokens.js';

export interface MacroDefinition {
  name: string;
  /** undefined for object-like macros. */
  parameters: string[] | undefined;
  variadic: boolean;
  body: Token[];
}

export class PreprocessorError extends Error {}

/** Bounds the work one line may cause (a macro that doubles itself forty times would not end). */
const MAX_EXPANSION_TOKENS = 1_000_000;

export class MacroExpander {
  readonly macros = new Map<string, MacroDefinition>();
  /** Dynamic macros such as __LINE__ and __FILE__. */
  dynamic = new Map<string, () => string>();
  private produced = 0;

  /** Expands every macro in `tokens`. Function-like calls must be complete in `tokens`. */
  expand(tokens: Token[]): Token[] {
    this.produced = 0;
    return this.expandList(tokens);
  }

  /** True when the tokens end inside the argument list of a function-like macro call. */
  hasUnclosedCall(tokens: readonly Token[]): boolean {
    let pendingName = false;
    let depth = 0;
    for (const t of tokens) {
      if (depth > 0) {
        if (t.text === '(') depth++;
        else if (t.text === ')') depth--;
        continue;
      }
      if (t.kind === 'space') continue;
      if (pendingName && t.text === '(') {
        depth = 1;
        pendingName = false;
        continue;
      }
      pendingName = t.kind === 'identifier' && this.macros.get(t.text)?.parameters !== undefined;
    }
    return depth > 0;
  }

  private expandList(input: Token[]): Token[] {
    const out: Token[] = [];
    let ts = input;
    let i = 0;
    while (i < ts.length) {
      const t = ts[i];
      if (t.kind !== 'identifier' || t.hide?.has(t.text)) {
        out.push(t);
        i++;
        continue;
      }
      const dynamic = this.dynamic.get(t.text);
      if (dynamic) {
        out.push(...tokenize(dynamic()));
        i++;
        continue;
      }
      const macro = this.macros.get(t.text);
      if (!macro) {
        out.push(t);
        i++;
        continue;
      }
      const hide = new Set(t.hide ?? []);
      hide.add(macro.name);
      if (macro.parameters === undefined) {
        const replacement = this.substitute(macro, [], hide);
        ts = [...replacement, ...ts.slice(i + 1)];
        i = 0;
        continue;
      }
      let j = i + 1;
      while (j < ts.length && ts[j].kind === 'space') j++;
      if (ts[j]?.text !== '(') {
        out.push(t);
        i++;
        continue;
      }
      const { args, raw, end } = collectArguments(ts, j);
      if (end < 0) throw new PreprocessorError(`unterminated argument list invoking macro '${macro.name}'`);
      const expected = macro.parameters.length;
      let actual = args;
      if (expected === 0 && args.length === 1 && args[0].every((a) => a.kind === 'space')) actual = [];
      if (macro.variadic && actual.length > expected) {
        // Everything from the variadic parameter on, commas included, is __VA_ARGS__.
        const rest: Token[] = [];
        raw.slice(expected - 1).forEach((a, k) => {
          if (k > 0) rest.push({ kind: 'punct', text: ',' });
          rest.push(...a);
        });
        actual = [...actual.slice(0, expected - 1), trimSpaces(rest)];
      }
      if (macro.variadic && actual.length === expected - 1) actual = [...actual, []];
      if (actual.length !== expected) {
        throw new PreprocessorError(
          `macro '${macro.name}' passed ${actual.length} arguments, but takes ${expected}`,
        );
      }
      const replacement = this.substitute(macro, actual, hide);
      ts = [...replacement, ...ts.slice(end + 1)];
      i = 0;
    }
    return out;
  }

  /** The replacement list with parameters replaced, `#` stringified, `##` pasted. */
  private substitute(macro: MacroDefinition, args: Token[][], hide: ReadonlySet<string>): Token[] {
    const params = macro.parameters ?? [];
    const indexOf = (t: Token | undefined) => (t && t.kind === 'identifier' ? params.indexOf(t.text) : -1);
    const body = macro.body;
    const out: Token[] = [];
    const nextNonSpace = (k: number) => {
      let n = k + 1;
      while (n < body.length && body[n].kind === 'space') n++;
      return n;
    };
    for (let k = 0; k < body.length; k++) {
      const t = body[k];
      if (t.text === '#' && macro.parameters !== undefined) {
        const n = nextNonSpace(k);
        const p = indexOf(body[n]);
        if (p >= 0) {
          out.push({ kind: 'string', text: stringify(args[p]) });
          k = n;
          continue;
        }
      }
      if (t.text === '##') {
        // Paste the last non-blank output token with the next operand.
        while (out.length > 0 && out[out.length - 1].kind === 'space') out.pop();
        const n = nextNonSpace(k);
        const operand = body[n];
        k = n;
        if (operand === undefined) break;
        const p = indexOf(operand);
        const right =
          p >= 0 ? args[p].filter((_, idx, a) => !(idx === 0 && a[0].kind === 'space')) : [operand];
        const left = out.pop();
        const joined = (left?.text ?? '') + (right[0]?.text ?? '');
        out.push(...tokenize(joined), ...right.slice(1));
        continue;
      }
      const p = indexOf(t);
      if (p >= 0) {
        const pasteNext = body[nextNonSpace(k)]?.text === '##';
        const arg = args[p];
        out.push(...(pasteNext ? arg : this.expandList(arg.map((a) => ({ ...a })))));
        continue;
      }
      out.push(t);
    }
    this.produced += out.length;
    if (this.produced > MAX_EXPANSION_TOKENS) throw new PreprocessorError('macro expansion is too large');
    return out.map((t) => (t.kind === 'identifier' ? { ...t, hide: union(t.hide, hide) } : t));
  }
}

function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a || a.size === 0) return b;
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}

/** Splits `( … )` starting at `open` into arguments at top-level commas. */
function collectArguments(
  ts: readonly Token[],
  open: number,
): { args: Token[][]; raw: Token[][]; end: number } {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let k = open + 1; k < ts.length; k++) {
    const t = ts[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      if (depth === 0) return { args: args.map(trimSpaces), raw: args, end: k };
      depth--;
    } else if (t.text === ',' && depth === 0) {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(t);
  }
  return { args, raw: args, end: -1 };
}

function trimSpaces(ts: Token[]): Token[] {
  let a = 0;
  let b = ts.length;
  while (a < b && ts[a].kind === 'space') a++;
  while (b > a && ts[b - 1].kind === 'space') b--;
  return ts.slice(a, b);
}

function stringify(arg: readonly Token[]): string {
  const text = render(arg.map((t) => (t.kind === 'space' ? { ...t, text: ' ' } : t))).trim();
  const escaped = arg.some((t) => t.kind === 'string' || t.kind === 'char') ? escapeQuoted(text) : text;
  return `"${escaped}"`;
}

function escapeQuoted(text: string): string {
  // Backslashes and quotes inside string and character literals are escaped; outside left alone.
  let out = '';
  let inString: string | undefined;
  for (const ch of text) {
    if (inString) {
      if (ch === '\\' || ch === '"') out += '\\';
      out += ch;
      if (ch === inString) inString = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      inString = ch;
      if (ch === '"') out += '\\';
    }
    out += ch;
  }
  return out;
}
