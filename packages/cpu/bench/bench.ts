/**
 * `pnpm bench`: MIPS of the core on three loops, each run flat at ring 0 after a warm-up, with every
 * instruction interpreted (`compile: false`) and with the block compiler (the default).
 *  - alu:   a tight register ALU loop (add/xor/inc/dec/jnz)
 *  - movsd: `rep movsd` copying 64 KiB, repeated
 *  - call:  a loop calling a small function (call/push/pop/ret)
 *  - alu@C0: the alu loop linked and run at 0xC0001000 with paging on (a kernel's address), and
 *            alu@FC the same at 0xFC001000 (the hypervisor ROM's hole): both should match `alu`
 * A REP MOVSD retires in chunks of up to 4096 iterations (each counts as one instruction), so its
 * line also reports the bytes copied per second.
 * MIPS = executed instructions / time (best of 5 rounds after a warm-up), both wall-clock and on-CPU (process.cpuUsage: the figure that
 * stays meaningful when other processes compete for the machine). A REP MOVSD counts once per chunk (ops/string.ts), so
 * its line also reports the copy bandwidth.
 */
import { execFileSync } from 'node:child_process';
import { assemble, linkFlat } from '@vmi386/asm';
import { Cpu, FLAT_SELECTORS, PhysicalMemory, writeFlatGdt } from '../src/index.js';

const ORIGIN = 0x1000;

/** Linear base of each program: low, or a kernel address reached through 4 MiB pages onto physical 0. */
const KERNEL_BASES: Record<string, number> = { 'alu@C0': 0xc0000000, 'alu@FC': 0xfc000000 };

function build(source: string, origin: number): Uint8Array {
  const image = linkFlat(assemble(`.code32\n${source}\n`), { origin });
  if (!image.ok) throw new Error(image.diagnostics.map((d) => d.message).join('\n'));
  return image.bytes;
}

function machine(code: Uint8Array, linearBase: number, compile: boolean): Cpu {
  const memory = new PhysicalMemory(16 * 1024 * 1024);
  memory.write(ORIGIN, code);
  const cpu = new Cpu({ memory, compile });
  const gdt = 0x800;
  cpu.gdtr = { base: gdt, limit: writeFlatGdt(memory, gdt, 0x900) };
  for (const seg of [0, 2, 3, 4, 5]) cpu.setSegmentCache(seg, FLAT_SELECTORS.data0, 0, 0xffffffff, 0xc093);
  cpu.setSegmentCache(1, FLAT_SELECTORS.code0, 0, 0xffffffff, 0xc09b);
  cpu.esp = 0x80000;
  cpu.eip = linearBase + ORIGIN;
  if (linearBase !== 0) {
    // Page directory at 0x10000: identity 4 MiB page 0 (stack, GDT) and linearBase -> physical 0.
    const pd = 0x10000;
    memory.writeU32(pd, 0x83);
    memory.writeU32(pd + (linearBase >>> 22) * 4, 0x83);
    cpu.cr4 = cpu.cr4 | 0x10; // CR4.PSE
    cpu.cr3 = pd;
    cpu.cr0 = cpu.cr0 | 0x80000000; // CR0.PG
  }
  return cpu;
}

const programs: Record<string, string> = {
  alu: `
    mov $0, %eax
    mov $3, %ebx
  outer:
    mov $1000000, %ecx
  loop:
    add %ebx, %eax
    xor %eax, %edx
    inc %esi
    sub $1, %edi
    dec %ecx
    jnz loop
    jmp outer`,
  movsd: `
  again:
    mov $0x100000, %esi
    mov $0x200000, %edi
    mov $16384, %ecx
    cld
    rep movsl
    inc %ebp
    jmp again`,
  call: `
  top:
    mov $1000, %ecx
  l:
    call f
    dec %ecx
    jnz l
    jmp top
  f:
    push %ebp
    mov %esp, %ebp
    mov %ecx, %eax
    pop %ebp
    ret`,
};

/** Runs `budget` instructions in ROUNDS rounds after a warm-up and reports the best round. */
const ROUNDS = 5;

function measure(name: string, budget: number, compile: boolean): void {
  const base = KERNEL_BASES[name] ?? 0;
  const cpu = machine(build(programs[name.split('@')[0]], (base + ORIGIN) >>> 0), base, compile);
  cpu.run(budget / 10); // warm-up: JIT and decode cache
  let best = { mips: 0, cpuMips: 0, gbs: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const i0 = cpu.instructionCount;
    const ebp0 = cpu.ebp;
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    const stop = cpu.run(budget / ROUNDS);
    const ms = performance.now() - t0;
    const used = process.cpuUsage(u0);
    if (stop.kind !== 'limit') throw new Error(`${name}: unexpected stop ${JSON.stringify(stop)}`);
    const n = cpu.instructionCount - i0;
    const cpuMs = (used.user + used.system) / 1000;
    // EBP counts completed 64 KiB copies in the movsd program.
    const gbs = ((cpu.ebp - ebp0) * 65536) / (ms / 1000) / 1e9;
    const r = { mips: n / ms / 1000, cpuMips: n / cpuMs / 1000, gbs };
    if (r.mips > best.mips) best = { ...r, cpuMips: Math.max(best.cpuMips, r.cpuMips) };
    else best.cpuMips = Math.max(best.cpuMips, r.cpuMips);
  }
  const extra = name === 'movsd' ? `, ${best.gbs.toFixed(2)} GB/s copied` : '';
  console.log(
    `${name.padEnd(6)} ${compile ? 'compiled   ' : 'interpreted'} ${best.mips.toFixed(1).padStart(7)} MIPS wall  ${best.cpuMips.toFixed(1).padStart(7)} MIPS on-CPU  (best of ${ROUNDS} rounds of ${budget / ROUNDS} instructions)${extra}`,
  );
}

const BUDGETS: Record<string, number> = {
  alu: 60_000_000,
  'alu@C0': 60_000_000,
  'alu@FC': 60_000_000,
  movsd: 200_000,
  call: 30_000_000,
};
/** Compiled code runs 10-30× faster: longer rounds keep each one well above the timer's resolution. */
const COMPILED_SCALE = 10;
// `pnpm bench alu@C0` runs one case in this process, interpreted and compiled; without arguments
// every case runs in a fresh process of its own, so the JIT feedback of one case does not slow the next.
const only = process.argv.slice(2);
if (only.length > 0) {
  for (const name of only) {
    measure(name, BUDGETS[name], false);
    measure(name, BUDGETS[name] * COMPILED_SCALE, true);
  }
} else {
  for (const name of Object.keys(BUDGETS)) {
    execFileSync(process.execPath, [...process.execArgv, process.argv[1], name], { stdio: 'inherit' });
  }
}
