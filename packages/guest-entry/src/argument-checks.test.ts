import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { buildGuest, ElfFormatError, InvalidArgumentError, readElf32 } from './index.js';

describe('arguments of the wrong shape throw named errors', () => {
  it('buildGuest(vmiBackend) instead of buildGuest({ backend: vmiBackend })', () => {
    const call = () => buildGuest(vmiBackend as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      /^buildGuest: expected options \{ backend: MachBackend, sources\? \}, got an object with .*; that is a MachBackend \('vmi'\); call buildGuest\(\{ backend: vmiBackend \}\)$/,
    );
  });

  it('a backend name instead of the backend object', () => {
    expect(() => buildGuest({ backend: 'native' } as never)).toThrow(
      /^buildGuest: expected options\.backend as a MachBackend \(with its header text\), got a string \("native"\); import the backend object/,
    );
    expect(() => buildGuest(undefined as never)).toThrow(
      'buildGuest: expected options { backend: MachBackend, sources? }, got undefined',
    );
  });

  it('sources that are not text', () => {
    expect(() =>
      buildGuest({ backend: nativeBackend, sources: { 'entry.S': new Uint8Array(4) } } as never),
    ).toThrow(/options\.sources as a Record<file name, source text>/);
  });

  it('readElf32: the build result instead of its image, and a buffer that is not ELF', () => {
    expect(() => readElf32({ image: new Uint8Array(64) } as never)).toThrow(
      "readElf32: expected the file's bytes as a Uint8Array, got an object with image; pass the bytes: readElf32(guest.image)",
    );
    const notElf = () => readElf32(new TextEncoder().encode('MZ'.padEnd(64, '\0')));
    expect(notElf).toThrow(ElfFormatError);
    expect(notElf).toThrow('not an ELF file');
  });
});
