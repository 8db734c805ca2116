// Parses AT&T operands: `%reg`, `%st(i)`, `$expr`, `seg:disp(base,index,scale)`, `*` for indirect
// jumps. Expressions inside operands go to the front end's expression parser through the context.

import { endOfCharacter } from '../source/statements.js';
import { AsmError, type EncoderContext, type Expr, type SourcePosition } from './interface.js';
import { REGISTERS, type Register } from './registers.js';

export interface RegisterOperand {
  readonly kind: 'reg';
  readonly reg: Register;
  readonly indirect: boolean;
  readonly text: string;
}

export interface ImmediateOperand {
  readonly kind: 'imm';
  readonly expr: Expr;
  /** The value when the expression is a constant known now. */
  readonly value: number | undefined;
  readonly indirect: boolean;
  readonly text: string;
}

export interface MemoryOperand {
  readonly kind: 'mem';
  readonly segment: Register | undefined;
  readonly disp: Expr | undefined;
  readonly dispValue: number | undefined;
  readonly base: Register | undefined;
  readonly index: Register | undefined;
  readonly scale: 1 | 2 | 4 | 8;
  readonly indirect: boolean;
  readonly text: string;
}

export type Operand = RegisterOperand | ImmediateOperand | MemoryOperand;

/** Splits an operand list at top-level commas (not inside parentheses or a character constant). */
export function splitOperands(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x27 /* ' */) {
      i = endOfCharacter(text, i) - 1; // the loop steps past the constant's last character
    } else if (ch === 0x28 /* ( */) depth++;
    else if (ch === 0x29 /* ) */) depth--;
    else if (ch === 0x2c /* , */ && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export class OperandParser {
  constructor(
    private readonly context: EncoderContext,
    private readonly position: SourcePosition,
  ) {}

  /** Parses one operand; `column` is its offset in the statement, for diagnostics. */
  parse(raw: string, column: number): Operand {
    let text = raw.trim();
    const at = this.at(column + raw.indexOf(text.charAt(0)));
    if (text === '') throw new AsmError('missing operand', at);
    let indirect = false;
    if (text.charCodeAt(0) === 0x2a /* * */) {
      indirect = true;
      text = text.slice(1).trimStart();
      if (text === '') throw new AsmError("missing operand after `*'", at);
    }
    if (text.charCodeAt(0) === 0x24 /* $ */) {
      const expr = this.expression(text.slice(1), at);
      return { kind: 'imm', expr, value: this.context.constantValue(expr), indirect, text: raw.trim() };
    }
    let segment: Register | undefined;
    if (text.charCodeAt(0) === 0x25 /* % */) {
      const { reg, end } = this.register(text, 0, at);
      const rest = text.slice(end).trimStart();
      if (rest === '') return { kind: 'reg', reg, indirect, text: raw.trim() };
      if (rest.charCodeAt(0) !== 0x3a /* : */ || reg.cls !== 'sreg') {
        throw new AsmError(`junk \`${rest}' after register`, at);
      }
      segment = reg;
      text = rest.slice(1).trim();
      if (text === '') throw new AsmError(`missing memory operand after \`%${reg.name}:'`, at);
    }
    return this.memory(text, segment, indirect, raw.trim(), at);
  }

  private memory(
    text: string,
    segment: Register | undefined,
    indirect: boolean,
    whole: string,
    at: SourcePosition,
  ): MemoryOperand {
    let dispText = text;
    let base: Register | undefined;
    let index: Register | undefined;
    let scale: 1 | 2 | 4 | 8 = 1;
    if (text.endsWith(')')) {
      const open = matchingOpen(text);
      const inner = open < 0 ? '' : text.slice(open + 1, -1).trim();
      // `(%ebx,%esi,4)` and `(,%esi)` are base/index; `(foo+4)` is just a parenthesised displacement.
      if (open >= 0 && (inner.startsWith('%') || inner.startsWith(','))) {
        dispText = text.slice(0, open);
        const parts = inner.split(',').map((part) => part.trim());
        if (parts.length > 3) throw new AsmError(`\`${whole}' is not a valid base/index expression`, at);
        if (parts[0]) base = this.addressRegister(parts[0], whole, at);
        if (parts[1]) index = this.addressRegister(parts[1], whole, at);
        if (parts.length === 3) {
          const value = parts[2] ? this.context.constantValue(this.expression(parts[2], at)) : undefined;
          if (value !== 1 && value !== 2 && value !== 4 && value !== 8) {
            throw new AsmError(`expecting scale factor of 1, 2, 4, or 8: got \`${parts[2]}'`, at);
          }
          if (!index) throw new AsmError(`\`${whole}' is not a valid base/index expression`, at);
          scale = value;
        } else if (parts.length === 2 && !index) {
          throw new AsmError(`\`${whole}' is not a valid base/index expression`, at);
        }
      }
    }
    dispText = dispText.trim();
    const disp = dispText === '' ? undefined : this.expression(dispText, at);
    const dispValue = disp ? this.context.constantValue(disp) : undefined;
    return { kind: 'mem', segment, disp, dispValue, base, index, scale, indirect, text: whole };
  }

  private addressRegister(text: string, whole: string, at: SourcePosition): Register {
    if (text.charCodeAt(0) !== 0x25)
      throw new AsmError(`\`${whole}' is not a valid base/index expression`, at);
    const { reg, end } = this.register(text, 0, at);
    if (end !== text.length || reg.cls !== 'gpr' || reg.size === 8) {
      throw new AsmError(`\`${whole}' is not a valid base/index expression`, at);
    }
    return reg;
  }

  /** Reads `%name` (or `%st(i)`, spaces allowed inside the parentheses) at `start`. */
  private register(text: string, start: number, at: SourcePosition): { reg: Register; end: number } {
    let end = start + 1;
    while (end < text.length && isRegisterChar(text.charCodeAt(end))) end++;
    let name = text.slice(start + 1, end).toLowerCase();
    if (name === 'st') {
      const paren = /^\s*\(\s*([0-7])\s*\)/.exec(text.slice(end));
      if (paren) {
        name = `st(${paren[1]})`;
        end += paren[0].length;
      }
    }
    const reg = REGISTERS.get(name);
    if (!reg) throw new AsmError(`bad register name \`%${name}'`, at);
    return { reg, end };
  }

  private expression(text: string, at: SourcePosition): Expr {
    return this.context.parseExpression(text.trim(), at);
  }

  private at(column: number): SourcePosition {
    return { file: this.position.file, line: this.position.line, column: this.position.column + column };
  }
}

function isRegisterChar(ch: number): boolean {
  return (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x30 && ch <= 0x39);
}

/** Index of the `(` matching the final `)` of `text`, or -1. */
function matchingOpen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text.charCodeAt(i);
    if (ch === 0x29) depth++;
    else if (ch === 0x28 && --depth === 0) return i;
  }
  return -1;
}
