import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSection, readElf32 } from '@vmi386/elf';
import { buildRom } from '@vmi386/hypervisor';
import type { GuestRunReport, HypervisorReport } from '@vmi386/lab';
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

/** The file offset of an ELF32 section. */
function sectionOffset(elf: Uint8Array, name: string): number {
  const section = findSection(readElf32(elf), name);
  if (!section) throw new Error(`no section ${name}`);
  return section.offset;
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

  describe('under the hypervisor', () => {
    const hv = new Map<
      string,
      { status: number | null; report: GuestRunReport & { hypervisor: HypervisorReport } }
    >();
    const runHv = (backend: string) => {
      if (!hv.has(backend)) {
        const run = vmi386('run', '--backend', backend, '--platform', 'hypervisor', '--json');
        hv.set(backend, { status: run.status, report: JSON.parse(run.stdout) });
      }
      return hv.get(backend)!;
    };

    it('the VMI image passes every check in ring 1, every hook point patched, nothing lost', async () => {
      const { EXPECTED_TRANSCRIPT } = await import('@vmi386/guest-entry');
      const { status, report } = runHv('vmi');
      expect(status).toBe(0);
      expect(report).toMatchObject({ platform: 'hypervisor', exitCode: 0, stop: 'exit' });
      expect(report.console).toBe(EXPECTED_TRANSCRIPT);
      expect(report.hypervisor).toMatchObject({ sitesPatched: 50, events: { lost: 0 }, monitorStop: null });
      expect(report.hypervisor.romCalls.IRET).toBeGreaterThan(1000);
      expect(report.hypervisor.exits['trap: cli']).toBeUndefined();
      const costs = Object.fromEntries(report.syscalls.map((c: { entry: string }) => [c.entry, c]));
      expect(costs['int $0x80']).toMatchObject({ path: '3→1→3' });
      expect(costs.sysenter).toMatchObject({ path: '3→0→1→0→3' });
    });

    it('the native image stops with a named stall and says what went wrong', () => {
      const { status, report } = runHv('native');
      expect(status).toBe(1);
      expect(report.stop).toMatch(/^stopped by the monitor: stalled/);
      expect(report.hypervisor.sitesPatched).toBe(0);
      expect(report.hypervisor.failures['iret ignored IF']).toBeGreaterThan(1000);
      expect(report.console).toContain('PASS syscall_badsys');
    });

    it('docs/running.md records the four configurations as vmi386 run measures them', () => {
      const doc = readFileSync(join(cliDir, '../../docs/running.md'), 'utf8');
      const cell = (c: { path: string; instructions: number; cycles: number }) =>
        `${c.path}, ${c.instructions} instructions, ${c.cycles} cycles`;
      for (const [backend, label] of [
        ['native', 'native, hypervisor'],
        ['vmi', 'VMI patched, hypervisor'],
      ] as const) {
        const costs = Object.fromEntries(runHv(backend).report.syscalls.map((c) => [c.entry, c]));
        expect(doc).toContain(`| ${label} | ${cell(costs['int $0x80'])} | ${cell(costs.sysenter)} |`);
      }
    });
  });

  it('boot: runs a Multiboot ELF to its exit with --json, and refuses a file that is neither kernel', () => {
    const dir = scratch({ 'junk.bin': 'neither a bzImage nor Multiboot' });
    const image = join(dir, 'guest.elf');
    expect(vmi386('image', '--backend', 'native', '-o', image).status).toBe(0);
    const run = vmi386('boot', '--kernel', image, '--json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.stop).toBe('exit');
    expect(report.console).toContain('PASS');
    expect(report.counters.instructions).toBeGreaterThan(0);
    const junk = vmi386('boot', '--kernel', join(dir, 'junk.bin'), '--json');
    expect(junk.status).toBe(2);
    expect(junk.stderr.trim()).toMatch(/^vmi386: --kernel: no Multiboot header/);
    const initrd = vmi386('boot', '--kernel', image, '--initrd', join(dir, 'junk.bin'), '--json');
    expect(initrd.status).toBe(2);
    expect(initrd.stderr).toMatch(/only a bzImage takes an initrd/);
  });

  it('refuses an image it cannot boot with one line and status 2', () => {
    const dir = scratch({ 'junk.bin': 'not an ELF file at all' });
    const image = join(dir, 'vmi.elf');
    expect(vmi386('image', '--backend', 'vmi', '-o', image).status).toBe(0);
    const bad = readFileSync(image);
    bad.writeUInt32LE(999, sectionOffset(bad, '.vmi_annotation')); // the first record's call number
    writeFileSync(join(dir, 'bad.elf'), bad);
    for (const [file, message] of [
      ['junk.bin', /not an ELF file/],
      ['missing.elf', /cannot read .*missing\.elf: ENOENT/],
    ] as const) {
      const run = vmi386('run', '--image', join(dir, file), '--platform', 'hypervisor');
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    const corrupt = vmi386('run', '--image', join(dir, 'bad.elf'), '--platform', 'hypervisor');
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toMatch(/record 0 .*unknown VMI call 999/);
  });

  it('rejects an unknown backend and platform with status 2', () => {
    expect(vmi386('run', '--backend', 'xen').status).toBe(2);
    expect(vmi386('run', '--platform', 'kvm').stderr).toMatch(
      /--platform: 'kvm' is not one of bare, hypervisor/,
    );
  });
});

describe('vmi386 sweep (the race explorer)', () => {
  const sweepJson = (...args: string[]) => {
    const run = vmi386('sweep', ...args, '--json');
    return { status: run.status, report: JSON.parse(run.stdout) as { results: SweepResult[] } };
  };
  interface SweepResult {
    configuration: string;
    route: string;
    tried: number;
    passed: number;
    failed: Record<string, number>;
    failures: { where: string; eip: number; broken: string[] }[];
  }
  const first = sweepJson('--path', 'int80,sysenter', '--config', '4,5,6', '--jobs', '2');
  const find = (configuration: string, route: string) =>
    first.report.results.find((r) => r.configuration === configuration && r.route === route)!;

  it('the VMI design under the monitor survives an interrupt before every instruction of both routes', () => {
    expect(first.status).toBe(0);
    for (const route of ['int $0x80', 'sysenter']) {
      const result = find('vmi/hypervisor', route);
      expect(result.tried).toBeGreaterThan(40);
      expect(result.passed).toBe(result.tried);
    }
  });

  it('a monitor that does not know the IRET region nests frames in it, exactly where the virtual IF is already set', () => {
    const rom = buildRom();
    const result = find('vmi/hypervisor, IRET region not recognised', 'int $0x80');
    expect(result.failed).toEqual({ 'no-frame-into-return': 2 });
    // After `movl $0x200, VIF`: before the `leal` that drops the return address, and before the iret.
    expect(result.failures.map((f) => f.eip)).toEqual([
      rom.iretEnableInstruction - 4,
      rom.iretEnableInstruction,
    ]);
    expect(result.failures.every((f) => f.where.startsWith('ROM+0x'))).toBe(true);
  });

  it('splitting STI from SYSEXIT lets an interrupt in between them', () => {
    const result = find('vmi/hypervisor, STI and SYSEXIT split', 'sysenter');
    expect(result.failed).toEqual({ 'no-frame-into-return': 1 });
    expect(result.failures[0]?.eip).toBe(buildRom().rom.symbols.sysexit_insn);
  });

  it('sweeps the interrupt-return and exception-return paths too: the real design passes, the IRET ablation fails in the ROM', () => {
    const events = sweepJson('--path', 'timer,nm', '--config', '4,5,6', '--jobs', '2');
    expect(events.status).toBe(0);
    const rom = buildRom();
    for (const route of ['timer interrupt', 'device not available']) {
      const of = (configuration: string) =>
        events.report.results.find((r) => r.configuration === configuration && r.route === route)!;
      expect(of('vmi/hypervisor').passed).toBe(of('vmi/hypervisor').tried);
      // No sysexit on these paths: splitting STI from SYSEXIT changes nothing.
      expect(of('vmi/hypervisor, STI and SYSEXIT split').failures).toEqual([]);
      expect(of('vmi/hypervisor, IRET region not recognised').failures.map((f) => f.eip)).toEqual([
        rom.iretEnableInstruction - 4,
        rom.iretEnableInstruction,
      ]);
    }
  });

  it('gives the same JSON on a second run, in one worker as in two', () => {
    const again = sweepJson('--path', 'int80,sysenter', '--config', '4,5,6', '--jobs', '1');
    expect(again.report.results).toEqual(first.report.results);
  });

  it('rejects an unknown route or configuration with status 2', () => {
    expect(vmi386('sweep', '--path', 'syscall').status).toBe(2);
    expect(vmi386('sweep', '--config', '9').stderr).toMatch(/--config: unknown '9'/);
    expect(vmi386('sweep', '--occurrence', '0').status).toBe(2);
    expect(vmi386('sweep', '--jobs', '0').stderr).toMatch(/--jobs must be a whole number/);
    const never = vmi386(
      'sweep',
      '--path',
      'int80',
      '--config',
      '1',
      '--jobs',
      '1',
      '--occurrence',
      '100000',
    );
    expect(never.status).toBe(2);
    expect(never.stderr).toMatch(/the window never executes/);
  });
});

describe('vmi386 storm', () => {
  it('reports each configuration under a storm: the real design passes, the ablation and the native image are named', () => {
    const run = vmi386('storm', '--every', '4999', '--config', '2,3,4', '--json');
    expect(run.status, run.stderr).toBe(0);
    const outcomes = JSON.parse(run.stdout) as {
      configuration: string;
      exitCode: number | null;
      transcriptIntact: boolean;
      stop: string;
    }[];
    expect(outcomes.map((o) => o.configuration)).toEqual(['vmi/bare', 'native/hypervisor', 'vmi/hypervisor']);
    expect(outcomes.map((o) => [o.exitCode, o.transcriptIntact])).toEqual([
      [0, true],
      [null, false],
      [0, true],
    ]);
    expect(outcomes[1]?.stop).toMatch(/^stopped by the monitor: /);
  });

  it('a seeded random storm from the command line: the same seed gives the same counts', () => {
    const random = (spec: string) => {
      const run = vmi386('storm', '--random', spec, '--config', '2,4', '--json');
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as {
        schedule: unknown;
        raised: number;
        instructions: number;
        exitCode: number | null;
      }[];
    };
    const first = random('42,3000');
    expect(first[0]?.schedule).toEqual({ kind: 'random', seed: 42, meanGap: 3000 });
    expect(first.map((o) => o.exitCode)).toEqual([0, 0]);
    expect(random('42,3000')).toEqual(first);
    expect(random('43,3000').map((o) => o.instructions)).not.toEqual(first.map((o) => o.instructions));
  });

  it('rejects a bad period or configuration with status 2', () => {
    expect(vmi386('storm', '--every', '0').stderr).toMatch(/--every: '0' is not a whole number ≥ 1/);
    expect(vmi386('storm', '--every', 'often').status).toBe(2);
    expect(vmi386('storm', '--config', '7').stderr).toMatch(/--config: unknown '7'/);
    expect(vmi386('storm', '--random', '1,0').stderr).toMatch(
      /--random: the mean '0' is not a whole number ≥ 1/,
    );
    expect(vmi386('storm', '--random', 'x').status).toBe(2);
    expect(vmi386('storm', '--random', '1', '--every', '5').stderr).toMatch(/exclude each other/);
  });
});

describe('vmi386 bench', () => {
  it('measures the four configurations from runs: VMI under the monitor makes no exit for int $0x80, two for sysenter', () => {
    const run = vmi386('bench', '--json');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as {
      configuration: string;
      syscalls: { entry: string; path: string; monitorExits: number }[];
    }[];
    expect(rows.map((r) => r.configuration)).toEqual([
      'native/bare',
      'vmi/bare',
      'native/hypervisor',
      'vmi/hypervisor',
    ]);
    const vmiHv = rows[3]!.syscalls;
    expect(vmiHv.find((s) => s.entry === 'int $0x80')).toMatchObject({ path: '3→1→3', monitorExits: 0 });
    expect(vmiHv.find((s) => s.entry === 'sysenter')).toMatchObject({ path: '3→0→1→0→3', monitorExits: 2 });
  }, 240_000); // four guest runs: about 20 s alone, much longer on a loaded machine
});
