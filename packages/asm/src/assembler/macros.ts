// `.macro` definitions and their expansion by text substitution, as GAS's macro.c does it:
// `\name` is replaced by the argument, `\()` by nothing, `\@` by the number of macros expanded
// so far. Arguments are separated by commas or blanks outside quotes and brackets, after
// GAS's input scrubber has removed the blanks around most operators: `m 2 + 3` passes one
// argument, `m 5 - 1` three (measured with `as --32`).

import { AsmError, type SourcePosition } from '../encoder/interface.js';
import { isSymbolChar } from '../expression/parse.js';
import type { SourceLine } from '../source/source-line.js';
import { unquote } from './strings.js';

export interface MacroParameter {
  name: string;
  defaultValue: string | undefined;
  required: boolean;
  vararg: boolean;
}

export interface MacroDefinition {
  name: string;
  parameters: MacroParameter[];
  body: SourceLine[];
  position: SourcePosition;
}

/** Parses the `.macro` line after the directive: `name [param[=default|:req|:vararg]]…`. */
export function parseMacroHeader(
  text: string,
  position: SourcePosition,
): { name: string; parameters: MacroParameter[] } {
  const m = /^\s*([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$/.exec(text);
  if (!m) throw new AsmError('expected a macro name after .macro', position);
  const parameters: MacroParameter[] = [];
  for (const piece of splitMacroArguments(m[2])) {
    const p = /^([A-Za-z_.$][\w.$]*)\s*(?::\s*(req|vararg))?\s*(?:=\s*(.*))?$/.exec(piece);
    if (!p) throw new AsmError(`bad macro parameter '${piece}'`, position);
    parameters.push({
      name: p[1],
      required: p[2] === 'req',
      vararg: p[2] === 'vararg',
      defaultValue: p[3] === undefined ? undefined : unquote(p[3]),
    });
  }
  return { name: m[1], parameters };
}

/** Splits macro arguments at top-level commas and blanks, outside strings and brackets. */
export function splitMacroArguments(text: string): string[] {
  return splitMacroArgumentsWithRest(text).map((a) => a.text);
}

/** Like splitMacroArguments, also giving the unsplit text from each argument on (for `:vararg`). */
export function splitMacroArgumentsWithRest(text: string): { text: string; rest: string }[] {
  const out: { text: string; rest: string }[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return out;
  let current = '';
  let start = 0;
  let depth = 0;
  let i = 0;
  const flush = () => {
    out.push({
      text: current.trim(),
      rest: trimmed
        .slice(start)
        .trim()
        .replace(/\s*,\s*/g, ','),
    });
    current = '';
  };
  while (i < trimmed.length) {
    const ch = trimmed[i];
    if (ch === '"') {
      const end = trimmed.indexOf('"', i + 1);
      const stop = end < 0 ? trimmed.length : end + 1;
      current += trimmed.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (depth <= 0 && ch === ',') {
      flush();
      i++;
      start = i;
      continue;
    }
    if (depth <= 0 && (ch === ' ' || ch === '\t')) {
      // A blank ends the argument (GAS: `m 1 + 2` has three); a comma may follow it.
      let j = i;
      while (trimmed[j] === ' ' || trimmed[j] === '\t') j++;
      if (current.trim() === '') {
        i = j;
        start = j;
        continue;
      }
      // GAS's input scrubber keeps a blank only between a word (or `* % -`) and something an
      // i386 operand may start with (a word, `* % - ( [ {`), so `2 + 3`, `1 ~2` and
      // `(1 - 2) [3] x` are one argument while `5 - 1` and `5 * 2` are three. Measured.
      const before = current[current.length - 1] ?? '';
      const after = trimmed[j] ?? '';
      const separates = /[\w.$\\"'*%-]/.test(before) && /[\w.$\\"'([{*%-]/.test(after);
      if (!separates || after === ',' || after === '=' || before === '=') {
        i = j;
        continue;
      }
      flush();
      i = j;
      start = j;
      continue;
    }
    current += ch;
    i++;
  }
  flush();
  return out;
}

/** Binds invocation arguments to parameters (positional, then `name=value`, then defaults). */
export function bindArguments(
  macro: MacroDefinition,
  argumentText: string,
  position: SourcePosition,
): Map<string, string> {
  const values = new Map<string, string>();
  const withRest = splitMacroArgumentsWithRest(argumentText);
  const pieces = withRest.map((a) => a.text);
  let positional = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const keyword = /^([A-Za-z_.$][\w.$]*)\s*=(.*)$/.exec(piece);
    if (keyword && macro.parameters.some((p) => p.name === keyword[1])) {
      values.set(keyword[1], unquote(keyword[2]));
      continue;
    }
    const parameter = macro.parameters[positional++];
    if (parameter === undefined) throw new AsmError(`too many arguments for macro '${macro.name}'`, position);
    if (parameter.vararg) {
      values.set(parameter.name, withRest[i].rest);
      break;
    }
    if (piece !== '') values.set(parameter.name, unquote(piece));
  }
  for (const p of macro.parameters) {
    if (values.has(p.name)) continue;
    if (p.required)
      throw new AsmError(
        `missing value for required parameter '${p.name}' of macro '${macro.name}'`,
        position,
      );
    values.set(p.name, p.defaultValue ?? '');
  }
  return values;
}

/** Replaces `\name`, `\()` and `\@` in one body line. */
export function substitute(
  text: string,
  values: ReadonlyMap<string, string>,
  counter: number | undefined,
): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    if (text.startsWith('\\()', i)) {
      i += 3;
      continue;
    }
    if (text[i + 1] === '@' && counter !== undefined) {
      out += String(counter);
      i += 2;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isSymbolChar(text[j])) j++;
    const name = text.slice(i + 1, j);
    const value = values.get(name);
    if (name !== '' && value !== undefined) {
      out += value;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
