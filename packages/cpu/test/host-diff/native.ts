// Builds the native harness and runs the cases on the host CPU (test-only: Node APIs).
//
// The harness is an i386 program (gcc -m32), and its linked .stubs section is what the core runs. On a
// 64-bit kernel that cannot execute i386 programs, the forms whose instructions mean the same in 64-bit
// mode run on the host CPU from an x86-64 build of the harness instead (`Reference` 'host-cpu-64'), and
// the rest run under qemu-i386 when it is installed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalTool, type ThirtyTwoBitRunner } from '@vmi386/testkit';
import type { Form } from './forms.js';
import { WINDOW_BYTES } from './forms.js';
import { type Case, encodeCases, stubSource } from './generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where the stubs are linked, natively and on the core. */
export const STUBS_ADDRESS = 0x20000;

export interface NativeResult {
  /** Signal number (5 SIGTRAP for the final INT3; else the fault's signal). */
  signal: number;
  vector: number;
  errorCode: number;
  regs: Uint32Array; // EAX…EDI
  eflags: number;
  eip: number;
  window: Uint8Array;
}

/** What ran a form natively. */
export type Reference = 'host-cpu' | 'host-cpu-64' | 'qemu-user' | 'none';

export const REFERENCE_NAMES: Record<Reference, string> = {
  'host-cpu': 'the host CPU',
  'host-cpu-64': 'the host CPU in 64-bit mode',
  'qemu-user': "QEMU's i386 emulator",
  none: 'nothing (skipped)',
};

/** The harness, built once for every form, and how to run cases through it. */
export interface NativeHarness {
  stubAddresses: Uint32Array;
  /** The linked i386 .stubs section, to load at STUBS_ADDRESS on the core. */
  stubs: Uint8Array;
  /** Runs cases through each form's reference: per case, undefined where none could run the form. */
  run(cases: Case[]): (NativeResult | undefined)[];
}

/**
 * Groups whose instructions assemble for x86-64 but do something else there: the stack is 64 bits
 * wide (PUSH, POP, CALL, RET, ENTER, LEAVE, PUSHF, POPF), an indirect JMP through memory loads
 * 8 bytes, and AMD processors raise #UD for SYSENTER/SYSEXIT in long mode (AMD64 APM vol. 3) where
 * the i386 raises #GP at CPL 3. Forms that do not assemble for x86-64 (BCD, BOUND, INTO, ARPL, 16-bit
 * addressing, 32-bit register jumps) and raw `.byte` forms (whose bytes decode differently in 64-bit
 * mode) are left out too. Everything else runs with the assembler's 0x67 prefix on each memory operand, so effective
 * addresses are computed and wrapped in 32 bits as on the i386.
 */
const NOT_THE_SAME_IN_64_BIT_MODE = new Set([
  'push',
  'pop',
  'pushf',
  'popf',
  'call',
  'ret',
  'enter',
  'leave',
]);

function sameIn64BitMode(form: Form): boolean {
  if (NOT_THE_SAME_IN_64_BIT_MODE.has(form.group)) return false;
  return !form.lines.some(
    (line) =>
      line.trimStart().startsWith('.byte') || /\bjmp\s+\*/.test(line) || /\bsys(enter|exit)\b/.test(line),
  );
}

/** Forms among `candidates` (indexes into `forms`) that GNU as accepts for x86-64. */
function assembleFor64(forms: readonly Form[], candidates: number[], dir: string): number[] {
  const as = externalTool('as', 'binutils');
  let kept = candidates;
  for (let attempt = 0; attempt < 4; attempt++) {
    const { source, formOfLine } = stubSource(kept.map((i) => forms[i]));
    const file = join(dir, `probe64-${attempt}.S`);
    writeFileSync(file, source);
    try {
      execFileSync(as.path!, ['--64', '-o', join(dir, 'probe64.o'), file], { stdio: 'pipe' });
      return kept;
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      const rejected = new Set<number>();
      for (const match of stderr.matchAll(/probe64-\d+\.S:(\d+): Error/g)) {
        rejected.add(formOfLine[Number(match[1])]);
      }
      if (rejected.size === 0) throw new Error(`as --64 failed without a line: ${stderr}`);
      kept = kept.filter((_, n) => !rejected.has(n));
    }
  }
  throw new Error('as --64 still rejects stubs after 4 rounds');
}

/** Which reference runs each form here. */
export function planReferences(host: ThirtyTwoBitRunner, forms: readonly Form[]): Reference[] {
  if (host.kind === 'host-cpu') return forms.map(() => 'host-cpu');
  const fallback: Reference = host.kind === 'qemu-user' ? 'qemu-user' : 'none';
  if (process.arch !== 'x64') return forms.map(() => fallback);
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-host-diff-plan-'));
  const candidates = forms.flatMap((form, i) => (sameIn64BitMode(form) ? [i] : []));
  const in64 = new Set(assembleFor64(forms, candidates, dir));
  return forms.map((_, i) => (in64.has(i) ? 'host-cpu-64' : fallback));
}

/** Symbol addresses of a linked binary, by name (GNU nm). */
function symbols(binary: string): Map<string, number> {
  const nm = externalTool('nm', 'binutils');
  const out = execFileSync(nm.path!, [binary], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const table = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [address, , name] = line.trim().split(/\s+/);
    if (name) table.set(name, Number.parseInt(address, 16));
  }
  return table;
}

interface Build {
  binary: string;
  symbols: Map<string, number>;
}

function buildHarness(dir: string, name: string, forms: readonly Form[], bits: 32 | 64): Build {
  const stubs = join(dir, `${name}.S`);
  const binary = join(dir, name);
  writeFileSync(stubs, stubSource(forms).source);
  execFileSync('gcc', [
    ...(bits === 32 ? ['-m32'] : []),
    '-static',
    '-O1',
    '-o',
    binary,
    join(HERE, 'harness.c'),
    join(HERE, bits === 32 ? 'trampoline.S' : 'trampoline64.S'),
    stubs,
    `-Wl,--section-start=.stubs=0x${STUBS_ADDRESS.toString(16)}`,
  ]);
  return { binary, symbols: symbols(binary) };
}

/** Runs `cases` (their `form` indexing the build's forms) through a harness and parses the results. */
function runHarness(dir: string, run: (binary: string, args: string[]) => void, build: Build, cases: Case[]) {
  const input = join(dir, 'cases.bin');
  const output = join(dir, 'results.bin');
  writeFileSync(input, encodeCases(cases));
  run(build.binary, [input, output]);
  const out = new Uint8Array(readFileSync(output));
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const stubCount = view.getUint32(0, true);
  const results: NativeResult[] = [];
  let at = 4 + stubCount * 4;
  for (let n = 0; n < cases.length; n++) {
    const u = (i: number) => view.getUint32(at + i * 4, true);
    const regs = new Uint32Array(8);
    for (let r = 0; r < 8; r++) regs[r] = u(3 + r);
    results.push({
      signal: u(0),
      vector: u(1),
      errorCode: u(2),
      regs,
      eflags: u(11),
      eip: u(12),
      window: out.slice(at + 52, at + 52 + WINDOW_BYTES),
    });
    at += 52 + WINDOW_BYTES;
  }
  return results;
}

/**
 * An EIP in the x86-64 build of form `j64` as the same point of the i386 build of form `j32`: each
 * line's label (and the final INT3's) marks the same instruction boundary in both.
 */
function eipIn32(eip: number, form: Form, j64: number, j32: number, b64: Build, b32: Build): number {
  const points = [...form.lines.map((_, k) => `${k}`), 'end'];
  for (const point of points) {
    const at64 = b64.symbols.get(`hd_${j64}_${point}`);
    const at32 = b32.symbols.get(`hd_${j32}_${point}`);
    if (at64 === undefined || at32 === undefined) continue;
    if (eip === at64) return at32;
    if (point === 'end' && eip === at64 + 1) return at32 + 1; // after the final INT3
  }
  return eip; // no boundary: left as is, so the comparison reports it
}

const runDirect = (binary: string, args: string[]) => {
  execFileSync(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
};

/** Compiles the harness with the generated stubs: the i386 build, and the x86-64 one when forms need it. */
export function buildNative(
  host: ThirtyTwoBitRunner,
  forms: readonly Form[],
  references: readonly Reference[],
): NativeHarness {
  const objcopy = externalTool('objcopy', 'binutils');
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-host-diff-'));
  const b32 = buildHarness(dir, 'harness32', forms, 32);
  execFileSync(objcopy.path!, ['-O', 'binary', '--only-section=.stubs', b32.binary, join(dir, 'stubs.bin')]);
  const forms64 = forms.flatMap((_, i) => (references[i] === 'host-cpu-64' ? [i] : []));
  const indexIn64 = new Map(forms64.map((i, j) => [i, j]));
  const b64 =
    forms64.length > 0
      ? buildHarness(
          dir,
          'harness64',
          forms64.map((i) => forms[i]),
          64,
        )
      : undefined;
  const run32 = (binary: string, args: string[]) => {
    host.run(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  };

  const run = (cases: Case[]) => {
    const results: (NativeResult | undefined)[] = new Array(cases.length).fill(undefined);
    const byReference = (reference: Reference) =>
      cases.flatMap((c, n) => (references[c.form] === reference ? [n] : []));
    const on32 = [...byReference('host-cpu'), ...byReference('qemu-user')];
    if (on32.length > 0) {
      const out = runHarness(
        dir,
        run32,
        b32,
        on32.map((n) => cases[n]),
      );
      on32.forEach((n, k) => {
        results[n] = out[k];
      });
    }
    const on64 = byReference('host-cpu-64');
    if (b64 !== undefined && on64.length > 0) {
      const out = runHarness(
        dir,
        runDirect,
        b64,
        on64.map((n) => ({ ...cases[n], form: indexIn64.get(cases[n].form)! })),
      );
      on64.forEach((n, k) => {
        const form = cases[n].form;
        results[n] = {
          ...out[k],
          eip: eipIn32(out[k].eip, forms[form], indexIn64.get(form)!, form, b64, b32),
        };
      });
    }
    return results;
  };
  return {
    stubAddresses: Uint32Array.from(forms, (_, i) => b32.symbols.get(`stub_${i}`)!),
    stubs: new Uint8Array(readFileSync(join(dir, 'stubs.bin'))),
    run,
  };
}
