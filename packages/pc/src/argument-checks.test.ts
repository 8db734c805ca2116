import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, MultibootError, PcMachine } from './index.js';

describe('arguments of the wrong shape throw named errors', () => {
  it('PcMachine: a memory size that is not a multiple of 4 KiB', () => {
    const call = () => new PcMachine({ memorySize: 100_000_000 });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      'new PcMachine: expected options.memorySize in bytes, a multiple of 4096 up to 2 GiB, got number 100000000; e.g. 100003840',
    );
    expect(() => new PcMachine({ memorySize: 1000 })).toThrow(/got number 1000; e\.g\. 4096/);
    expect(new PcMachine({ memorySize: 1 << 20 }).memory.size).toBe(1 << 20);
  });

  it('PcMachine: a console that is not a function', () => {
    expect(() => new PcMachine({ console: process.stdout } as never)).toThrow(
      /^new PcMachine: expected options\.console as a function, got an object/,
    );
  });

  it('loadMultiboot: a build result instead of its image', () => {
    const guest = { ok: true, image: new Uint8Array(16), entry: 0x100000 };
    const call = () => new PcMachine().loadMultiboot(guest as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      'loadMultiboot: expected the kernel image as a Uint8Array (an ELF or a.out-kludge file), got an object with ok, image, entry; pass the bytes: loadMultiboot(guest.image)',
    );
    expect(() => new PcMachine().loadMultiboot(new ArrayBuffer(8) as never)).toThrow(
      /wrap it: new Uint8Array\(buffer\)/,
    );
  });

  it('loadMultiboot: a buffer that is not a kernel is a MultibootError', () => {
    const call = () =>
      new PcMachine().loadMultiboot(new TextEncoder().encode('#!/bin/sh\necho not a kernel\n'));
    expect(call).toThrow(MultibootError);
    try {
      call();
    } catch (error) {
      expect((error as MultibootError).name).toBe('MultibootError');
      expect((error as MultibootError).code).toBe('no-header');
    }
  });
});
