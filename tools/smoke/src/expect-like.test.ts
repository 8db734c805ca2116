import { describe, expect, it } from 'vitest';
import { expectLike } from './expect-like.js';

const check = (actual: unknown, expected: unknown) => () => expectLike(actual, expected, 'README.md:7', 'r');

describe('expectLike', () => {
  it('objects: the listed properties, recursively; others may exist', () => {
    expect(
      check({ reason: 'exit', exitCode: 1, instructions: 5 }, { reason: 'exit', exitCode: 1 }),
    ).not.toThrow();
    expect(check({ stop: { vector: 3 } }, { stop: { vector: 6 } })).toThrow(
      'README.md:7: README says r.stop.vector is 6 (0x6), but it is 3 (0x3)',
    );
    expect(check(undefined, { a: 1 })).toThrow('r is an object, but it is undefined');
  });

  it('arrays and typed arrays: every element', () => {
    expect(check(new Uint8Array([0xfa, 0xf4]), [0xfa, 0xf4])).not.toThrow();
    expect(check([1, 2, 3], [1, 2])).toThrow('r is [1,2], but it is [1,2,3]');
    expect(check([], [])).not.toThrow();
  });

  it('a string ending in … is a prefix', () => {
    expect(check('#define IRET iret\n#define CLI cli\n', '#define IRET iret\n…')).not.toThrow();
    expect(check('#ifndef X\n', '#define IRET iret\n…')).toThrow(
      /r starts with "#define IRET iret\\n", but it is "#ifndef X\\n"/,
    );
  });

  it('anything else: Object.is', () => {
    expect(check(true, true)).not.toThrow();
    expect(check(0x100000, 0x00100000)).not.toThrow();
    expect(check('42', 42)).toThrow('r is 42 (0x2a), but it is "42"');
    expect(check(Number.NaN, Number.NaN)).not.toThrow();
  });
});
