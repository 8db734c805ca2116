import { describe, expect, it } from 'vitest';
import { describeValue, InvalidArgumentError, isRecord } from './invalid-argument-error.js';

describe('InvalidArgumentError', () => {
  it('names the function, what it expected, what came, and a hint', () => {
    const error = new InvalidArgumentError(
      'linkFlat',
      'the AssembleResult returned by assemble()',
      'text',
      'assemble it first',
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.functionName).toBe('linkFlat');
    expect(error.message).toBe(
      'linkFlat: expected the AssembleResult returned by assemble(), got a string ("text"); assemble it first',
    );
  });

  it('describes a value by its kind, never its whole contents', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, 2, 3])).toBe('an array of 3');
    expect(describeValue(new Uint8Array(10))).toBe('a Uint8Array of 10 bytes');
    expect(describeValue('x'.repeat(40))).toBe(`a string ("${'x'.repeat(24)}…")`);
    expect(describeValue({})).toBe('an empty object');
    expect(describeValue({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 })).toBe('an object with a, b, c, d, e, …');
    expect(describeValue(function named() {})).toBe('a function (named)');
    expect(describeValue(42)).toBe('number 42');
  });

  it('tells records from arrays, byte views and null', () => {
    expect(isRecord({ a: 1 })).toBe(true);
    expect([[], new Uint8Array(1), null, 'x'].map(isRecord)).toEqual([false, false, false, false]);
  });
});
