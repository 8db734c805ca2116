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
