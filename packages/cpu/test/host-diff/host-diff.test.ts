// The differential test against the host CPU: every case runs natively (gcc -m32) and on the core,
// and registers, memory, the stop (INT3 or the fault's vector) and every defined flag must agree.
//
// Seeds: a fixed seed (the CI baseline, ≥ 20,000 cases) plus a fresh seed per run, printed so a
// failure can be replayed with HOST_DIFF_SEED=<seed>.

import { thirtyTwoBitRunner } from '@vmi386/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from './compare.js';
import { runOnCore } from './core.js';
import { allForms, type Form } from './forms.js';
import { type Case, generateCases } from './generate.js';
import {
  buildNative,
  type NativeHarness,
  planReferences,
  REFERENCE_NAMES,
  type Reference,
} from './native.js';

const FIXED_SEED = 0x1386_2006;
const FIXED_SCALE = 1.35;
/** The fresh seed's share; raise it (HOST_DIFF_SCALE=3) to hunt for rare mismatches locally. */
const FRESH_SCALE = process.env.HOST_DIFF_SCALE ? Number(process.env.HOST_DIFF_SCALE) : 0.15;

/**
 * Groups the core does not implement at all, skipped with the reason printed. Keep this empty unless a
 * whole feature is missing; a wrong result is a failure, never a skip.
 */
const MISSING_FEATURES: Record<string, string> = {};

const host = thirtyTwoBitRunner();
const freshSeed = process.env.HOST_DIFF_SEED
  ? Number(process.env.HOST_DIFF_SEED)
  : (Date.now() ^ (process.pid << 16)) >>> 0;

interface Mismatch {
  seed: number;
  form: Form;
  input: Case;
  bytes: string;
  problems: string[];
}

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

function describeCase(m: Mismatch): string {
  const r = m.input.regs;
  return [
    `  ${m.form.lines.join('; ')}    [${m.bytes}]  (seed ${hex(m.seed)})`,
    `    in: eax=${hex(r[0])} ecx=${hex(r[1])} edx=${hex(r[2])} ebx=${hex(r[3])} esp=${hex(r[4])} ebp=${hex(r[5])} esi=${hex(r[6])} edi=${hex(r[7])} eflags=${hex(m.input.eflags)}`,
    ...m.problems.map((p) => `    ${p}`),
  ].join('\n');
}

const forms = allForms();
/** What runs each form natively (the host CPU, its 64-bit mode, or qemu-i386: native.ts). */
const references: Reference[] = host.kind === 'none' ? [] : planReferences(host, forms);

/** E.g. "the host CPU in 64-bit mode (21 forms) and QEMU's i386 emulator (4 forms)" for a mixed group. */
function referencesOf(formsOfGroup: number[]): string {
  const counts = new Map<Reference, number>();
  for (const i of formsOfGroup) counts.set(references[i], (counts.get(references[i]) ?? 0) + 1);
  if (counts.size === 1) return REFERENCE_NAMES[[...counts.keys()][0]];
  return [...counts].map(([r, n]) => `${REFERENCE_NAMES[r]} (${n} forms)`).join(' and ');
}

describe.skipIf(host.kind === 'none')(`host differential test (gcc -m32 vs the core)`, () => {
  const byGroup = new Map<string, Mismatch[]>();
  const caseCount = new Map<string, number>();
  let total = 0;

  function runSeed(native: NativeHarness, seed: number, scale: number): void {
    const cases = generateCases(forms, seed, scale);
    const results = native.run(cases);
    const stubBase = native.stubAddresses[0];
    cases.forEach((input, n) => {
      const form = forms[input.form];
      const result = results[n];
      if (result === undefined) return; // no reference for this form here (skipped, reason printed)
      const entry = native.stubAddresses[input.form];
      caseCount.set(form.group, (caseCount.get(form.group) ?? 0) + 1);
      total++;
      const core = runOnCore(native.stubs, entry, input);
      const problems = compareResults(result, core, form.undefined(input));
      if (problems.length === 0) return;
      const next = native.stubAddresses[input.form + 1] ?? stubBase + native.stubs.length;
      const bytes = Array.from(native.stubs.subarray(entry - stubBase, next - stubBase - 1), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join(' ');
      const list = byGroup.get(form.group) ?? [];
      list.push({ seed, form, input, bytes, problems });
      byGroup.set(form.group, list);
    });
  }

  beforeAll(() => {
    console.log(
      `host-diff: fixed seed ${hex(FIXED_SEED)}, fresh seed ${hex(freshSeed)} (replay with HOST_DIFF_SEED=${freshSeed}); references: ${referencesOf(forms.map((_, i) => i))}`,
    );
    const native = buildNative(host, forms, references);
    runSeed(native, FIXED_SEED, FIXED_SCALE);
    runSeed(native, freshSeed, FRESH_SCALE);
    const failing = [...byGroup.values()].reduce((n, list) => n + list.length, 0);
    console.log(`host-diff: ${total} cases over ${forms.length} instruction forms, ${failing} mismatching`);
  }, 1_800_000);

  it('runs at least 20,000 cases', () => {
    expect(total).toBeGreaterThanOrEqual(references.includes('none') ? 1 : 20_000);
  });

  const groups = [...new Set(forms.map((f) => f.group))];
  for (const group of groups) {
    const formsOfGroup = forms.flatMap((f, i) => (f.group === group ? [i] : []));
    if (formsOfGroup.every((i) => references[i] === 'none')) {
      it.skip(`${group} (skipped: ${host.skipReason})`, () => {});
      console.warn(`[skipped] host-diff ${group}: ${host.skipReason}`);
      continue;
    }
    const missing = MISSING_FEATURES[group];
    if (missing) {
      it.skip(`${group} (skipped: the core lacks ${missing})`, () => {});
      console.warn(`[skipped] host-diff ${group}: the core lacks ${missing}`);
      continue;
    }
    it(`${group} agrees with ${referencesOf(formsOfGroup)}`, () => {
      const mismatches = byGroup.get(group) ?? [];
      if (mismatches.length > 0) {
        const shown = mismatches.slice(0, 6).map(describeCase).join('\n');
        expect.fail(`${mismatches.length} of ${caseCount.get(group)} ${group} cases differ:\n${shown}`);
      }
      expect(caseCount.get(group)).toBeGreaterThan(0);
    });
  }
});
