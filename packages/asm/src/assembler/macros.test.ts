import { describe, expect, it } from 'vitest';
import {
  bindArguments,
  type MacroDefinition,
  parseMacroHeader,
  splitMacroArguments,
  substitute,
} from './macros.js';

const at = { file: 'm.s', line: 1, column: 1 };

describe('macro arguments (as GAS splits them)', () => {
  it('splits at commas and at blanks that GAS keeps', () => {
    expect(splitMacroArguments('1, 2')).toEqual(['1', '2']);
    expect(splitMacroArguments('4 6 7')).toEqual(['4', '6', '7']);
    expect(splitMacroArguments('2 + 3')).toEqual(['2+3']);
    expect(splitMacroArguments('5 - 1')).toEqual(['5', '-', '1']);
    expect(splitMacroArguments('(1 - 2) [3] x')).toEqual(['(1 - 2)[3]x']);
    expect(splitMacroArguments('1 ~2')).toEqual(['1~2']);
    expect(splitMacroArguments('(%eax, %ebx), "a, b"')).toEqual(['(%eax, %ebx)', '"a, b"']);
    expect(splitMacroArguments('b=9, a=10')).toEqual(['b=9', 'a=10']);
  });

  it('binds positional, keyword, default, required and vararg parameters', () => {
    const header = parseMacroHeader('m a, b=5, c:req, d:vararg', at);
    const macro: MacroDefinition = { ...header, body: [], position: at };
    expect(Object.fromEntries(bindArguments(macro, '1, c=3', at))).toEqual({ a: '1', b: '5', c: '3', d: '' });
    expect(bindArguments(macro, '1, 2, 3, x y, z', at).get('d')).toBe('x y,z');
    expect(() => bindArguments(macro, '1', at)).toThrow("missing value for required parameter 'c'");
  });

  it('substitutes \\name, \\() and \\@', () => {
    const values = new Map([
      ['reg', 'eax'],
      ['n', '4'],
    ]);
    expect(substitute('pushl %\\reg; .byte \\n\\()0; lbl\\@:', values, 7)).toBe(
      'pushl %eax; .byte 40; lbl7:',
    );
    expect(substitute('\\unknown', values, 0)).toBe('\\unknown');
  });
});
