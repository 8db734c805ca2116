// The comparator itself: it must see every kind of difference, and ignore exactly what is undefined.
import { describe, expect, it } from 'vitest';
import { compareResults } from './compare.js';
import type { CoreResult } from './core.js';
import { AF, CF, OF } from './flags.js';
import type { NativeResult } from './native.js';

function pair(): [NativeResult, CoreResult] {
  const regs = Uint32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const window = new Uint8Array(16);
  const native: NativeResult = {
    signal: 5,
    vector: 3,
    errorCode: 0,
    regs,
    eflags: 0x202,
    eip: 0x20001,
    window,
  };
  const core: CoreResult = {
    reason: 'exception',
    vector: 3,
    errorCode: undefined,
    eip: 0x20001,
    regs: regs.slice(),
    eflags: 0x202,
    window: window.slice(),
    instructions: 1,
  };
  return [native, core];
}

describe('compareResults', () => {
  it('accepts identical results', () => {
    const [n, c] = pair();
    expect(compareResults(n, c, { flags: 0 })).toEqual([]);
  });

  it('reports a register, a flag, a memory byte, the EIP and the stop', () => {
    let [n, c] = pair();
    c.regs[2] ^= 0x100;
    expect(compareResults(n, c, { flags: 0 })[0]).toMatch(/^edx/);
    [n, c] = pair();
    c.eflags |= CF;
    expect(compareResults(n, c, { flags: 0 })[0]).toMatch(/^eflags/);
    [n, c] = pair();
    c.window[5] = 9;
    expect(compareResults(n, c, { flags: 0 })[0]).toMatch(/^memory 0x10005/);
    [n, c] = pair();
    c.eip += 1;
    expect(compareResults(n, c, { flags: 0 })[0]).toMatch(/^eip/);
    [n, c] = pair();
    c.vector = 0;
    expect(compareResults(n, c, { flags: 0 })[0]).toMatch(/^stop/);
  });

  it('ignores exactly the undefined flags, register bits and memory', () => {
    const [n, c] = pair();
    c.eflags |= AF | OF;
    c.regs[0] ^= 0xff00;
    c.window[3] = 1;
    expect(
      compareResults(n, c, {
        flags: AF | OF,
        registers: [0xff00, 0, 0, 0, 0, 0, 0, 0],
        window: { offset: 3, length: 1 },
      }),
    ).toEqual([]);
    expect(
      compareResults(n, c, {
        flags: AF,
        registers: [0xff00, 0, 0, 0, 0, 0, 0, 0],
        window: { offset: 3, length: 1 },
      }),
    ).toHaveLength(1);
  });
});
