// The C preprocessor for `.S` files, as `gcc -x assembler-with-cpp` runs it: lines ending in `\`
// are joined, `/* */` and `//` comments removed, `#` directives obeyed, macros expanded. A `#`
// line that is not a directive (`# a comment`) is passed through for the assembler, which treats
// it as a comment, exactly what cpp does in assembler mode. Every output line keeps the file and
// line it came from.

import type { DiagnosticSink } from '../diagnostics.js';
import type { SourcePosition } from '../encoder/interface.js';
import type { SourceLine } from '../source/source-line.js';
import { evaluateIfExpression, IfExpressionError } from './if-expression.js';
import { MacroExpander, PreprocessorError } from './macro-expander.js';
import { endOfQuoted, render, type Token, tokenize } from './tokens.js';

export interface PreprocessOptions {
  resolveInclude: (
    name: string,
    fromFile: string,
    angled?: boolean,
  ) => { file: string; text: string } | undefined;
  /** `-D NAME=VALUE` definitions. */
  defines: Record<string, string>;
  diagnostics: DiagnosticSink;
}

const MAX_INCLUDE_DEPTH = 200;

const DIRECTIVES = new Set([
  'define',
  'undef',
  'include',
  'include_next',
  'if',
  'ifdef',
  'ifndef',
  'elif',
  'else',
  'endif',
  'error',
  'warning',
  'line',
  'pragma',
  'ident',
]);

interface Conditional {
  active: boolean;
  taken: boolean;
  parentActive: boolean;
  sawElse: boolean;
  position: SourcePosition;
}

/** A logical line: physical lines joined at `\`, comments removed, first physical line number. */
interface LogicalLine {
  text: string;
  line: number;
}

export function preprocess(text: string, file: string, options: PreprocessOptions): SourceLine[] {
  const cpp = new Preprocessor(options);
  cpp.file(text, file, 0);
  return cpp.output;
}

class Preprocessor {
  readonly output: SourceLine[] = [];
  private readonly expander = new MacroExpander();
  private currentFile = '';
  private currentLine = 0;

  constructor(private readonly options: PreprocessOptions) {
    const predefined: Record<string, string> = {
      __ASSEMBLY__: '1',
      __ASSEMBLER__: '1',
      __i386__: '1',
      __i386: '1',
      __ELF__: '1',
      __linux__: '1',
    };
    for (const [name, value] of Object.entries({ ...predefined, ...options.defines })) {
      this.expander.macros.set(name, { name, parameters: undefined, variadic: false, body: tokenize(value) });
    }
    this.expander.dynamic.set('__LINE__', () => String(this.currentLine));
    this.expander.dynamic.set('__FILE__', () => JSON.stringify(this.currentFile));
  }

  file(text: string, file: string, depth: number): void {
    const lines = logicalLines(text);
    const conditionals: Conditional[] = [];
    const active = () => conditionals.length === 0 || conditionals[conditionals.length - 1].active;
    for (let index = 0; index < lines.length; index++) {
      const { text: lineText, line } = lines[index];
      this.currentFile = file;
      this.currentLine = line;
      const position = { file, line, column: 1 };
      try {
        const directive = /^\s*#\s*([A-Za-z_]\w*)?(.*)$/.exec(lineText);
        if (directive && (directive[1] === undefined || DIRECTIVES.has(directive[1]))) {
          const name = directive[1];
          if (name === undefined) {
            // `#` alone is the null directive (dropped); `# 12 "file"` stays, as gcc leaves it in
            // assembler mode (the assembler reads it as a comment).
            if (directive[2].trim() !== '') this.output.push({ text: lineText, file, line });
            continue;
          }
          this.directive(name, directive[2], position, conditionals, active(), file, depth);
          continue;
        }
        if (!active()) continue;
        let tokens = tokenize(lineText);
        // A function-like macro call whose arguments continue on the next lines.
        while (this.expander.hasUnclosedCall(tokens) && index + 1 < lines.length) {
          index++;
          tokens = [...tokens, { kind: 'space', text: ' ' }, ...tokenize(lines[index].text)];
        }
        this.output.push({ text: render(this.expander.expand(tokens)), file, line });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.options.diagnostics.error(message, position);
      }
    }
    for (const c of conditionals)
      this.options.diagnostics.error('unterminated #if (missing #endif)', c.position);
  }

  private directive(
    name: string,
    rest: string,
    position: SourcePosition,
    conditionals: Conditional[],
    active: boolean,
    file: string,
    depth: number,
  ): void {
    const top = conditionals[conditionals.length - 1];
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const c: Conditional = {
          active: false,
          taken: false,
          parentActive: active,
          sawElse: false,
          position,
        };
        conditionals.push(c);
        if (!active) return;
        c.active = this.condition(name, rest);
        c.taken = c.active;
        return;
      }
      case 'elif':
        if (!top) throw new PreprocessorError('#elif without #if');
        if (top.sawElse) throw new PreprocessorError('#elif after #else');
        if (!top.parentActive || top.taken) {
          top.active = false;
          return;
        }
        top.active = this.condition('if', rest);
        top.taken = top.active;
        return;
      case 'else':
        if (!top) throw new PreprocessorError('#else without #if');
        if (top.sawElse) throw new PreprocessorError('#else after #else');
        top.sawElse = true;
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        return;
      case 'endif':
        if (!top) throw new PreprocessorError('#endif without #if');
        conditionals.pop();
        return;
    }
    if (!active) return;
    switch (name) {
      case 'define':
        this.define(rest);
        return;
      case 'undef': {
        const m = /^\s*([A-Za-z_]\w*)\s*$/.exec(rest);
        if (!m) throw new PreprocessorError('macro names must be identifiers');
        this.expander.macros.delete(m[1]);
        return;
      }
      case 'include':
      case 'include_next':
        this.include(rest, position, file, depth);
        return;
      case 'error':
        this.options.diagnostics.error(`#error${rest}`, position);
        return;
      case 'warning':
        this.options.diagnostics.warning(`#warning${rest}`, position);
        return;
      default:
        // #line, #pragma, #ident: nothing the assembler needs.
        return;
    }
  }

  private condition(name: string, rest: string): boolean {
    if (name === 'ifdef' || name === 'ifndef') {
      const m = /^\s*([A-Za-z_]\w*)/.exec(rest);
      if (!m) throw new PreprocessorError(`no macro name given in #${name} directive`);
      const defined = this.expander.macros.has(m[1]) || this.expander.dynamic.has(m[1]);
      return name === 'ifdef' ? defined : !defined;
    }
    // `defined X` and `defined(X)` are decided before expansion.
    const replaced = rest.replace(/\bdefined\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))/g, (_m, a, b) =>
      this.expander.macros.has(a ?? b) ? ' 1 ' : ' 0 ',
    );
    try {
      return evaluateIfExpression(this.expander.expand(tokenize(replaced))) !== 0n;
    } catch (e) {
      if (e instanceof IfExpressionError) throw new PreprocessorError(e.message);
      throw e;
    }
  }

  private define(rest: string): void {
    const m = /^\s*([A-Za-z_]\w*)(\(([^)]*)\))?(.*)$/.exec(rest);
    if (!m) throw new PreprocessorError('macro names must be identifiers');
    const name = m[1];
    let parameters: string[] | undefined;
    let variadic = false;
    if (m[2] !== undefined) {
      parameters = m[3].trim() === '' ? [] : m[3].split(',').map((p) => p.trim());
      if (parameters.length > 0 && parameters[parameters.length - 1] === '...') {
        parameters[parameters.length - 1] = '__VA_ARGS__';
        variadic = true;
      } else if (parameters.length > 0 && parameters[parameters.length - 1].endsWith('...')) {
        parameters[parameters.length - 1] = parameters[parameters.length - 1].slice(0, -3).trim();
        variadic = true;
      }
      for (const p of parameters) {
        if (!/^[A-Za-z_]\w*$/.test(p))
          throw new PreprocessorError(`invalid macro parameter '${p}' in #define ${name}`);
      }
    }
    const body = tokenize(m[4].trim());
    this.expander.macros.set(name, { name, parameters, variadic, body });
  }

  private include(rest: string, position: SourcePosition, file: string, depth: number): void {
    let spec = rest.trim();
    if (!/^["<]/.test(spec)) spec = render(this.expander.expand(tokenize(spec))).trim();
    const m = /^"([^"]+)"|^<([^>]+)>/.exec(spec);
    if (!m) throw new PreprocessorError('#include expects "FILENAME" or <FILENAME>');
    const name = m[1] ?? m[2];
    if (depth >= MAX_INCLUDE_DEPTH)
      throw new PreprocessorError(`#include nested too deeply (limit ${MAX_INCLUDE_DEPTH})`);
    const found = this.options.resolveInclude(name, file, m[2] !== undefined);
    if (!found) throw new PreprocessorError(`include file '${name}' not found`);
    this.file(found.text, found.file, depth + 1);
    this.currentFile = file;
    this.currentLine = position.line;
  }
}

/** Joins `\`-continued lines and removes C comments, keeping the first line number of each. */
function logicalLines(text: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  const out: LogicalLine[] = [];
  let inComment = false;
  for (let i = 0; i < physical.length; i++) {
    const first = i;
    let joined = physical[i];
    while (joined.endsWith('\\') && i + 1 < physical.length) joined = joined.slice(0, -1) + physical[++i];
    // A backslash at the very end of the file continues nothing (cpp drops it with a warning).
    if (joined.endsWith('\\') && i + 1 >= physical.length) joined = joined.slice(0, -1);
    const { text: stripped, inComment: still } = stripCComments(joined, inComment);
    inComment = still;
    out.push({ text: stripped, line: first + 1 });
  }
  return out;
}

function stripCComments(text: string, inComment: boolean): { text: string; inComment: boolean } {
  if (!inComment && !text.includes('/')) return { text, inComment };
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (inComment) {
      const end = text.indexOf('*/', i);
      if (end < 0) return { text: out, inComment: true };
      i = end + 2;
      out += ' ';
      inComment = false;
      continue;
    }
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = endOfQuoted(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      inComment = true;
      i += 2;
    } else if (ch === '/' && text[i + 1] === '/') {
      break;
    } else {
      out += ch;
      i++;
    }
  }
  return { text: out, inComment };
}

export type { Token };
