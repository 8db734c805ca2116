import { describe, expect, it } from 'vitest';
import {
  accessOf,
  baseOf,
  descriptorOf,
  dplOf,
  flatSegment,
  gateDescriptor,
  gateOf,
  limitOf,
  tssDescriptor,
  withBase,
  withDpl,
  withLimit,
} from './descriptor.js';

describe('descriptors as values', () => {
  it('reads base, limit, DPL and the access word of the fixture’s kernel code segment', () => {
    const code = descriptorOf(0x0000ffff, 0x00cf9a00); // Linux's __KERNEL_CS: flat 4 GiB, DPL 0
    expect(baseOf(code)).toBe(0);
    expect(limitOf(code)).toBe(0xffffffff);
    expect(dplOf(code)).toBe(0);
    expect(accessOf(code)).toBe(0xc09a);
    expect(flatSegment(0xa, 0)).toEqual(code);
  });

  it('rewrites one field and keeps the others', () => {
    const espfix = withBase(descriptorOf(0x0000ffff, 0x00cf9200), 0x6565a123);
    expect(baseOf(espfix)).toBe(0x6565a123);
    expect(limitOf(espfix)).toBe(0xffffffff);
    expect(dplOf(withDpl(espfix, 1))).toBe(1);
    expect(baseOf(withDpl(espfix, 1))).toBe(0x6565a123);
  });

  it('sets a limit with the granularity it needs, never granting more than asked', () => {
    expect(limitOf(withLimit(flatSegment(0x3, 1), 0xffff))).toBe(0xffff);
    expect(limitOf(withLimit(flatSegment(0x3, 1), 0xfc001fff))).toBe(0xfc001fff);
    // Not a whole page: rounded down to the page below.
    expect(limitOf(withLimit(flatSegment(0x3, 1), 0xfc001ffe))).toBe(0xfc000fff);
  });

  it('builds TSS descriptors and gates that read back', () => {
    const tss = tssDescriptor(0xfc003800, 103, true);
    expect(baseOf(tss)).toBe(0xfc003800);
    expect(limitOf(tss)).toBe(103);
    expect((tss.hi >>> 8) & 0xf).toBe(0xb);
    const gate = { selector: 0x61, offset: 0xc0100470, type: 0xf, dpl: 3, present: true };
    expect(gateOf(gateDescriptor(gate))).toEqual(gate);
  });
});
