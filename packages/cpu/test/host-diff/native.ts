// Builds the native harness with gcc -m32 and runs the cases on the host CPU (test-only: Node APIs).

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

export interface NativeRun {
  stubAddresses: Uint32Array;
  /** The linked .stubs section, to load at STUBS_ADDRESS on the core. */
  stubs: Uint8Array;
  results: NativeResult[];
}

/** Compiles harness.c + trampoline.S + the generated stubs and runs `cases` through it on `host`. */
export function runNative(host: ThirtyTwoBitRunner, forms: Form[], cases: Case[]): NativeRun {
  const objcopy = externalTool('objcopy', 'binutils');
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-host-diff-'));
  const stubs = join(dir, 'stubs.S');
  const binary = join(dir, 'harness');
  writeFileSync(stubs, stubSource(forms));
  execFileSync('gcc', [
    '-m32',
    '-static',
    '-O1',
    '-o',
    binary,
    join(HERE, 'harness.c'),
    join(HERE, 'trampoline.S'),
    stubs,
    `-Wl,--section-start=.stubs=0x${STUBS_ADDRESS.toString(16)}`,
  ]);
  execFileSync(objcopy.path!, ['-O', 'binary', '--only-section=.stubs', binary, join(dir, 'stubs.bin')]);
  writeFileSync(join(dir, 'cases.bin'), encodeCases(cases));
  host.run(binary, [join(dir, 'cases.bin'), join(dir, 'results.bin')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  const out = new Uint8Array(readFileSync(join(dir, 'results.bin')));
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const stubCount = view.getUint32(0, true);
  const stubAddresses = new Uint32Array(stubCount);
  for (let i = 0; i < stubCount; i++) stubAddresses[i] = view.getUint32(4 + i * 4, true);
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
  return { stubAddresses, stubs: new Uint8Array(readFileSync(join(dir, 'stubs.bin'))), results };
}
