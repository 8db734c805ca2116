// The `.if` family: a stack of blocks, each knowing whether its current branch is assembled.
// Inside a skipped branch only the nesting of `.if`/`.endif` is tracked, as GAS does.

import { AsmError, type SourcePosition } from '../encoder/interface.js';
import { splitOperands } from '../source/statements.js';
import { unquote } from './strings.js';

/** What deciding a condition needs from the assembler. */
export interface ConditionInputs {
  isDefined(name: string): boolean;
  /** The value of an absolute expression known at this point; throws AsmError otherwise. */
  absolute(text: string, position: SourcePosition): bigint;
}

interface Block {
  /** Lines of the current branch are assembled. */
  active: boolean;
  /** Some branch of this block was (or is being) assembled. */
  taken: boolean;
  /** The enclosing block is assembled. */
  parentActive: boolean;
  sawElse: boolean;
  position: SourcePosition;
}

const OPENERS = new Set([
  '.if',
  '.ifdef',
  '.ifndef',
  '.ifnotdef',
  '.ifb',
  '.ifnb',
  '.ifc',
  '.ifnc',
  '.ifeqs',
  '.ifnes',
  '.ifeq',
  '.ifne',
  '.iflt',
  '.ifle',
  '.ifgt',
  '.ifge',
]);

export function opensConditional(directive: string): boolean {
  return OPENERS.has(directive);
}

export function continuesConditional(directive: string): boolean {
  return directive === '.else' || directive === '.elseif' || directive === '.endif';
}

export class ConditionalStack {
  private readonly blocks: Block[] = [];

  get depth(): number {
    return this.blocks.length;
  }

  /** Drops blocks opened after `depth` (`.exitm` leaves a macro's open blocks behind). */
  truncate(depth: number): void {
    this.blocks.length = depth;
  }

  /** True while the current branch is skipped. */
  get skipping(): boolean {
    return this.blocks.length > 0 && !this.blocks[this.blocks.length - 1].active;
  }

  /** Where the blocks still open at the end of the input started. */
  get unterminated(): SourcePosition[] {
    return this.blocks.map((b) => b.position);
  }

  /** An `.if`-family directive. In a skipped branch its condition is not even evaluated. */
  open(
    name: string,
    args: string,
    argsAt: SourcePosition,
    at: SourcePosition,
    inputs: ConditionInputs,
  ): void {
    const parentActive = !this.skipping;
    const block: Block = { active: false, taken: !parentActive, parentActive, sawElse: false, position: at };
    this.blocks.push(block);
    if (parentActive) this.enter(block, conditionHolds(name, args, argsAt, inputs));
  }

  /** `.else`, `.elseif` or `.endif`. */
  continue(
    name: string,
    args: string,
    argsAt: SourcePosition,
    at: SourcePosition,
    inputs: ConditionInputs,
  ): void {
    const top = this.blocks[this.blocks.length - 1];
    if (!top) throw new AsmError(`${name} without .if`, at);
    if (name === '.endif') {
      this.blocks.pop();
      return;
    }
    if (top.sawElse) throw new AsmError(`${name} after .else`, at);
    if (name === '.else') {
      top.sawElse = true;
      this.enter(top, true);
      return;
    }
    this.enter(top, top.parentActive && !top.taken ? conditionHolds('.if', args, argsAt, inputs) : false);
  }

  private enter(block: Block, condition: boolean): void {
    block.active = block.parentActive && !block.taken && condition;
    if (block.active) block.taken = true;
  }
}

/** Whether the condition of an `.if`-family directive holds. */
export function conditionHolds(
  name: string,
  args: string,
  position: SourcePosition,
  inputs: ConditionInputs,
): boolean {
  switch (name) {
    case '.ifdef':
      return inputs.isDefined(args.trim());
    case '.ifndef':
    case '.ifnotdef':
      return !inputs.isDefined(args.trim());
    case '.ifb':
      return args.trim() === '';
    case '.ifnb':
      return args.trim() !== '';
    case '.ifc':
    case '.ifnc':
    case '.ifeqs':
    case '.ifnes': {
      const parts = splitOperands(args);
      if (parts.length !== 2) throw new AsmError(`expected ${name} A, B`, position);
      const same = unquote(parts[0].text) === unquote(parts[1].text);
      return name === '.ifc' || name === '.ifeqs' ? same : !same;
    }
    default: {
      const v = inputs.absolute(args, position);
      switch (name) {
        case '.ifeq':
          return v === 0n;
        case '.iflt':
          return v < 0n;
        case '.ifle':
          return v <= 0n;
        case '.ifgt':
          return v > 0n;
        case '.ifge':
          return v >= 0n;
        default:
          return v !== 0n;
      }
    }
  }
}
