// Every error is a diagnostic with file:line:column and a plain message.

import { describe, expect, it } from 'vitest';
import { assemble, type Diagnostic, linkFlat } from '../src/index.js';

function errors(
  source: string,
  fileName = 't.s',
): Pick<Diagnostic, 'file' | 'line' | 'column' | 'message'>[] {
  const result = assemble(source, { fileName });
  expect(result.ok).toBe(false);
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map(({ file, line, column, message }) => ({ file, line, column, message }));
}

describe('diagnostics', () => {
  it('unknown mnemonic', () => {
    expect(errors('nop\n  frobnicate %eax\n')).toEqual([
      { file: 't.s', line: 2, column: 3, message: "unknown mnemonic 'frobnicate'" },
    ]);
  });

  it('invalid operand combination (from the encoder)', () => {
    const [e] = errors('\tmovl %eax, %bl\n');
    expect(e).toMatchObject({ line: 1, column: 2 });
  });

  it('value out of range', () => {
    expect(errors('jecxz far\n.fill 200, 1, 0\nfar: ret\n')).toEqual([
      { file: 't.s', line: 1, column: 1, message: 'value 200 is out of range for a 1-byte field' },
    ]);
  });

  it('unterminated .macro, .rept and .if', () => {
    expect(errors('.macro m\n.byte 1\n')).toEqual([
      { file: 't.s', line: 1, column: 1, message: 'unterminated .macro without .endm' },
    ]);
    expect(errors('nop\n.rept 2\nnop\n')[0]).toMatchObject({
      line: 2,
      message: 'unterminated .rept/.irp without .endr',
    });
    expect(errors('.if 1\n.byte 1\n')).toEqual([
      { file: 't.s', line: 1, column: 1, message: '.if without .endif' },
    ]);
  });

  it('unterminated #if and include not found in .S files', () => {
    expect(errors('#if 1\n.byte 1\n', 'k.S')).toEqual([
      { file: 'k.S', line: 1, column: 1, message: 'unterminated #if (missing #endif)' },
    ]);
    expect(errors('nop\n#include "nope.h"\n', 'k.S')).toEqual([
      { file: 'k.S', line: 2, column: 1, message: "include file 'nope.h' not found" },
    ]);
    expect(errors('.include "nope.inc"\n')[0]).toMatchObject({
      line: 1,
      message: "include file 'nope.inc' not found",
    });
  });

  it('macro recursion limit', () => {
    expect(errors('.macro r\nr\n.endm\nr\n')).toEqual([
      { file: 't.s', line: 2, column: 1, message: "macro recursion limit (100) reached in 'r'" },
    ]);
  });

  it('.org backwards', () => {
    expect(errors('.org 10\n.org 5\n')).toEqual([
      {
        file: 't.s',
        line: 2,
        column: 5,
        message: '.org moves the location counter backwards (from 10 to 5)',
      },
    ]);
  });

  it('undefined symbol in a flat image', () => {
    const image = linkFlat(assemble('call nowhere\n'));
    expect(image.ok).toBe(false);
    expect(image.diagnostics[0].message).toBe("undefined symbol 'nowhere' (referenced from .text+0x1)");
  });

  it('points into included files and macro bodies', () => {
    const result = assemble(
      {
        main: 'main.S',
        files: { 'main.S': '#include "defs.h"\n\tBAD\n', 'defs.h': '#define X 1\n\n#error broken header\n' },
      },
      {},
    );
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([
      'defs.h:3: #error broken header',
      "main.S:2: unknown mnemonic 'BAD'",
    ]);
    const macro = assemble('.macro m\n\t.byte 1\n\t.long 1 +\n.endm\n\tm\n');
    expect(macro.diagnostics[0]).toMatchObject({ line: 3, message: 'missing operand' });
  });

  it('symbol redefinition, bad local label references, .err and .error', () => {
    expect(errors('x: nop\nx: nop\n')[0]).toMatchObject({
      line: 2,
      message: "symbol 'x' is already defined (at t.s:1)",
    });
    expect(errors('jmp 1b\n')[0]).toMatchObject({
      line: 1,
      column: 5,
      message: "no previous local label '1:' for '1b'",
    });
    expect(errors('.err\n.error "custom message"\n').map((e) => e.message)).toEqual([
      '.err encountered',
      'custom message',
    ]);
  });

  it("ambiguous operand size: the encoder's GAS warning, at the statement", () => {
    const result = assemble('nop\n  incl %eax\n  inc (%eax)\n', { fileName: 'w.s' });
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'w.s', line: 3, column: 3 }),
    ]);
    expect(result.diagnostics[0].message).toContain('no instruction mnemonic suffix');
  });

  it('a forward local label reference without a label', () => {
    expect(errors('jmp 1f\n.long 2f\n1:\n')).toEqual([
      { file: 't.s', line: 2, column: 7, message: "local label '2:' is not defined (referenced as 2f)" },
    ]);
  });

  it('warnings do not fail the assembly', () => {
    const result = assemble('.byte 256\n.warning "careful"\n');
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'value 0x100 truncated to 0x0'],
      ['warning', 'careful'],
    ]);
  });
});
