import { describe, expect, it } from 'vitest';
import { byCount, parseLocation } from './format.js';

const listing = [
  { file: 'entry.S', line: 10, address: 0xc0100000 },
  { file: 'entry.S', line: 10, address: 0xc0100004 },
  { file: 'kernel/head.S', line: 3, address: 0xc0100100 },
];

describe('parseLocation', () => {
  it('takes the first byte a source line emitted', () => {
    expect(parseLocation('entry.S:10', listing)).toEqual({ address: 0xc0100000 });
    expect(parseLocation('head.S:3', listing)).toEqual({ address: 0xc0100100 });
  });
  it('takes a hex address with or without 0x', () => {
    expect(parseLocation('0xC0100004', listing)).toEqual({ address: 0xc0100004 });
    expect(parseLocation('fc000000', listing)).toEqual({ address: 0xfc000000 });
  });
  it('says why a location cannot be used', () => {
    expect(parseLocation('entry.S:11', listing)).toEqual({ error: 'entry.S:11 emits no code in this build' });
    expect(parseLocation('system_call', listing)).toEqual({
      error: "'system_call' is neither file:line nor a hex address",
    });
    expect(parseLocation('0x1ffffffff', listing)).toEqual({ error: '0x1ffffffff is not an address' });
  });
});

describe('byCount', () => {
  it('sorts by count, largest first, then by name', () => {
    expect(byCount({ b: 2, a: 2, c: 5 })).toEqual([
      ['c', 5],
      ['a', 2],
      ['b', 2],
    ]);
  });
});
