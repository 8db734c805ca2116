import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@vmi386/asm';
import { asmConformanceAssembler, checkConformance, vocabulary } from '@vmi386/mach-asm';
import { externalTool } from '@vmi386/testkit';
import { gcc, gnuAssemble } from '@vmi386/testkit/gnu-as';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_SECTION,
  callByNumber,
  callForMacro,
  paddingBytes,
  parseAnnotations,
  patchBytes,
  SITE_LENGTH,
  VROM_CALL_LEN,
  vmiBackend,
  vmiCalls,
} from './index.js';

const objdump = externalTool('objdump', 'binutils');

/** objdump's instruction lines for raw 32-bit code. */
function disassemble(bytes: Uint8Array): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'vmi386-vmi-')), 'code.bin');
  writeFileSync(file, bytes);
  const out = execFileSync(objdump.path!, ['-D', '-b', 'binary', '-m', 'i386', file], { encoding: 'utf8' });
  return out.split('\n').filter((line) => /^\s+[0-9a-f]+:\t/.test(line));
}

const hookPoints = vocabulary.filter((m) => m.kind === 'instruction');

describe('VMI call table', () => {
  it('has one call per hook-point macro, with unique numbers', () => {
    for (const macro of hookPoints) expect(callForMacro(macro.name), macro.name).toBeDefined();
    expect(new Set(vmiCalls.map((c) => c.number)).size).toBe(vmiCalls.length);
    expect(new Set(vmiCalls.map((c) => c.macro)).size).toBe(vmiCalls.length);
  });

  it('uses the VMI numbers of 2006 and marks vmi386 additions', () => {
    const byName = Object.fromEntries(vmiCalls.map((c) => [c.name, c.number]));
    expect(byName).toMatchObject({
      CPUID: 5,
      WRMSR: 6,
      RDMSR: 7,
      GetCR0: 24,
      EnableInterrupts: 35,
      DisableInterrupts: 36,
    });
    expect(byName).toMatchObject({ SetLDT: 9, SetCR0: 20, SetCR3: 22, GetCR2: 25, GetCR3: 26, CLTS: 34 });
    expect(byName).toMatchObject({ GetInterruptMask: 37, IRET: 39, SYSEXIT: 40, Halt: 42 });
    expect(vmiCalls.filter((c) => c.extension).every((c) => c.number >= 88)).toBe(true);
  });

  it('describes each native sequence with the length it assembles to', () => {
    for (const call of vmiCalls)
      expect(call.nativeLength + paddingBytes(call.nativeLength).length).toBe(SITE_LENGTH);
  });
});

describe('VMI backend', () => {
  it('runs the kernel in ring 1 and names its annotation section', () => {
    expect(vmiBackend.kernelRpl).toBe(1);
    expect(vmiBackend.annotationSection).toBe(ANNOTATION_SECTION);
  });

  it.skipIf(!gcc.path)('conforms, assembled by GNU as', () => {
    expect(checkConformance(vmiBackend, gnuAssemble)).toEqual([]);
  });

  it('conforms, assembled by @vmi386/asm', () => {
    expect(checkConformance(vmiBackend, asmConformanceAssembler(assemble))).toEqual([]);
  });

  it.skipIf(!gcc.path)(
    'makes each macro one site: native bytes, then one NOP, and an annotation record',
    () => {
      for (const macro of hookPoints) {
        const call = callForMacro(macro.name)!;
        const site = gnuAssemble(
          `#include <mach_asm.h>\n\t.text\n\tnop\n${macro.name}\n`,
          vmiBackend.header,
          ['.text', ANNOTATION_SECTION],
        );
        const plain = gnuAssemble(`\t.text\n${macro.native}\n`, '');
        expect(site.ok, site.message).toBe(true);
        const native = [...plain.sections['.text']!];
        expect(native.length, macro.name).toBe(call.nativeLength);
        expect([...site.sections['.text']!], macro.name).toEqual([
          0x90,
          ...native,
          ...paddingBytes(native.length),
        ]);
        // In the object file the site address is a relocation (addend 1: after the leading nop).
        const [record] = parseAnnotations(site.sections[ANNOTATION_SECTION]!);
        expect(record).toEqual({
          call: call.number,
          address: 1,
          length: SITE_LENGTH,
          nativeLength: call.nativeLength,
        });
      }
    },
  );

  it.skipIf(!objdump.path)('pads with one instruction: objdump decodes each padding as a single NOP', () => {
    for (const native of [1, 2, 3]) {
      const lines = disassemble(new Uint8Array(paddingBytes(native)));
      expect(lines, `padding after ${native} native bytes`).toHaveLength(1);
      expect(lines[0]).toMatch(/\bnop\b|xchg\s+%ax,%ax/);
    }
  });
});

describe('patching', () => {
  it('writes call rel32 to the ROM entry and pads with nop', () => {
    const romBase = 0xfc000000;
    const call = callByNumber(36)!;
    const site = { address: 0xc0100123, length: SITE_LENGTH };
    const bytes = patchBytes(site, romBase + VROM_CALL_LEN * call.number);
    expect(bytes[0]).toBe(0xe8);
    const rel = new DataView(bytes.buffer).getInt32(1, true);
    expect((site.address + 5 + rel) >>> 0).toBe(romBase + 32 * 36);
    expect(bytes[5]).toBe(0x90);
  });
});
