import { describe, expect, it } from 'vitest';
import { Cpu, InvalidArgumentError, PhysicalMemory, runFlat } from './index.js';

describe('arguments of the wrong shape throw InvalidArgumentError', () => {
  it('PhysicalMemory: a size that is not a whole number of 4 KiB pages', () => {
    const call = () => new PhysicalMemory(1_000_000);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      'new PhysicalMemory: expected a size in bytes, a multiple of 4096 up to 2 GiB, got number 1000000; e.g. 1003520',
    );
    expect(() => new PhysicalMemory(0)).toThrow(/got number 0$/);
    expect(() => new PhysicalMemory(4 * 2 ** 30)).toThrow(/up to 2 GiB, got number 4294967296$/);
    expect(() => new PhysicalMemory('64M' as never)).toThrow(/got a string \("64M"\)/);
    expect(new PhysicalMemory(4096).size).toBe(4096);
  });

  it('Cpu: the memory itself instead of { memory }', () => {
    const memory = new PhysicalMemory(1 << 20);
    const call = () => new Cpu(memory as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      /^new Cpu: expected options \{ memory: PhysicalMemory.*pass the memory as an option: new Cpu\(\{ memory \}\)$/,
    );
    expect(() => new Cpu({ memory: new Uint8Array(4096) } as never)).toThrow(/new Cpu: expected options/);
    expect(new Cpu({ memory }).eip).toBe(0);
  });

  it('Cpu: an option it does not read', () => {
    const memory = new PhysicalMemory(1 << 20);
    const call = () => new Cpu({ memory, hooks: { trace: () => {} } } as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(/unknown: hooks.*set cpu\.hooks after construction$/);
    expect(() => new Cpu({ memory, compiled: true } as never)).toThrow(/unknown: compiled,/);
    expect(new Cpu({ memory, io: undefined, compile: false }).eip).toBe(0);
  });

  it('runFlat: a linked image instead of its bytes', () => {
    const image = { ok: true, bytes: new Uint8Array([0xf4]) };
    expect(() => runFlat({ code: image } as never)).toThrow(
      "runFlat: expected options.code as a Uint8Array of machine code, got an object with ok, bytes; pass the image's bytes: runFlat({ code: linkFlat(result).bytes })",
    );
    expect(() => runFlat({ code: [0xf4] } as never)).toThrow(/got an array of 1$/);
    expect(() => runFlat(undefined as never)).toThrow(
      'runFlat: expected options { code: Uint8Array, … }, got undefined',
    );
    expect(runFlat({ code: new Uint8Array([0xf4]) }).stop.reason).toBe('halt');
  });

  it('is a named TypeError', () => {
    const error = (() => {
      try {
        new PhysicalMemory(100);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).name).toBe('InvalidArgumentError');
  });
});
