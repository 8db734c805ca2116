// The x87 unit against the host's x87 (the harness is built by gcc for the host, i386 or x86-64): each
// case FRSTORs a state, executes one instruction and FNSAVEs the result, on the host FPU and on the unit;
// every status, control and tag bit, every register bit and every stored memory byte must agree. Intel SDM Vol. 1, chapter 8 "Programming with
// the x87 FPU" and chapter 4.8–4.9 (real numbers, rounding, exceptions) define what is compared.
import { randomBytes } from 'node:crypto';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { FORMS, Random, randomCase } from './cases.js';
import { describeCase, differences } from './compare.js';
import { edgeCases } from './edge-cases.js';
import { MEM_BYTES, runOnHost, STATE_BYTES, type X87Case } from './host.js';
import { runOnUnit } from './unit.js';

const gcc = externalTool('gcc', 'gcc');
/** The harness runs x87 code on the host itself, so the host must be an x86 (its 64-bit mode will do). */
const notX86 =
  process.arch === 'x64' || process.arch === 'ia32' ? '' : `the host is ${process.arch}, not x86`;
if (notX86) console.warn(`[skipped] x87 against the host FPU: ${notX86}`);

/**
 * Cases where the unit and the host disagree. A disagreeing case is run on the host again (up to twice)
 * before it is reported: a preemption between the harness's FRSTOR and FNSAVE lets the host kernel
 * rewrite FIP/FDP (Linux clears them on AMD processors, whose FXSAVE leaks them), which is noise.
 */
function mismatches(cases: X87Case[], attempts = 3): string[] {
  let pending = cases;
  let report: string[] = [];
  for (let attempt = 0; attempt < attempts && pending.length > 0; attempt++) {
    const host = runOnHost(pending);
    const failed: X87Case[] = [];
    report = [];
    pending.forEach((c, i) => {
      let diff: string[];
      try {
        diff = differences(c, host.results[i], runOnUnit(c, host.instructionAddress, host.memAddress));
      } catch (e) {
        diff = [`unit threw ${(e as Error).message}`];
      }
      if (diff.length) {
        failed.push(c);
        report.push(`${describeCase(c)}\n    ${diff.join('\n    ')}`);
      }
    });
    pending = failed;
  }
  return report;
}

function randomCases(seed: number, count: number): X87Case[] {
  const r = new Random(seed);
  return Array.from({ length: count }, () => randomCase(r));
}

describe.skipIf(!gcc.path || notX86 !== '')('x87 against the host FPU', () => {
  it('covers every instruction form under test', () => {
    expect(FORMS.length).toBeGreaterThan(300);
  });

  // SDM Vol. 1, 8.1.10 (Figures 8-9, 8-10: FNSAVE's 32- and 16-bit protected-mode images) and
  // Vol. 2A, FXSAVE (Table 3-53): the same known state saved by the host and by the unit, byte for byte.
  it('FNSAVE (108 and 94 bytes), FNSTENV (28 and 14 bytes) and FXSAVE (512 bytes) layouts match the host', () => {
    const state = new Uint8Array(STATE_BYTES);
    const view = new DataView(state.buffer);
    view.setUint32(0, 0xffff0b72, true); // CW: RC down, PC double, IE/ZE unmasked
    view.setUint32(4, 0xffff2d21, true); // SW: TOP = 5, C2, C0, IE, PE
    view.setUint32(8, 0xffff0f00, true); // R4, R5 empty... (the tag classes are recomputed)
    view.setUint32(12, 0x12345678, true); // FIP
    view.setUint32(20, 0x9abcdef0, true); // FDP
    const values: [number, bigint][] = [
      [0x4000, 0xc90fdaa22168c235n], // pi
      [0x0000, 0x0000000000000001n], // smallest denormal
      [0x7fff, 0x8000000000000000n], // +inf
      [0xffff, 0xc000000000000000n], // indefinite
      [0x8000, 0n], // -0
      [0x3fff, 0x8000000000000000n], // 1
      [0x1234, 0x0123456789abcdefn], // unnormal
      [0x7fff, 0xa000000000000000n], // SNaN
    ];
    values.forEach(([se, sig], i) => {
      view.setBigUint64(28 + 10 * i, sig, true);
      view.setUint16(36 + 10 * i, se, true);
    });
    const mem = new Uint8Array(MEM_BYTES).fill(0xa5);
    const codes = [
      [0xdd, 0x30],
      [0x66, 0xdd, 0x30],
      [0xd9, 0x30],
      [0x66, 0xd9, 0x30],
      [0x0f, 0xae, 0x00],
    ];
    const cases = codes.map((code) => ({ state, mem, code }));
    expect(mismatches(cases)).toEqual([]);
  });

  it('edge operands under every rounding mode, precision control and OE/UE/IE masking agree bit for bit', () => {
    const cases = edgeCases();
    const bad = mismatches(cases);
    console.log(`x87 edge cases: ${cases.length - bad.length}/${cases.length} identical`);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('20,000 random cases with the fixed seed agree bit for bit', () => {
    const cases = randomCases(0x8087, 20_000);
    const bad = mismatches(cases);
    console.log(`x87 random cases (seed 0x8087): ${cases.length - bad.length}/${cases.length} identical`);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('5,000 random cases with a fresh seed agree bit for bit', () => {
    const seed = randomBytes(4).readUInt32LE(0);
    console.log(`x87 fresh seed: ${seed} (replay: npx tsx test/x87/debug-run.ts ${seed} 5000)`);
    const cases = randomCases(seed, 5_000);
    const bad = mismatches(cases);
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
