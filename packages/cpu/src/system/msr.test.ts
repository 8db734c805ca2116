// The MSRs by the SDM's rules (vol. 3B, table B-11 "MSRs in the P6 Family Processors" and 18.x
// "Performance Monitoring (P6 family)"), through RDMSR/WRMSR at CPL 0.
import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';

function rdmsrAfter(setup: string, index: number): [number, number] {
  const r = runAsm(`${setup}\nmov $${index}, %ecx\nrdmsr\nint3`);
  expect(r.stop).toMatchObject({ reason: 'exception', vector: 3 });
  return [r.regs.edx >>> 0, r.regs.eax >>> 0];
}

function wrmsr(index: number, edx: number, eax: number): string {
  return `mov $${index}, %ecx\nmov $${edx}, %edx\nmov $${eax}, %eax\nwrmsr`;
}

describe('performance-monitoring MSRs of the Pentium II', () => {
  it('PERFCTR0/1 (C1H, C2H) are 40-bit: WRMSR writes bits 31–0 and sign-extends bit 31 into 39–32', () => {
    for (const index of [0xc1, 0xc2]) {
      expect(rdmsrAfter('', index)).toEqual([0, 0]); // zero after reset
      expect(rdmsrAfter(wrmsr(index, 0x12345678, 0x7fffffff), index)).toEqual([0, 0x7fffffff]);
      expect(rdmsrAfter(wrmsr(index, 0, 0x80000001), index)).toEqual([0xff, 0x80000001]);
    }
  });

  it('EVNTSEL0/1 (186H, 187H) read back what was written (the counters keep their value: no events are counted)', () => {
    expect(rdmsrAfter(wrmsr(0x186, 0, 0x0041_00c0), 0x186)).toEqual([0, 0x0041_00c0]);
    expect(rdmsrAfter(wrmsr(0x187, 0, 0xff83_0079), 0x187)).toEqual([0, 0xff83_0079]);
    const counter = `${wrmsr(0x186, 0, 0x0043_00c0)}\n${wrmsr(0xc1, 0, 1000)}\nnop\nnop\nnop`;
    expect(rdmsrAfter(counter, 0xc1)).toEqual([0, 1000]);
  });

  it('RDPMC reads PERFCTR0/1 (ECX 0/1) as EDX bits 39–32 and EAX bits 31–0', () => {
    for (const counter of [0, 1]) {
      const r = runAsm(`${wrmsr(0xc1 + counter, 0, 0x8000_0005)}\nmov $${counter}, %ecx\nrdpmc\nint3`);
      expect(r.stop).toMatchObject({ reason: 'exception', vector: 3 });
      expect([r.regs.edx >>> 0, r.regs.eax >>> 0]).toEqual([0xff, 0x8000_0005]);
    }
  });

  it('the two counters and two selectors are four separate registers', () => {
    const all = [wrmsr(0xc1, 0, 1), wrmsr(0xc2, 0, 2), wrmsr(0x186, 0, 3), wrmsr(0x187, 0, 4)].join('\n');
    expect([0xc1, 0xc2, 0x186, 0x187].map((i) => rdmsrAfter(all, i)[1])).toEqual([1, 2, 3, 4]);
  });

  it('an MSR a Pentium II lacks is #GP(0) for RDMSR and WRMSR (e.g. 188H, PERFEVTSEL2 of later CPUs)', () => {
    expect(runAsm('mov $0x188, %ecx\nrdmsr\nint3').stop).toMatchObject({ vector: 13, errorCode: 0 });
    expect(runAsm(`${wrmsr(0xc3, 0, 0)}\nint3`).stop).toMatchObject({ vector: 13, errorCode: 0 });
  });
});
