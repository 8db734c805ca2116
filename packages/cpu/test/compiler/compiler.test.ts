// The block compiler against the interpreter: the same program, compiled and not, must leave the same
// registers, flags, memory, stop, instruction count and modelled cycles — for random loop programs,
// self-modifying code, code patched from outside, faults in the middle of a block and every
// instruction limit. The interpreter itself is checked against the host CPU (host-diff) and QEMU.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { type Cpu, type RunFlatResult, runFlat } from '../../src/index.js';
import { CONDITIONS } from '../host-diff/forms.js';
import { Random } from '../host-diff/random.js';
import { EAGER_COMPILE } from '../support/eager-compile.js';

const ORIGIN = 0x8000;
/** Paging on with one 4 MiB page mapping the first 4 MiB; everything above faults. */
const PAGING = `
  mov $0x30000, %eax
  movl $0x83, (%eax)
  mov %cr4, %edx
  or $0x10, %edx
  mov %edx, %cr4
  mov %eax, %cr3
  mov %cr0, %edx
  or $0x80000000, %edx
  mov %edx, %cr0
`;
const DATA = 0x20000;
const MEMORY_SIZE = 0x100000;

function image(source: string): Uint8Array {
  const linked = linkFlat(assemble(`.code32\n${source}`), { origin: ORIGIN });
  if (!linked.ok) throw new Error(linked.diagnostics.map((d) => d.message).join('\n'));
  return linked.bytes;
}

function run(code: Uint8Array, compile: boolean, maxInstructions: number, ring: 0 | 3 = 0): RunFlatResult {
  return runFlat({
    code,
    origin: ORIGIN,
    ring,
    regs: { ebx: DATA, esi: DATA + 0x100, edi: DATA + 0x200 },
    maxInstructions,
    memorySize: MEMORY_SIZE,
    compile: compile && EAGER_COMPILE,
  });
}

/** Everything a program can observe or leave behind, as one comparable value. */
function outcome(r: RunFlatResult) {
  let digest = 0;
  const bytes = r.memory.bytes;
  for (let k = 0; k < bytes.length; k++) digest = (Math.imul(digest, 31) + bytes[k]) | 0;
  return {
    stop: r.stop,
    regs: r.regs,
    instructions: r.instructions,
    cycles: r.cycles,
    memory: digest,
    cpl: r.cpu.cpl,
  };
}

function compiledBlocks(r: RunFlatResult): number {
  return r.cpu.compiledBlocks?.compiledCount ?? 0;
}

/**
 * Runs `code` interpreted and compiled; the two must leave the same outcome, and the compiled run
 * must really have run compiled blocks. Returns both runs for the test's own checks.
 */
function runBothWays(
  code: Uint8Array,
  maxInstructions: number,
  label?: string,
): { off: RunFlatResult; on: RunFlatResult } {
  const off = run(code, false, maxInstructions);
  const on = run(code, true, maxInstructions);
  expect(outcome(on), label).toEqual(outcome(off));
  expect(compiledBlocks(on)).toBeGreaterThan(0);
  return { off, on };
}

/**
 * Paging maps only the first 4 MiB; the loop's `load` of (%ebx) walks up by 128 KiB a pass and
 * faults in pass 33, long after the loop was compiled. Both ways must stop at the same #PF.
 */
function expectSamePageFault(load: string) {
  const code = image(`${PAGING}
  xor %ebx, %ebx
  mov $100, %ecx
top:
  add $4, %eax
  ${load}
  add $0x20000, %ebx
  xor %edx, %eax
  dec %ecx
  jnz top
  hlt
`);
  const { off, on } = runBothWays(code, 100_000);
  expect(on.stop).toMatchObject({ reason: 'exception', vector: 14 });
  expect(on.cpu.cr2).toBe(off.cpu.cr2);
}

// Loop bodies drawn at random from instructions that the compiler writes out inline and others it
// calls through their handlers (shifts, MUL, string moves, flags, 8- and 16-bit forms).
const REGS = ['%eax', '%ecx', '%edx', '%esi', '%edi'];
const BYTE_REGS = ['%al', '%ah', '%cl', '%ch', '%dl', '%dh'];
const pick = <T>(random: Random, list: readonly T[]): T => list[random.below(list.length)];
const BODY: ((random: Random) => string)[] = [
  (x) =>
    `${pick(x, ['add', 'sub', 'xor', 'and', 'or', 'cmp', 'test', 'adc', 'sbb'])} ${pick(x, REGS)}, ${pick(x, REGS)}`,
  (x) =>
    `${pick(x, ['add', 'sub', 'and', 'or', 'xor', 'cmp', 'adc', 'sbb'])}l $${x.u32() | 0}, ${pick(x, REGS)}`,
  (x) => `${pick(x, ['inc', 'dec', 'neg', 'not'])} ${pick(x, REGS)}`,
  (x) => `mov ${pick(x, REGS)}, ${pick(x, REGS)}`,
  (x) => `mov $${x.u32() | 0}, ${pick(x, REGS)}`,
  (x) => `lea ${x.below(64)}(%ebx,${pick(x, REGS)},${pick(x, [1, 2, 4, 8])}), ${pick(x, REGS)}`,
  (x) => `mov ${x.below(256) * 4}(%ebx), ${pick(x, REGS)}`,
  (x) => `mov ${pick(x, REGS)}, ${x.below(256) * 4}(%ebx)`,
  (x) => `addl ${pick(x, REGS)}, ${x.below(256) * 4}(%ebx)`,
  (x) => `push ${pick(x, REGS)}\n  pop ${pick(x, REGS)}`,
  (x) => `${pick(x, ['shl', 'shr', 'sar', 'rol', 'ror'])} $${x.below(32)}, ${pick(x, REGS)}`,
  (x) => `imul ${pick(x, REGS)}, ${pick(x, REGS)}`,
  (x) => `movzbl ${x.below(1024)}(%ebx), ${pick(x, REGS)}`,
  (x) => `addw $${x.below(65536)}, ${pick(x, ['%ax', '%cx', '%dx'])}`,
  (x) => `${pick(x, ['pushf\n  popf', 'clc', 'stc', 'cmc', 'cld'])}`,
  (x) =>
    `cmp ${pick(x, REGS)}, ${pick(x, REGS)}\n  ${pick(x, ['jz', 'jnz', 'jc', 'jl', 'jg', 'jbe', 'js', 'jo', 'jp'])} 1f\n  inc %eax\n1:`,
  () => 'call leaf',
  (x) => `cmov${pick(x, ['z', 'nz', 'c', 'l', 'g', 's'])} ${pick(x, REGS)}, ${pick(x, REGS)}`,
  (x) => `cmov${pick(x, ['z', 'nz', 'c', 'ae', 'le', 'o', 'p'])} ${x.below(256) * 4}(%ebx), ${pick(x, REGS)}`,
  (x) => `set${pick(x, ['z', 'nz', 'c', 'l', 'g', 'o'])} ${pick(x, ['%al', '%ah', '%dl', '%ch'])}`,
  (x) => `${pick(x, ['testl $0x55aa, ', 'notl ', 'negl '])}${pick(x, REGS)}`,
  (x) =>
    `${pick(x, ['addb', 'subb', 'xorb', 'cmpb', 'movb'])} ${pick(x, ['%ah', '%dl', '%ch', '%dh'])}, ${pick(x, ['%al', '%ah', '%cl', '%dh'])}`,
  (x) => `${pick(x, ['cmpl', 'andl', 'orl', 'subl'])} ${x.below(256) * 4}(%ebx), ${pick(x, REGS)}`,
  (x) => `${pick(x, ['shll', 'shrl', 'sarl', 'rorl'])} %cl, ${pick(x, ['%eax', '%edx', '%esi', '%edi'])}`,
  // A shift's pending CF and OF read directly by a branch, and the by-one forms.
  (x) =>
    `${pick(x, ['shl', 'shr', 'sar'])} ${pick(x, ['', '$1, ', `$${x.below(32)}, `])}${pick(x, REGS)}\n  ${pick(x, ['jc', 'jnc', 'jo', 'jno', 'jbe', 'ja', 'jz', 'js', 'jp', 'jl'])} 1f\n  inc %eax\n1:`,
  (x) =>
    `${pick(x, ['addl', 'subl', 'andl', 'orl', 'xorl', 'adcl', 'sbbl', 'cmpl'])} ${pick(x, REGS)}, ${x.below(256) * 4}(%ebx)`,
  (x) =>
    `${pick(x, ['addl', 'orl', 'adcl', 'sbbl', 'andl', 'subl', 'xorl', 'cmpl'])} $${pick(x, [x.below(256) - 128, x.u32() | 0])}, ${x.below(256) * 4}(%ebx)`,
  (x) => `${pick(x, ['adc', 'sbb', 'xor', 'add'])}l ${x.below(256) * 4}(%ebx), ${pick(x, REGS)}`,
  (x) => `${pick(x, ['movzwl', 'movsbl', 'movswl', 'movzbl'])} ${x.below(1024)}(%ebx), ${pick(x, REGS)}`,
  (x) =>
    `${pick(x, ['movsbl %ah', 'movsbl %dl', 'movswl %cx', 'movzwl %dx', 'movzbl %ch', 'movzbl %al'])}, ${pick(x, REGS)}`,
  (x) =>
    pick(x, [
      `movb ${pick(x, BYTE_REGS)}, ${x.below(1024)}(%ebx)`,
      `movb ${x.below(1024)}(%ebx), ${pick(x, BYTE_REGS)}`,
      `movw ${pick(x, ['%ax', '%cx', '%dx', '%si'])}, ${x.below(1024)}(%ebx)`,
      `movw ${x.below(1024)}(%ebx), ${pick(x, ['%ax', '%cx', '%dx', '%di'])}`,
      `movb $${x.below(256)}, ${x.below(1024)}(%ebx)`,
      `movw $${x.below(65536)}, ${x.below(1024)}(%ebx)`,
      `movl $${x.u32() | 0}, ${x.below(256) * 4}(%ebx)`,
    ]),
  (x) =>
    pick(x, [
      `imul ${x.below(256) * 4}(%ebx), ${pick(x, REGS)}`,
      `imul $${x.u32() | 0}, ${pick(x, REGS)}, ${pick(x, REGS)}`,
      `imul $${x.below(256) - 128}, ${x.below(256) * 4}(%ebx), ${pick(x, REGS)}`,
    ]),
  (x) =>
    `${pick(x, ['incl', 'decl', 'notl', 'negl'])} ${x.below(256) * 4}(%ebx)\n  ${pick(x, ['testl %eax', 'testl $0xf0f0'])}, ${x.below(256) * 4}(%ebx)`,
  (x) => pick(x, ['cwtl', 'cltd', 'incb 3(%ebx)', 'decl 8(%ebx)', 'movb $7, 9(%ebx)', 'movl $-1, 12(%ebx)']),
  (x) =>
    `push %ecx\n  mov $${x.below(8)}, %ecx\n  lea 0x800(%ebx), %edi\n  lea 0x400(%ebx), %esi\n  rep movsl\n  pop %ecx`,
];

function randomProgram(random: Random): string {
  const lines: string[] = [];
  const length = 3 + random.below(12);
  for (let k = 0; k < length; k++) lines.push(`  ${pick(random, BODY)(random)}`);
  return `
  mov $${40 + random.below(200)}, %ebp
top:
${lines.join('\n')}
  dec %ebp
  jnz top
  hlt
leaf:
  push %ebp
  mov %esp, %ebp
  xor $0x5a5a, %eax
  pop %ebp
  ret
`;
}

describe('block compiler: same results as the interpreter', () => {
  it('random loop programs: registers, flags, memory, counts and cycles agree', () => {
    const random = new Random(0x0c0de);
    let compiled = 0;
    for (let n = 0; n < 150; n++) {
      const source = randomProgram(random);
      const code = image(source);
      for (const ring of [0, 3] as const) {
        const off = run(code, false, 200_000, ring);
        const on = run(code, true, 200_000, ring);
        expect(outcome(on), source).toEqual(outcome(off));
        compiled += compiledBlocks(on);
      }
    }
    // The programs really ran compiled code (every loop gets hot).
    expect(compiled).toBeGreaterThan(150);
    // 600 runs: about 5 s alone, 31–67 s in CI beside the other packages' tests on 2 cores.
  }, 180_000);

  it('each inline form agrees, and so does every condition read right after it (CF, OF, ZF, SF, PF, their pairs)', () => {
    // LEA keeps the flags, so all 16 branches read the flags of the form under test; ESI folds in
    // every outcome, and the registers and memory the form may have changed.
    const tests = CONDITIONS.map(
      (cc) => `  lea (%eax,%eax), %eax\n  j${cc} 1f\n  lea 1(%eax), %eax\n1:`,
    ).join('\n');
    const shifts = ['shl', 'shr', 'sar'].flatMap((op) =>
      ['', '$1, ', '$7, ', '$31, ', '%cl, '].map((count) => `${op} ${count}%edx`),
    );
    const others = [
      'imul %edi, %edx',
      'imul $-3, %edx, %edx',
      'imul $0x10001, %edx',
      'imul 8(%ebx), %edx',
      'negl %edx',
      'andl %edi, %edx',
      'sbbl %edi, %edx',
      'adcl 4(%ebx), %edx',
      'orl %edx, 4(%ebx)',
      'decl 4(%ebx)',
      'testl %edx, 4(%ebx)',
      'testl $0x80000000, 4(%ebx)',
      'incl 4(%ebx)',
      'notl 4(%ebx)',
      'negl 4(%ebx)',
      'imul $-7, 4(%ebx), %edx',
      'movw 4(%ebx), %dx',
      'movb 5(%ebx), %dh',
      'movb 6(%ebx), %dl',
      'movb %dh, 6(%ebx)',
      'movw %dx, 6(%ebx)',
      'movb %dl, %dh',
      'movb %dh, %cl',
      'movsbl 5(%ebx), %edx',
      'movzwl 6(%ebx), %edx',
      'movswl %dx, %edx',
      'movzbl %dh, %edx',
      'movb $7, 5(%ebx)',
      'movw $-2, 6(%ebx)',
      'movl $-9, 4(%ebx)',
      'cmpb $0x40, 5(%ebx)',
      'cmpb %dh, %cl',
      'addb %dh, 6(%ebx)',
      'adcb 7(%ebx), %dl',
      'subb 5(%ebx), %dl',
      'sbbb $3, %dh',
      'xorb $0x81, %al',
      'orb $0x7f, 6(%ebx)',
      'andb %cl, %dh',
      'testb %dh, 5(%ebx)',
      'testb $0x81, %dl',
      'testb $0x80, %al',
      'movl 0x20004, %eax',
      'movb 0x20006, %al',
      'movl %edx, 0x20004',
      'movb %dl, 0x20005',
      'pause',
      'push $-3\n  pop %edx',
      'push $0x12345678\n  xorl (%esp), %edx\n  pop %ecx',
      'push %ebp\n  mov %esp, %ebp\n  push %edx\n  leave',
      'cmovz %edi, %edx',
      'cmovnz 8(%ebx), %edx',
      'cmovs 4(%ebx), %edx',
      'cmp %ecx, %eax\n  cmovg %edi, %edx',
      'cmp %edi, %eax\n  cmovb 4(%ebx), %edx',
      'test $0x10, %edi\n  cmovz 4(%ebx), %edx',
      'add %edi, %ecx\n  cmovc %ecx, %edx',
      'dec %ecx\n  cmovle 4(%ebx), %edx',
    ];
    for (const form of [...shifts, ...others]) {
      const source = `
  mov $200, %ebp
  mov $0x9e3779b9, %edi
top:
  imul $0x2c1b3c6d, %edi, %edi
  mov %edi, %ecx
  mov %edi, %edx
  lea 1(%edi), %eax
  mov %edi, 4(%ebx)
  ${form}
${tests}
  xor %eax, %esi
  add %edx, %esi
  add %ecx, %esi
  add 4(%ebx), %esi
  rol $5, %esi
  dec %ebp
  jnz top
  hlt
`;
      runBothWays(image(source), 100_000, form);
    }
  });

  it('every condition read straight after a compare or logic of 8, 16 and 32 bits agrees', () => {
    // Each form is followed by one branch, so the block reads the flags while they are still pending
    // in its locals (a taken branch ends the block; the next pair starts one of its own). Half the
    // passes compare equal values; the rest mix signs and carries at every width.
    const forms = [
      'cmpb %dh, %cl',
      'cmpb $0x80, %cl',
      'cmpb $0, 5(%ebx)',
      'subb %dh, %cl',
      'testb %dh, %cl',
      'andb $0x81, %cl',
      'orb %dh, %cl',
      'xorb %dh, 5(%ebx)',
      'cmpw %dx, %cx',
      'testw %dx, %cx',
      'cmpl %edx, %ecx',
      'testl %edx, %ecx',
    ];
    for (const form of forms) {
      const pairs = CONDITIONS.map(
        (cc) => `  mov %edi, %ecx\n  ${form}\n  j${cc} 1f\n  add %ebp, %esi\n1:\n  rol $1, %esi`,
      ).join('\n');
      const source = `
  mov $300, %ebp
  mov $0x9e3779b9, %edi
top:
  imul $0x2c1b3c6d, %edi, %edi
  mov %edi, %edx
  ror $13, %edx
  test $0x100, %edi
  jz 2f
  mov %edi, %edx
  rol $8, %edx
2:
  mov %edi, 4(%ebx)
${pairs}
  dec %ebp
  jnz top
  hlt
`;
      runBothWays(image(source), 200_000, form);
    }
  });

  it('stops after exactly n instructions for every n, in the middle of blocks included', () => {
    const code = image(randomProgram(new Random(7)));
    for (let n = 1; n < 3000; n += 37) {
      expect(outcome(run(code, true, n)), `limit ${n}`).toEqual(outcome(run(code, false, n)));
    }
  });

  it('a page fault in the middle of a compiled block leaves EIP, CR2, registers and counts as the interpreter does', () => {
    expectSamePageFault('mov (%ebx), %edx');
  });

  it('a CMOV whose condition is false still reads its memory source, and faults there compiled too', () => {
    expectSamePageFault('cmp %eax, %eax\n  cmovnz (%ebx), %edx');
  });

  it('a REP MOVS that faults part-way in a compiled block keeps the cycles of the iterations it did', () => {
    // Each pass copies 64 dwords to an address 128 KiB higher; pass 32's copy runs from 64 bytes below
    // 4 MiB into the unmapped page above. The REP handler adds each iteration's cycles itself.
    const code = image(`${PAGING}
  mov $0x1ffc0, %ebx
  mov $40, %ebp
top:
  mov $0x20000, %esi
  mov %ebx, %edi
  mov $64, %ecx
  rep movsl
  add $0x20000, %ebx
  dec %ebp
  jnz top
  hlt
`);
    const both = [false, true].map((compile) =>
      runFlat({
        code,
        origin: ORIGIN,
        maxInstructions: 100_000,
        memorySize: 0x800000,
        compile: compile && EAGER_COMPILE,
      }),
    );
    expect(both[1].stop).toMatchObject({ reason: 'exception', vector: 14 });
    expect(outcome(both[1])).toEqual(outcome(both[0]));
    expect(compiledBlocks(both[1])).toBeGreaterThan(0);
  });

  it('a read-modify-write that faults on its write changes nothing, not even the flags, compiled or not', () => {
    // 4–8 MiB is mapped read-only and CR0.WP makes that hold at CPL 0: ADD to memory there reads,
    // then faults on the write, in the 41st pass. ZF is set before it; the ADD would clear it.
    const code = image(`
  mov $0x30000, %eax
  movl $0x83, (%eax)
  movl $0x400081, 4(%eax)
  mov %cr4, %edx
  or $0x10, %edx
  mov %edx, %cr4
  mov %eax, %cr3
  mov %cr0, %edx
  or $0x80010000, %edx
  mov %edx, %cr0
  mov $0x2c0000, %ebx
  mov $100, %ecx
  mov $5, %eax
top:
  cmp %ecx, %ecx
  addl %eax, (%ebx)
  add $0x8000, %ebx
  dec %ecx
  jnz top
  hlt
`);
    const { on } = runBothWays(code, 100_000);
    expect(on.stop).toMatchObject({ reason: 'exception', vector: 14 });
    expect(on.regs.ebx).toBe(0x400000);
    expect(on.regs.eflags & 0x40).toBe(0x40);
  });
});

describe('block compiler: segment limits', () => {
  it('an access that crosses the DS limit faults at the same byte as in the interpreter (each size, load, store, read-modify-write)', () => {
    const LIMIT = 0x20123;
    for (const access of [
      'mov (%ebx), %eax',
      'movzwl (%ebx), %eax',
      'movzbl (%ebx), %eax',
      'mov %eax, (%ebx)',
      'movw %ax, (%ebx)',
      'movb %al, (%ebx)',
      'incl (%ebx)',
      'addb %al, (%ebx)',
    ]) {
      const code = image(`
  mov $${LIMIT - 120}, %ebx
  mov $1000, %ecx
top:
  ${access}
  inc %ebx
  dec %ecx
  jnz top
  hlt
`);
      const limited = (compile: boolean) => {
        const r = run(code, compile, 1);
        // DS: base 0, byte-granular limit, 32-bit, read/write.
        r.cpu.setSegmentCache(3, 0x10, 0, LIMIT, 0x4093);
        r.cpu.run(100_000);
        return r.cpu;
      };
      const off = limited(false);
      const on = limited(true);
      expect(on.counters.vectors[13], access).toBe(1);
      const state = (c: Cpu) => [c.eip, c.ebx, c.ecx, c.instructionCount, c.cycles];
      expect(state(on), access).toEqual(state(off));
      expect(on.compiledBlocks?.compiledCount, access).toBeGreaterThan(0);
    }
  });

  it('a segment loaded by a handler call in the middle of a block is what the accesses after it check', () => {
    // In the last pass DS gets the null selector, and the load after it raises #GP(0).
    const code = image(`
  mov %ds, %esi
  mov $300, %ecx
top:
  cmp $2, %ecx
  sbb %eax, %eax
  not %eax
  and %esi, %eax
  mov %ax, %ds
  mov (%ebx), %edx
  dec %ecx
  jnz top
  hlt
`);
    const { on } = runBothWays(code, 100_000);
    expect(on.stop).toMatchObject({ reason: 'exception', vector: 13 });
    expect(on.regs.ecx).toBe(1);
  });
});

describe('block compiler: the stack', () => {
  it('a PUSH that faults (the stack runs off the mapped 4 MiB) leaves ESP and the counts as the interpreter does', () => {
    const code = image(`${PAGING}
  mov $0x100, %esp
  mov $1000, %ecx
top:
  push %eax
  inc %eax
  dec %ecx
  jnz top
  hlt
`);
    const off = run(code, false, 100_000);
    const on = run(code, true, 100_000);
    expect(on.stop).toMatchObject({ reason: 'exception', vector: 14 });
    expect(on.regs.esp).toBe(0);
    expect(outcome(on)).toEqual(outcome(off));
  });

  it('a CALL that faults where the trace passes its EIP a second time counts that pass, as the interpreter does', () => {
    // The block at \`again\` runs call, leaf, ret, dec, jnz and (when ECX reaches 0) jmp top, the SUB
    // and the MOV, and falls through into the same CALL: its 2nd instance in the block. ESP steps down
    // 4 KiB per round, so in round 64 that CALL pushes below linear 0 into unmapped memory.
    const code = image(`${PAGING}
  mov $0x40000, %esp
top:
  sub $0x1000, %esp
  mov $3, %ecx
again:
  call leaf
  dec %ecx
  jnz again
  jmp top
leaf:
  push %ebp
  mov %esp, %ebp
  pop %ebp
  ret
`);
    const { on } = runBothWays(code, 100_000);
    expect(on.stop).toMatchObject({ reason: 'exception', vector: 14 });
    expect(on.regs.esp).toBe(0);
  });

  it('pushes that run down into translated code reach it (the stack window stops at watched memory)', () => {
    // The stack starts 512 bytes above the loop, in the same page, and the pushes (NOPs) overwrite
    // the HLT and then the loop itself; from then on it runs the NOPs it pushed.
    const code = image(`
  mov $stack_top, %esp
  mov $1000, %ecx
  mov $0x90909090, %eax
top:
  call leaf
  push %eax
  dec %ecx
  jnz top
  hlt
leaf:
  push %ebp
  mov %esp, %ebp
  pop %ebp
  ret
  .fill 512, 1, 0xcc
stack_top:
`);
    const { on } = runBothWays(code, 20_000);
    expect(on.regs.ecx).toBeGreaterThan(800);
  });

  it('a stack segment loaded by a handler call in the middle of a block is what the pushes after it check', () => {
    // GDT entry 4 (selector 0x20) becomes a ring-0 stack segment with limit 0x7fff; in the last pass
    // SS is loaded with it (by LSS, which has no interrupt shadow: the block goes on), and the PUSH
    // below ESP 0x9000 raises #SS.
    const code = image(`
  movl $0x00007fff, 0xef020
  movl $0x00409300, 0xef024
  mov %ss, %esi
  mov $0x9000, %esp
  mov $300, %ecx
top:
  cmp $2, %ecx
  sbb %eax, %eax
  and $0x30, %eax
  xor %esi, %eax
  mov %esp, (%ebx)
  mov %ax, 4(%ebx)
  lss (%ebx), %esp
  push %ecx
  pop %edx
  dec %ecx
  jnz top
  hlt
`);
    const { on } = runBothWays(code, 100_000);
    expect(on.stop).toMatchObject({ reason: 'exception', vector: 12 });
    expect(on.regs.ecx).toBe(1);
  });

  it('a LEAVE whose pop faults leaves ESP and EBP as they were, as the interpreter does', () => {
    // EBP walks up by 128 KiB a pass; in pass 33 LEAVE reads from unmapped memory above 4 MiB.
    const code = image(`${PAGING}
  mov $0x1000, %esi
  mov $100, %ecx
top:
  mov %esi, %ebp
  mov %esp, %edi
  leave
  mov %edi, %esp
  add $0x20000, %esi
  dec %ecx
  jnz top
  hlt
`);
    const { on } = runBothWays(code, 100_000);
    expect(on.stop).toMatchObject({ reason: 'exception', vector: 14 });
    expect(on.regs.ebp).toBe(0x401000);
  });

  it('a RET to a target beyond the CS limit faults before ESP moves, as the interpreter does', () => {
    // Each pass returns to `back` through a pushed address, until pass 41 pushes one 256 MiB higher.
    const code = image(`
  mov $1000, %ecx
top:
  cmp $961, %ecx
  sbb %edx, %edx
  and $0x10000000, %edx
  add $back, %edx
  push %edx
  ret
back:
  dec %ecx
  jnz top
  hlt
`);
    const limited = (compile: boolean) => {
      const r = run(code, compile, 1);
      r.cpu.setSegmentCache(1, 0x08, 0, 0x4000000, 0x409b);
      r.cpu.run(100_000);
      return r.cpu;
    };
    const off = limited(false);
    const on = limited(true);
    // Stopped at the RET's #GP in pass 41, not at the HLT.
    expect(on.ecx).toBe(960);
    expect(on.counters.vectors[13]).toBe(1);
    expect([on.eip, on.esp, on.eax, on.ebx, on.ecx, on.instructionCount, on.cycles]).toEqual([
      off.eip,
      off.esp,
      off.eax,
      off.ebx,
      off.ecx,
      off.instructionCount,
      off.cycles,
    ]);
  });
});

describe('block compiler: code changes reach compiled code', () => {
  it('self-modifying code: a store into the running loop changes the next pass', () => {
    // Each pass adds the 32-bit immediate of `add $1000, %eax` (05 imm32) and then bumps it in the code.
    const source = `
  mov $300, %ecx
top:
patched:
  add $1000, %eax
  incl patched + 1
  dec %ecx
  jnz top
  hlt
`;
    const code = image(source);
    const { on } = runBothWays(code, 100_000);
    // 1000 + 1001 + … + 1299, as the modified immediates say.
    expect(on.regs.eax).toBe(300 * 1000 + (299 * 300) / 2);
  });

  it('a store into the next instruction of the same pass takes effect at once (inline store, read-modify-write, operand call)', () => {
    for (const store of ['movl %ecx, patched + 1', 'incl patched + 1', 'addw $3, patched + 1']) {
      const source = `
  mov $300, %ecx
top:
  ${store}
patched:
  add $1000, %eax
  dec %ecx
  jnz top
  hlt
`;
      const code = image(source);
      const off = run(code, false, 100_000);
      const on = run(code, true, 100_000);
      expect(outcome(on), store).toEqual(outcome(off));
      expect(on.regs.eax, store).not.toBe(300 * 1000);
      expect(compiledBlocks(on)).toBeGreaterThan(0);
    }
  });

  it('a block changed by another block runs its new code (three blocks in three pages)', () => {
    // A → B → C → A, each in its own page so each is its own block; A changes the immediate in C.
    const source = `
  mov $300, %ecx
a:
  incl patched + 1
  jmp b
  .skip 4096
b:
  add $2, %edx
  jmp c
  .skip 4096
c:
patched:
  add $1000, %eax
  dec %ecx
  jnz a
  hlt
`;
    const { on } = runBothWays(image(source), 100_000);
    expect(on.regs.eax).toBe(300 * 1000 + (300 * 301) / 2);
  });

  it('a write through PhysicalMemory (a tool, a DMA-like write) invalidates a compiled block', () => {
    const code = image(`
top:
  add $1, %eax
  jmp top
`);
    const r = run(code, true, 10_000);
    const cpu: Cpu = r.cpu;
    expect(compiledBlocks(r)).toBeGreaterThan(0);
    // Patch the immediate (add $1 → add $5) from outside, then go on running.
    r.memory.write(ORIGIN + 2, Uint8Array.of(5));
    const before = cpu.eax;
    cpu.run(1000);
    // 1000 instructions are 500 passes of (add, jmp), each adding 5 now.
    expect(cpu.eax - before).toBe(2500);
  });
});
