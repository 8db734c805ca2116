import { describe, expect, it } from 'vitest';
import { runAsm } from '../../test/support/asm-run.js';
import { Cpu } from '../cpu.js';
import { PhysicalMemory } from '../memory/physical-memory.js';

describe('system instructions in flat programs', () => {
  it('privileged instructions raise #GP(0) at CPL 3', () => {
    for (const insn of ['hlt', 'cli', 'mov %cr0, %eax', 'lgdt 0x3000', 'wrmsr', 'invlpg 0x3000', 'clts']) {
      const r = runAsm(insn, { ring: 3 });
      expect(r.stop, insn).toMatchObject({ reason: 'exception', vector: 13, errorCode: 0 });
    }
  });
  it('hlt at CPL 0 halts', () => {
    expect(runAsm('hlt').stop.reason).toBe('halt');
  });
  it('cpuid identifies a GenuineIntel family 6 with SEP, TSC, CX8, PSE, FXSR', () => {
    const r = runAsm(
      'xor %eax, %eax\ncpuid\nmov %ebx, 0x3000\nmov %edx, 0x3004\nmov %ecx, 0x3008\nmov $1, %eax\ncpuid\nint3',
    );
    expect(new TextDecoder().decode(r.memory.read(0x3000, 12))).toBe('GenuineIntel');
    expect(r.regs.eax >>> 8).toBe(6);
    for (const bit of [0, 3, 4, 5, 8, 11, 24]) expect((r.regs.edx >>> bit) & 1, `bit ${bit}`).toBe(1);
  });
  it('SDM vol. 2 CPUID: a Pentium II reports 2 as its highest basic leaf, and leaf 2 its cache and TLB descriptors', () => {
    const r = runAsm('xor %eax, %eax\ncpuid\nmov %eax, %esi\nmov $2, %eax\ncpuid\nint3');
    expect(r.regs.esi).toBe(2);
    expect(r.regs.eax & 0xff).toBe(1); // one round of CPUID(2) lists everything
    const bytes = [
      r.regs.eax >>> 8,
      r.regs.eax >>> 16,
      r.regs.eax >>> 24,
      r.regs.edx,
      r.regs.edx >>> 8,
      r.regs.edx >>> 16,
      r.regs.edx >>> 24,
    ].map((b) => b & 0xff);
    expect(new Set(bytes)).toEqual(new Set([0x01, 0x02, 0x03, 0x43, 0x08, 0x04, 0x0c]));
    // Beyond the maximum: the highest basic leaf's values.
    expect(runAsm('mov $7, %eax\ncpuid\nint3').regs.edx).toBe(r.regs.edx);
  });
  it('SDM vol. 2 RDPMC: at CPL 3 without CR4.PCE it raises #GP(0), not #UD; at CPL 0 it reads counter 0 or 1', () => {
    expect(runAsm('xor %ecx, %ecx\nrdpmc', { ring: 3 }).stop).toMatchObject({
      reason: 'exception',
      vector: 13,
      errorCode: 0,
    });
    const r = runAsm('mov $-1, %eax\nmov $-1, %edx\nmov $1, %ecx\nrdpmc\nint3');
    expect([r.regs.eax, r.regs.edx]).toEqual([0, 0]);
    expect(runAsm('mov $2, %ecx\nrdpmc').stop).toMatchObject({ vector: 13, errorCode: 0 });
  });
  it('rdtsc is deterministic and grows with the modelled cycles', () => {
    const a = runAsm('rdtsc\nmov %eax, %ebx\nnop\nnop\nrdtsc\nint3');
    const b = runAsm('rdtsc\nmov %eax, %ebx\nnop\nnop\nrdtsc\nint3');
    expect(a.regs.eax).toBe(b.regs.eax);
    expect(a.regs.eax).toBeGreaterThan(a.regs.ebx);
  });
  it('rdtsc and rdmsr 0x10 read Cpu.timeStampCounter when a machine sets it', () => {
    const memory = new PhysicalMemory(1 << 20);
    const cpu = new Cpu({ memory });
    // rdtsc; mov %eax,%ebx; mov %edx,%esi; mov $0x10,%ecx; rdmsr; hlt
    memory.write(
      0x1000,
      new Uint8Array([0x0f, 0x31, 0x89, 0xc3, 0x89, 0xd6, 0xb9, 0x10, 0, 0, 0, 0x0f, 0x32, 0xf4]),
    );
    cpu.eip = 0x1000;
    let now = 0x1_2345_6789;
    cpu.timeStampCounter = () => now++;
    cpu.run(10);
    expect([cpu.ebx >>> 0, cpu.esi]).toEqual([0x2345_6789, 1]);
    expect([cpu.eax >>> 0, cpu.edx]).toEqual([0x2345_678a, 1]);
  });
  it('MSR 0x8B (BIOS_SIGN_ID) takes the write of 0 and reports microcode revision 1 in EDX', () => {
    const r = runAsm(
      'mov $0x8b, %ecx\nxor %eax, %eax\nxor %edx, %edx\nwrmsr\ncpuid\nmov $0x8b, %ecx\nrdmsr\nint3',
    );
    expect([r.regs.eax, r.regs.edx]).toEqual([0, 1]);
  });
  it('MSR 0x17 (PLATFORM_ID) reads 0 (platform 0, as QEMU reports); writing it is #GP', () => {
    const r = runAsm('mov $0x17, %ecx\nmov $-1, %eax\nmov $-1, %edx\nrdmsr\nint3');
    expect([r.regs.eax, r.regs.edx]).toEqual([0, 0]);
    expect(runAsm('mov $0x17, %ecx\nwrmsr').stop).toMatchObject({ vector: 13 });
  });
  it('sysenter MSRs round-trip through wrmsr/rdmsr; an unknown MSR is #GP', () => {
    const r = runAsm('mov $0x174, %ecx\nmov $0x08, %eax\nxor %edx, %edx\nwrmsr\nxor %eax, %eax\nrdmsr\nint3');
    expect(r.regs.eax).toBe(8);
    expect(runAsm('mov $0x12345, %ecx\nrdmsr').stop).toMatchObject({ vector: 13 });
  });
  it('in/out at CPL 3 with IOPL 0 and no bitmap is #GP(0); at CPL 0 it reaches the bus', () => {
    expect(runAsm('in $0x60, %al', { ring: 3 }).stop).toMatchObject({ vector: 13, errorCode: 0 });
    expect(runAsm('in $0x60, %al\nint3').regs.eax & 0xff).toBe(0xff);
  });
  it('lar/lsl report the flat GDT descriptors; verr/verw check access', () => {
    const r = runAsm('mov $0x10, %ecx\nlar %ecx, %eax\nlsl %ecx, %ebx\nverw %cx\nsetz %dl\nint3');
    expect(r.regs.eax).toBe(0x00cf9300); // raw descriptor bits 8-23
    expect(r.regs.ebx).toBe(0xffffffff);
    expect(r.regs.edx & 0xff).toBe(1);
  });
  it('mov to a segment register checks the descriptor: RPL 3 data at CPL 0 is fine, CPL 3 loading DPL 0 is #GP(sel)', () => {
    expect(runAsm('mov $0x23, %eax\nmov %eax, %ds\nint3').stop).toMatchObject({ vector: 3 });
    expect(runAsm('mov $0x10, %eax\nmov %eax, %ds', { ring: 3 }).stop).toMatchObject({
      vector: 13,
      errorCode: 0x10,
    });
  });
});
