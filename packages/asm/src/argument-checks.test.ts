import { describe, expect, it } from 'vitest';
import {
  assemble,
  formatListing,
  InvalidArgumentError,
  linkElfExecutable,
  linkFlat,
  writeElfRelocatable,
} from './index.js';

describe('arguments of the wrong shape throw InvalidArgumentError', () => {
  it('assemble: bytes instead of source text', () => {
    const call = () => assemble(new Uint8Array([0x6e, 0x6f, 0x70]) as unknown as string);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      /^assemble: expected source text .* got a Uint8Array of 3 bytes; decode the bytes first/,
    );
  });

  it('assemble: { files } without main, and a file that is not text', () => {
    expect(() => assemble({ files: { 'a.s': 'nop' } } as never)).toThrow(/assemble: expected .*main: string/);
    expect(() => assemble({ files: { 'a.s': 42 }, main: 'a.s' } as never)).toThrow(
      "assemble: expected files['a.s'] to be text, got number 42",
    );
  });

  it('assemble: options of the wrong shape', () => {
    expect(() => assemble('nop', { readFile: 'include' } as never)).toThrow(/options\.readFile as \(path\)/);
    expect(() => assemble('nop', { includePaths: 'include' } as never)).toThrow(
      /options\.includePaths as an array/,
    );
    expect(() => assemble('nop', { defines: ['A=1'] } as never)).toThrow(/options\.defines as a Record/);
  });

  it('the error is named, and carries what the function expected', () => {
    try {
      linkFlat('nop' as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as InvalidArgumentError).name).toBe('InvalidArgumentError');
      expect((error as InvalidArgumentError).functionName).toBe('linkFlat');
      expect((error as InvalidArgumentError).expected).toBe('the AssembleResult returned by assemble()');
    }
  });

  it('the output functions want the whole AssembleResult', () => {
    const result = assemble('nop');
    expect(() => linkFlat(result.sections as never)).toThrow(
      /pass the whole result of assemble\(\), not result\.sections/,
    );
    expect(() => linkElfExecutable(undefined as never)).toThrow(
      'linkElfExecutable: expected the AssembleResult',
    );
    expect(() => writeElfRelocatable({} as never)).toThrow('got an empty object');
    expect(() => formatListing(null as never)).toThrow(
      'formatListing: expected the AssembleResult returned by assemble(), got null',
    );
  });

  it('well-formed arguments still go through, and bad source is still a diagnostic', () => {
    expect(linkFlat(assemble('nop')).bytes).toEqual(new Uint8Array([0x90]));
    const bad = assemble('frobnicate %eax');
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]?.severity).toBe('error');
  });
});
