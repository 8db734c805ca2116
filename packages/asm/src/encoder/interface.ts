// The contract between the assembler's front end (statements, expressions, sections, layout) and the
// instruction encoder. The front end hands every statement that is not a label, directive, assignment
// or macro call to `encodeInstruction`; the encoder parses the operands and returns bytes plus fixups.

/** A position in the original source, after preprocessing has been undone. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** An expression as the front end parses it (GAS operators and precedence). */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'symbol'; name: string }
  | { kind: 'dot' }
  | { kind: 'unary'; op: '-' | '~' | '!' | '+'; operand: Expr }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr };

// biome-ignore format: the pinned contract keeps its original layout
export type BinaryOperator =
  | '*' | '/' | '%' | '<<' | '>>'
  | '|' | '&' | '^' | '!'
  | '+' | '-' | '==' | '<>' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||';

/** What the encoder may ask of the front end while encoding one statement. */
export interface EncoderContext {
  /** 16 after `.code16`, 32 otherwise. */
  readonly codeSize: 16 | 32;
  /** Parses an expression (the text of an immediate, displacement or jump target). Throws AsmError. */
  parseExpression(text: string, position: SourcePosition): Expr;
  /**
   * The value of `expr` when it is an absolute constant known at this point of the first pass
   * (numbers, and symbols already set to absolute values); undefined otherwise. GAS picks short
   * forms (imm8, disp8) only for values it knows when it encodes, and so does the encoder.
   */
  constantValue(expr: Expr): number | undefined;
}

/** A field the front end fills in once symbol values are known (or leaves as a relocation). */
export interface Fixup {
  /** Byte offset of the field inside the instruction. */
  offset: number;
  size: 1 | 2 | 4;
  expr: Expr;
  /** True for a field relative to the end of the instruction (jumps, calls): value = expr - (address of next instruction). */
  pcRelative: boolean;
  /** How the field is range-checked: signed, unsigned, or either (GAS accepts -128..255 for an 8-bit immediate). */
  range: 'signed' | 'unsigned' | 'either';
}

export interface EncodedInstruction {
  kind: 'fixed';
  bytes: number[];
  fixups: Fixup[];
  /**
   * Added by the encoder: warnings GAS prints for this statement while still assembling it, e.g.
   * "no instruction mnemonic suffix given and no register operands; using default for `inc'"
   * (GAS 2.40 warns, rather than refuses, an unsized `inc (%eax)` and encodes it as `incl`).
   */
  warnings?: string[];
}

/**
 * A `jmp`/`jcc` (and `jecxz`/`loop` are NOT relaxable: they are always `fixed`) to a target whose
 * distance is not known yet. The front end lays it out in the short form first and grows it to the
 * long form when the target is out of rel8 range or cannot be resolved inside the same section,
 * exactly as GAS does.
 */
export interface RelaxableJump {
  kind: 'relaxable';
  target: Expr;
  short: EncodedInstruction;
  long: EncodedInstruction;
}

export type EncodeResult = EncodedInstruction | RelaxableJump;

/** An error with a source position; the front end turns it into a diagnostic. */
export class AsmError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
  ) {
    super(message);
    this.name = 'AsmError';
  }
}

/**
 * The encoder's entry point, implemented in ./encode.ts:
 *   encodeInstruction(text, position, context): EncodeResult
 * where `text` is the whole statement after any labels, e.g. `rep movsb`, `lock; incl (%eax)` is
 * split by the front end at `;` into `lock` and `incl (%eax)`, `movl %cr0, %eax`, `jmp *%eax`.
 * A statement that is only a prefix (`lock`, `rep`, `data16`, `cs`) encodes to the prefix byte.
 * `isInstructionMnemonic(name)` tells the front end whether a word names an instruction or prefix.
 */
export type EncodeInstruction = (
  text: string,
  position: SourcePosition,
  context: EncoderContext,
) => EncodeResult;
