import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(cliDir, 'node_modules/.bin/tsx');
const fib = join(cliDir, 'samples/fib.S');

function vmi386(...args: string[]) {
  const run = spawnSync(tsx, ['--conditions=@vmi386/source', join(cliDir, 'src/main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('vmi386 (command line)', () => {
  it('--version prints the version in its manifest', () => {
    const { version } = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as { version: string };
    const run = vmi386('--version');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^vmi386/${version.replaceAll('.', '\\.')} `));
  });

  it('rejects an unknown command with status 2', () => {
    const run = vmi386('frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('rejects an unknown option with status 2', () => {
    const run = vmi386('exec', fib, '--no-such-option');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Unknown option/i);
  });

  it('exec: a missing file is a one-line error with status 2', () => {
    const run = vmi386('exec', '/nonexistent/prog.S');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no such file/);
  });

  it('exec: runs the sample to its int3 and reports registers as JSON', () => {
    const run = vmi386('exec', fib, '--json', '--dump', 'table:12');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.stop).toMatchObject({ reason: 'exception', vector: 3 });
    expect(json.regs.ebx).toBe(28657);
    expect(json.regs.ecx).toBe(0);
    expect(json.dump.table).toBe('000000000100000001000000');
    expect(json.instructions).toBe(4 + 24 * 4 + 2);
  });

  it('exec: an unknown --entry symbol is an error with status 2', () => {
    const run = vmi386('exec', fib, '--entry', 'nowhere');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown symbol 'nowhere'/);
  });

  it('asm: an assembly error prints file:line:column and exits 1', () => {
    const dir = scratch({ 'bad.s': 'nop\n\tfrob %eax\n' });
    const run = vmi386('asm', join(dir, 'bad.s'), '-o', join(dir, 'bad.o'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.s:2:\d+: error: /);
  });

  it('asm: writes a flat binary at an origin', () => {
    const dir = scratch({ 'a.s': 'start: jmp start\n.long start\n' });
    const out = join(dir, 'a.bin');
    const run = vmi386('asm', join(dir, 'a.s'), '--format', 'flat', '--origin', '0x2000', '-o', out);
    expect(run.status).toBe(0);
    expect([...readFileSync(out)]).toEqual([0xeb, 0xfe, 0x00, 0x20, 0x00, 0x00]);
  });
});

describe('vmi386 run / image', () => {
  // Each guest run takes seconds: run each backend once and share the reports.
  const reports = new Map<string, ReturnType<typeof vmi386>>();
  const runJson = (backend: string) => {
    if (!reports.has(backend)) reports.set(backend, vmi386('run', '--backend', backend, '--json'));
    return reports.get(backend)!;
  };
  const syscallCosts = (backend: string) =>
    Object.fromEntries(
      JSON.parse(runJson(backend).stdout).syscalls.map((s: { entry: string }) => [s.entry, s]),
    );

  it.each(['native', 'vmi'])(
    'boots the %s image on bare hardware and passes every check',
    async (backend) => {
      const { EXPECTED_TRANSCRIPT } = await import('@vmi386/guest-entry');
      const run = runJson(backend);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ backend, platform: 'bare', exitCode: 0, stop: 'exit' });
      expect(report.console).toBe(EXPECTED_TRANSCRIPT);
      // The kernel ran user tasks: it entered ring 3 and came back through system calls and faults.
      expect(report.counters.privilegeTransitions['0->3']).toBeGreaterThan(0);
      expect(report.counters.privilegeTransitions['3->0']).toBe(report.counters.privilegeTransitions['0->3']);
      expect(report.counters.vectors['128']).toBeGreaterThan(1000);
      // Each benchmark loop makes its null call a thousand times; on bare hardware both stay 3→0→3.
      const costs = syscallCosts(backend);
      expect(costs['int $0x80']).toMatchObject({ path: '3→0→3', calls: 1000 });
      expect(costs.sysenter).toMatchObject({ path: '3→0→3', calls: 1000 });
      expect(costs.sysenter.cycles).toBeLessThan(costs['int $0x80'].cycles);
    },
  );

  it('the VMI image pays one NOP per executed padded site and nothing else', () => {
    const native = syscallCosts('native');
    const vmi = syscallCosts('vmi');
    // int $0x80 returns through one padded CLI (the IRET site's padding is never reached);
    // sysenter passes a padded STI and a padded CLI (STI_SYSEXIT's padding is never reached).
    expect(vmi['int $0x80'].instructions - native['int $0x80'].instructions).toBe(1);
    expect(vmi.sysenter.instructions - native.sysenter.instructions).toBe(2);
  });

  it('docs/running.md records the costs vmi386 run measures', () => {
    const doc = readFileSync(join(cliDir, '../../docs/running.md'), 'utf8');
    for (const [entry, marker] of [
      ['int $0x80', '| `int $0x80` … `iret` |'],
      ['sysenter', '| `sysenter` … `sti; sysexit` |'],
    ] as const) {
      const row = doc.split('\n').find((line) => line.startsWith(marker));
      const n = syscallCosts('native')[entry];
      const v = syscallCosts('vmi')[entry];
      expect(row).toBe(
        `${marker} ${n.path} | ${n.instructions} instructions, ${n.cycles} cycles | ${v.instructions} instructions, ${v.cycles} cycles |`,
      );
    }
  });

  it('the same image and options give the same console and counts', () => {
    const again = JSON.parse(vmi386('run', '--backend', 'native', '--json').stdout);
    const first = JSON.parse(runJson('native').stdout);
    expect(again.console).toBe(first.console);
    expect(again.counters).toEqual(first.counters);
    expect(again.syscalls).toEqual(first.syscalls);
  });

  it('writes a Multiboot ELF image', () => {
    const dir = scratch({});
    const out = join(dir, 'guest.elf');
    const run = vmi386('image', '--backend', 'vmi', '-o', out);
    expect(run.status).toBe(0);
    const image = readFileSync(out);
    expect([...image.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(run.stderr).toMatch(/hook points/);
  });

  it('rejects an unknown backend and platform with status 2', () => {
    expect(vmi386('run', '--backend', 'xen').status).toBe(2);
    expect(vmi386('run', '--platform', 'kvm').stderr).toMatch(/--platform: 'kvm' is not one of bare/);
  });
});
