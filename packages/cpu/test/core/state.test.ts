// Snapshots (CPU state + copy-on-write memory), the decoded-instruction cache under code writes,
// restartable REP string instructions, and triple faults.
import { describe, expect, it } from 'vitest';
import { Cpu, PhysicalMemory, runFlat } from '../../src/index.js';
import { assembleFlat, runAsm } from '../support/asm-run.js';
import { systemMachine } from '../support/system-program.js';

describe('snapshots', () => {
  it('restoring CPU and memory replays a run exactly, thousands of times', () => {
    const m = systemMachine({
      code: `
1:  movl %ss:results, %eax
    imull $1103515245, %eax
    addl $12345, %eax
    movl %eax, %ss:results
    movl %eax, %ebx
    andl $0x3ffc, %ebx
    movl %eax, buffer(%ebx)
    incl %ecx
    jmp 1b`,
      data: '    .p2align 12\nbuffer: .fill 16384, 1, 0',
    });
    m.cpu.run(5000);
    const cpuSnap = m.cpu.saveState();
    const memSnap = m.memory.snapshot();
    m.cpu.run(3000);
    const expected = {
      regs: [m.cpu.eax, m.cpu.ebx, m.cpu.ecx, m.cpu.eip],
      mem: m.memory.read(m.at('buffer'), 16384),
    };
    for (let k = 0; k < 1000; k++) {
      m.memory.restore(memSnap);
      m.cpu.loadState(cpuSnap);
      m.cpu.run(3000);
    }
    expect([m.cpu.eax, m.cpu.ebx, m.cpu.ecx, m.cpu.eip]).toEqual(expected.regs);
    expect(m.memory.read(m.at('buffer'), 16384)).toEqual(expected.mem);
    expect(m.cpu.instructionCount).toBe(8000);
    // Only the pages the run touched were saved.
    expect(m.memory.dirtyPageCount).toBeLessThan(8);
  });

  it('two CPUs can share one PhysicalMemory', () => {
    const memory = new PhysicalMemory(1 << 20);
    const { bytes } = assembleFlat('1: lock incl 0x8000\n jmp 1b', 0x1000);
    memory.write(0x1000, bytes);
    const cpus = [new Cpu({ memory }), new Cpu({ memory })];
    for (const c of cpus) c.eip = 0x1000;
    for (let k = 0; k < 10; k++) for (const c of cpus) c.run(100);
    expect(memory.readU32(0x8000)).toBe(1000);
  });
});

describe('decoded-instruction cache', () => {
  it('self-modifying code runs the new bytes', () => {
    // The loop rewrites the immediate of `movl $1, %eax` (at patch+1) before executing it again.
    const r = runAsm(`
    movl $3, %ecx
again:
patch:
    movl $1, %eax
    addl %eax, %ebx
    movl $100, patch+1
    loop again
    int3`);
    expect(r.regs.ebx).toBe(1 + 100 + 100);
  });

  it('writes through PhysicalMemory.write (a loader, the hypervisor) invalidate decoded code', () => {
    const memory = new PhysicalMemory(1 << 20);
    memory.write(0x1000, new Uint8Array([0xb8, 1, 0, 0, 0, 0xf4])); // mov $1,%eax; hlt
    const cpu = new Cpu({ memory });
    cpu.eip = 0x1000;
    expect(cpu.run(10).kind).toBe('halt');
    expect(cpu.eax).toBe(1);
    memory.write(0x1001, new Uint8Array([42]));
    cpu.eip = 0x1000;
    cpu.halted = false;
    expect(cpu.run(10).kind).toBe('halt');
    expect(cpu.eax).toBe(42);
  });
});

describe('REP string instructions', () => {
  it('a #PF in the middle leaves ECX/ESI/EDI at the faulting element and EIP at the instruction', () => {
    const m = systemMachine({
      code: `
    # Map 0-4 MiB except the page at 0x300000, then copy 3 pages ending past its start.
    movl $pgtab, %eax
    orl $3, %eax
    movl %eax, pgdir
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $12, %eax
    orl $3, %eax
    movl %eax, pgtab(,%ecx,4)
    incl %ecx
    cmpl $1024, %ecx
    jb 1b
    movl $0, pgtab + 4*0x300
    movl $pgdir, %eax
    movl %eax, %cr3
    movl %cr0, %eax
    orl $0x80000000, %eax
    movl %eax, %cr0
    movl $0x200000, %esi
    movl $0x2ff000, %edi
    movl $3072, %ecx
    cld
copy:
    rep movsl
    DONE`,
      data: '    .p2align 12\npgdir: .fill 1024, 4, 0\npgtab: .fill 1024, 4, 0',
    });
    expect(m.cpu.run(1_000_000).kind).toBe('halt');
    expect(m.u32('frame_vector')).toBe(14);
    expect(m.u32('frame_cr2')).toBe(0x300000);
    expect(m.u32('frame', 1)).toBe(m.at('copy'));
    // 1024 doublewords (one page) were copied before the fault.
    expect(m.cpu.ecx).toBe(2048);
    expect(m.cpu.edi).toBe(0x300000);
    expect(m.cpu.esi).toBe(0x201000);
  });

  it('REPE CMPSB stops at the first difference', () => {
    const r = runFlat({
      code: assembleFlat(`
    movl $s1, %esi
    movl $s2, %edi
    movl $10, %ecx
    cld
    repe cmpsb
    int3
s1: .ascii "abcdefghij"
s2: .ascii "abcdXfghij"`).bytes,
    });
    expect(r.regs.ecx).toBe(5);
    expect(r.regs.eflags & 0x40).toBe(0);
  });
});

describe('shutdown', () => {
  it('an exception while delivering #DF is a triple fault: run() reports it', () => {
    const m = systemMachine({
      code: `
    lidt bad_idtr
    ud2`,
      data: 'bad_idtr: .word 0\n .long 0',
    });
    const stop = m.cpu.run(100_000);
    expect(stop.kind).toBe('triple-fault');
    expect(m.cpu.run(10).kind).toBe('triple-fault');
  });
});
