import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { compareWithGas, KNOWN_DIVERGENCES } from './__fixtures__/differential.js';
import { instructionCases } from './__fixtures__/instruction-cases.js';
import { mutatedCases, randomCases } from './__fixtures__/random-cases.js';

const gas = externalTool('as', 'binutils');

describe.skipIf(!gas.path)('encoder against GNU as --32 (generated differential)', () => {
  it('encodes every generated statement byte-for-byte as GAS does, in 32- and 16-bit code', () => {
    const cases = [
      ...instructionCases(32).map((text) => ({ codeSize: 32 as const, text })),
      ...instructionCases(16).map((text) => ({ codeSize: 16 as const, text })),
    ];
    const report = compareWithGas(gas.path!, cases);
    console.log(
      `differential: ${report.cases} statements, ${report.encodedEqual} encoded identically, ` +
        `${report.refusedByBoth} refused by both, ${report.mismatches.length} mismatches, ` +
        `${report.warningMismatches.length} warning differences`,
    );
    expect(report.mismatches.slice(0, 40)).toEqual([]);
    expect(report.warningMismatches.slice(0, 40)).toEqual([]);
  }, 60_000);

  it('agrees with GAS on 20,000 mutants of the generated statements (other registers, addresses, values)', () => {
    const cases = [
      ...mutatedCases(instructionCases(32), 32, 10_000, 0x1386).map((text) => ({
        codeSize: 32 as const,
        text,
      })),
      ...mutatedCases(instructionCases(16), 16, 10_000, 0x1286).map((text) => ({
        codeSize: 16 as const,
        text,
      })),
    ];
    const report = compareWithGas(gas.path!, cases, KNOWN_DIVERGENCES);
    console.log(
      `mutants: ${report.cases} statements, ${report.encodedEqual} encoded identically, ` +
        `${report.refusedByBoth} refused by both, ${report.setAside} set aside, ${report.mismatches.length} mismatches`,
    );
    expect(report.mismatches.slice(0, 40)).toEqual([]);
    expect(report.warningMismatches.slice(0, 40)).toEqual([]);
  }, 60_000);

  it('agrees with GAS on 20,000 random statements (any mnemonic, suffix and operands)', () => {
    const cases = [
      ...randomCases(32, 10_000, 0x386).map((text) => ({ codeSize: 32 as const, text })),
      ...randomCases(16, 10_000, 0x8086).map((text) => ({ codeSize: 16 as const, text })),
    ];
    const report = compareWithGas(gas.path!, cases, KNOWN_DIVERGENCES);
    console.log(
      `random: ${report.cases} statements, ${report.encodedEqual} encoded identically, ` +
        `${report.refusedByBoth} refused by both, ${report.setAside} set aside as known divergences ` +
        `(${KNOWN_DIVERGENCES.map((d) => d.reason).join('; ')}), ${report.mismatches.length} mismatches`,
    );
    expect(report.mismatches.slice(0, 40)).toEqual([]);
  }, 60_000);
});
