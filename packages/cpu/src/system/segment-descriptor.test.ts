import { describe, expect, it } from 'vitest';
import { SegmentDescriptor } from './segment-descriptor.js';

// Encodings from SDM vol. 3A figure 3-8 (segment descriptor) and figure 5-8 (call gate).
describe('SegmentDescriptor', () => {
  it('decodes a flat 4 GiB ring-3 code segment', () => {
    const d = new SegmentDescriptor(0x0000ffff, 0x00cffa00, 0x1018);
    expect(d).toMatchObject({
      base: 0,
      limit: 0xffffffff,
      dpl: 3,
      present: true,
      isSegment: true,
      isCode: true,
      conforming: false,
      readable: true,
      accessed: false,
      granular: true,
      big: true,
      type: 0xa,
      attr: 0xc0fa,
      address: 0x1018,
    });
  });

  it('splits a byte-granular base and limit across both dwords', () => {
    // base 0x12345678, limit 0x0abcd, present ring-0 writable data, accessed, 16-bit.
    const d = new SegmentDescriptor(0x5678abcd, 0x12009334, 0);
    expect(d.base).toBe(0x12345678);
    expect(d.limit).toBe(0xabcd);
    expect(d.writableData).toBe(true);
    expect(d.accessed).toBe(true);
    expect(d.big).toBe(false);
    expect(d.isCode).toBe(false);
  });

  it('tells execute-only and conforming code apart', () => {
    expect(new SegmentDescriptor(0, 0x9800, 0).readable).toBe(false);
    expect(new SegmentDescriptor(0, 0x9e00, 0).conforming).toBe(true);
  });

  it('decodes a 32-bit call gate (selector, offset, parameter count)', () => {
    const gate = new SegmentDescriptor(0x00085678, 0x1234ec03, 0);
    expect(gate.isSegment).toBe(false);
    expect(gate.systemType).toBe(0x0c);
    expect(gate.gateSelector).toBe(0x0008);
    expect(gate.gateOffset).toBe(0x12345678);
    expect(gate.gateParams).toBe(3);
    expect(gate.dpl).toBe(3);
  });

  it('takes only the low offset word of a 16-bit gate', () => {
    expect(new SegmentDescriptor(0x00085678, 0x12348600, 0).gateOffset).toBe(0x5678);
  });
});
