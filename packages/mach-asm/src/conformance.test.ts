import { describe, expect, it } from 'vitest';
import type { MachBackend } from './backend.js';
import {
  type ConformanceAssembler,
  checkConformance,
  conformanceCases,
  definedMacros,
  missingMacros,
  stringMacroValue,
} from './conformance.js';
import { vocabulary } from './vocabulary.js';

const seedNames = [
  'IRET',
  'CLI',
  'STI',
  'STI_SYSEXIT',
  'GET_CR0',
  'WRMSR',
  'RDMSR',
  'CPUID',
  'CLI_STRING',
  'STI_STRING',
];

describe('vocabulary', () => {
  it('holds the seed’s ten macros, marked as such', () => {
    expect(vocabulary.filter((m) => m.seed).map((m) => m.name)).toEqual(seedNames);
  });
  it('holds what the fixture needs beyond the seed', () => {
    const names = vocabulary.map((m) => m.name);
    for (const name of ['SET_CR0', 'CLTS', 'SET_LDT', 'GET_CR3', 'SET_CR3', 'HLT', 'STI_HLT', 'KERNEL_RPL']) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('header parsing', () => {
  const header =
    '#ifndef X\n#define X\n#define CLI cli\n  #  define STI_STRING "s\\"t\\\\i"\n#define F(a) a\n#endif\n';
  it('finds #define names, object-like and function-like', () => {
    expect([...definedMacros(header)]).toEqual(['X', 'CLI', 'STI_STRING', 'F']);
  });
  it('lists the vocabulary names a header lacks', () => {
    expect(missingMacros(header)).toContain('IRET');
    expect(missingMacros(header)).not.toContain('CLI');
  });
  it('reads string macros with their escapes undone', () => {
    expect(stringMacroValue(header, 'STI_STRING')).toBe('s"t\\i');
    expect(stringMacroValue(header, 'CLI')).toBeUndefined();
    expect(stringMacroValue(header, 'NOPE')).toBeUndefined();
  });
});

describe('conformance', () => {
  const backend: MachBackend = {
    name: 'fake',
    description: 'a header that defines only CLI',
    header: '#define CLI cli\n#define CLI_STRING "cli"\n',
    kernelRpl: 0,
  };
  it('has one case per vocabulary name, each including <mach_asm.h>', () => {
    const cases = conformanceCases(backend);
    expect(cases.map((c) => c.macro.name)).toEqual(vocabulary.map((m) => m.name));
    for (const c of cases) expect(c.source).toContain('#include <mach_asm.h>');
  });
  it('reports undefined names and sources that do not assemble', () => {
    const failures = checkConformance(
      backend,
      (source): ReturnType<ConformanceAssembler> =>
        source.includes('IRET')
          ? { ok: false, message: 'no IRET', sections: {} }
          : { ok: true, message: '', sections: { '.text': new Uint8Array([0xfa]) } },
    );
    expect(failures).toContain('fake: IRET is not defined');
    expect(failures).toContain('fake: IRET does not assemble: no IRET');
    expect(failures.some((f) => f.startsWith('fake: CLI '))).toBe(false);
  });
});
