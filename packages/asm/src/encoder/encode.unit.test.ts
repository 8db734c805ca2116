// The encoder's contract with the front end, case by case: what comes back for jumps, calls and
// symbolic operands, the warnings GAS gives, and the errors (typed, positioned, plainly worded).
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../expression/parse.js';
import { encodeInstruction, isInstructionMnemonic } from './encode.js';
import { AsmError, type EncodeResult, type EncoderContext, type Expr } from './interface.js';

const at = { file: 'unit.s', line: 7, column: 3 };

/** Numbers are constants; `known` stands for a symbol the front end already set to 0x40. */
function context(codeSize: 16 | 32 = 32): EncoderContext {
  const value = (e: Expr): number | undefined => {
    if (e.kind === 'number') return e.value;
    if (e.kind === 'symbol') return e.name === 'known' ? 0x40 : undefined;
    if (e.kind === 'unary' && e.op === '-') {
      const v = value(e.operand);
      return v === undefined ? undefined : -v;
    }
    return undefined;
  };
  return { codeSize, parseExpression, constantValue: value };
}

function encode(text: string, codeSize: 16 | 32 = 32): EncodeResult {
  return encodeInstruction(text, at, context(codeSize));
}

function bytes(text: string, codeSize: 16 | 32 = 32): string {
  const result = encode(text, codeSize);
  if (result.kind !== 'fixed') throw new Error('expected a fixed encoding');
  return result.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function error(text: string, codeSize: 16 | 32 = 32): AsmError {
  try {
    encode(text, codeSize);
  } catch (e) {
    if (e instanceof AsmError) return e;
    throw e;
  }
  throw new Error(`expected \`${text}' to be refused`);
}

describe('jumps and calls', () => {
  it('gives jmp and jcc a short and a long form for the front end to relax', () => {
    const jmp = encode('jmp target');
    expect(jmp.kind).toBe('relaxable');
    if (jmp.kind !== 'relaxable') return;
    expect(jmp.target).toEqual({ kind: 'symbol', name: 'target' });
    expect(jmp.short.bytes).toEqual([0xeb, 0]);
    expect(jmp.short.fixups).toEqual([
      { offset: 1, size: 1, expr: jmp.target, pcRelative: true, range: 'signed' },
    ]);
    expect(jmp.long.bytes).toEqual([0xe9, 0, 0, 0, 0]);
    expect(jmp.long.fixups[0]).toMatchObject({ offset: 1, size: 4, pcRelative: true });
    const jne = encode('jne target');
    expect(jne.kind === 'relaxable' && [jne.short.bytes, jne.long.bytes]).toEqual([
      [0x75, 0],
      [0x0f, 0x85, 0, 0, 0, 0],
    ]);
  });

  it('uses rel16 for the long form under .code16', () => {
    const je = encode('je target', 16);
    expect(je.kind === 'relaxable' && je.long.bytes).toEqual([0x0f, 0x84, 0, 0]);
    expect(je.kind === 'relaxable' && je.long.fixups[0]).toMatchObject({ offset: 2, size: 2 });
  });

  it('keeps loop/jecxz rel8 and call rel32 fixed', () => {
    expect(encode('loop back')).toMatchObject({
      kind: 'fixed',
      bytes: [0xe2, 0],
      fixups: [{ offset: 1, size: 1 }],
    });
    expect(encode('jcxz back')).toMatchObject({ bytes: [0x67, 0xe3, 0], fixups: [{ offset: 2, size: 1 }] });
    expect(encode('call func')).toMatchObject({
      kind: 'fixed',
      bytes: [0xe8, 0, 0, 0, 0],
      fixups: [{ offset: 1, size: 4, pcRelative: true }],
    });
    expect(encode('call func', 16)).toMatchObject({ bytes: [0xe8, 0, 0], fixups: [{ offset: 1, size: 2 }] });
  });

  it('keeps only the prefixes GAS keeps on relative jumps', () => {
    // %cs/%ds are branch hints on jcc/jmp/loop; other segments are skipped with a warning.
    const je = encode('ds je target');
    expect(je.kind === 'relaxable' && [je.short.bytes, je.long.bytes]).toEqual([
      [0x3e, 0x74, 0],
      [0x3e, 0x0f, 0x84, 0, 0, 0, 0],
    ]);
    expect(encode('call %es:func')).toMatchObject({
      bytes: [0xe8, 0, 0, 0, 0],
      warnings: ["skipping prefixes on `call'"],
    });
    // The operand-size prefix switches the displacement size; loopw is loop with %cx.
    expect(encode('data32 call func', 16)).toMatchObject({
      bytes: [0x66, 0xe8, 0, 0, 0, 0],
      fixups: [{ offset: 2, size: 4 }],
    });
    expect(encode('loopw back')).toMatchObject({ bytes: [0x67, 0xe2, 0], fixups: [{ offset: 2 }] });
  });

  it('encodes far and indirect forms', () => {
    expect(encode('ljmp $0x10, $entry')).toMatchObject({
      bytes: [0xea, 0, 0, 0, 0, 0x10, 0],
      fixups: [{ offset: 1, size: 4, pcRelative: false }],
    });
    expect(bytes('jmp *%eax')).toBe('ff e0');
    expect(bytes('call *8(%ebx,%esi,4)')).toBe('ff 54 b3 08');
    expect(bytes('ljmp *(%eax)')).toBe('ff 28');
  });
});

describe('operands with symbols', () => {
  it('leaves unknown immediates and displacements as absolute fixups at the right offsets', () => {
    expect(encode('movl $sym, 4(%eax)')).toMatchObject({
      bytes: [0xc7, 0x40, 0x04, 0, 0, 0, 0],
      fixups: [{ offset: 3, size: 4, pcRelative: false, expr: { kind: 'symbol', name: 'sym' } }],
    });
    expect(encode('mov sym(%ebx), %eax')).toMatchObject({
      bytes: [0x8b, 0x83, 0, 0, 0, 0],
      fixups: [{ offset: 2 }],
    });
    expect(encode('pushw $sym')).toMatchObject({
      bytes: [0x66, 0x68, 0, 0],
      fixups: [{ offset: 2, size: 2 }],
    });
    expect(encode('movb $sym, %al')).toMatchObject({
      bytes: [0xb0, 0],
      fixups: [{ offset: 1, size: 1, range: 'either' }],
    });
  });

  it('uses the short forms only for values known now (constantValue)', () => {
    expect(bytes('add $known, %eax')).toBe('83 c0 40');
    expect(bytes('add $unknown, %eax')).toBe('05 00 00 00 00');
    expect(bytes('mov known(%eax), %eax')).toBe('8b 40 40');
    expect(bytes('mov unknown(%eax), %eax')).toBe('8b 80 00 00 00 00');
  });
});

describe('choices GAS makes', () => {
  it.each([
    ['mov %eax,%ebx', '89 c3'],
    ['add $1,%eax', '83 c0 01'],
    ['add $0x100,%eax', '05 00 01 00 00'],
    ['push $-1', '6a ff'],
    ['push $0x80', '68 80 00 00 00'],
    ['test %eax,%ebx', '85 c3'],
    ['xchg %eax,%ecx', '91'],
    ['xchg %eax,%eax', '90'],
    ['shl $1,%eax', 'd1 e0'],
    ['int $3', 'cc'],
    ['int $0x80', 'cd 80'],
    ['mov %ds,%eax', '8c d8'],
    ['mov %ax,%ds', '8e d8'],
    ['movw %es:(%di),%ax', '26 67 66 8b 05'],
    ['movb %ds:(%eax),%al', '8a 00'],
    ['mov 0(%ebp),%eax', '8b 45 00'],
    ['lock addl $1,%fs:(%eax)', '64 f0 83 00 01'],
    ['rep movsw', '66 f3 a5'],
    ['fstsw %es:(%eax)', '9b 26 dd 38'],
    ['rep', 'f3'],
  ])('%s → %s', (text, expected) => {
    expect(bytes(text)).toBe(expected);
  });

  it('assembles 16-bit addressing under .code16', () => {
    expect(bytes('mov (%bp),%ax', 16)).toBe('8b 46 00');
    expect(bytes('movb %cl,4(%bx,%di)', 16)).toBe('88 49 04');
    expect(bytes('mov %eax,%ebx', 16)).toBe('66 89 c3');
  });

  it('warns, as GAS does, where it picks a default', () => {
    expect(encode('inc (%eax)')).toMatchObject({
      bytes: [0xff, 0x00],
      warnings: ["no instruction mnemonic suffix given and no register operands; using default for `inc'"],
    });
    expect(encode('movb $0x100, %al')).toMatchObject({
      bytes: [0xb0, 0x00],
      warnings: ['0x100 shortened to 0x0'],
    });
    expect(encode('jmp %eax')).toMatchObject({ bytes: [0xff, 0xe0], warnings: ["indirect jmp without `*'"] });
    expect(encode('fadd')).toMatchObject({ bytes: [0xde, 0xc1], warnings: ["translating to `faddp'"] });
  });
});

describe('errors', () => {
  it.each([
    ['frobnicate %eax', 'no such instruction'],
    ['add %eax', 'number of operands mismatch'],
    ['add %eax, %bx', 'invalid operand combination'],
    ['movl %ax, %bx', "incorrect register `%ax' used with `l' suffix"],
    ['addb $1, %eax', "`%eax' not allowed with `addb'"],
    ['mov %eax, %eex', 'bad register name'],
    ['mov (%eax,%esp), %eax', 'not a valid base/index expression'],
    ['mov (%si,%bx), %ax', 'not a valid base/index expression'],
    ['mov (%eax,%ebx,3), %eax', 'scale factor'],
    ['int $256', 'invalid operand combination'],
    ['enter $0x10000, $0', 'invalid operand combination'],
    ['lock mov %eax, (%ebx)', 'lockable'],
    ['rep add %eax, %ebx', "after `rep'"],
    ['lock lock incl (%eax)', 'same type of prefix used twice'],
    ['data16 movw %ax, %bx', 'same type of prefix used twice'],
    ['addr32 lodsb', 'redundant addr32 prefix'],
    ['movsb (%esi), %fs:(%edi)', "must use `%es' segment"],
    ['ljmpw $0x10, $0x12345678', '16-bit jump out of range'],
    ['pop %cs', "you can't `pop %cs'"],
    ['mov %cr0, %ax', 'invalid operand combination'],
  ])('refuses `%s` (%s)', (text, message) => {
    const e = error(text);
    expect(e).toBeInstanceOf(AsmError);
    expect(e.message).toContain(message);
    expect(e.position.file).toBe('unit.s');
    expect(e.position.line).toBe(7);
  });

  it('points at the unknown word', () => {
    expect(error('  rep frob').position.column).toBe(at.column + 6);
  });
});

describe('isInstructionMnemonic', () => {
  it('knows mnemonics with and without suffixes, and prefixes', () => {
    for (const word of [
      'mov',
      'movl',
      'MOVL',
      'movzbl',
      'fildll',
      'jecxz',
      'lock',
      'rep',
      'data16',
      'cs',
      'iretw',
      'cltd',
    ]) {
      expect(isInstructionMnemonic(word), word).toBe(true);
    }
    for (const word of ['movq', 'foo', 'fldll', 'pushb', '.long'])
      expect(isInstructionMnemonic(word), word).toBe(false);
  });
});
