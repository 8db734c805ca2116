import { assemble } from '@vmi386/asm';
import { asmConformanceAssembler, checkConformance, vocabulary } from '@vmi386/mach-asm';
import { gcc, gnuAssemble } from '@vmi386/testkit/gnu-as';
import { describe, expect, it } from 'vitest';
import { nativeBackend } from './index.js';

/** The seed's include/asm-i386/mach-default/mach_asm.h, line by line. */
const seedHeader = `#ifndef __MACH_ASM_H
#define __MACH_ASM_H

#define IRET iret
#define CLI cli
#define STI sti
#define STI_SYSEXIT sti; sysexit
#define GET_CR0 mov %cr0, %eax
#define WRMSR wrmsr
#define RDMSR rdmsr
#define CPUID cpuid

#define CLI_STRING "cli"
#define STI_STRING "sti"
`;

describe('native backend', () => {
  it('starts with the seed’s mach-default header, exactly', () => {
    expect(nativeBackend.header.startsWith(seedHeader)).toBe(true);
    expect(nativeBackend.header.trimEnd().endsWith('#endif /* __MACH_ASM_H */')).toBe(true);
  });

  it('runs the kernel in ring 0', () => {
    expect(nativeBackend.kernelRpl).toBe(0);
    expect(nativeBackend.annotationSection).toBeUndefined();
  });

  it.skipIf(!gcc.path)('conforms, assembled by GNU as', () => {
    expect(checkConformance(nativeBackend, gnuAssemble)).toEqual([]);
  });

  it('conforms, assembled by @vmi386/asm', () => {
    expect(checkConformance(nativeBackend, asmConformanceAssembler(assemble))).toEqual([]);
  });

  it.skipIf(!gcc.path)('expands every instruction macro to exactly the plain instruction', () => {
    for (const macro of vocabulary.filter((m) => m.kind === 'instruction')) {
      const viaMacro = gnuAssemble(`#include <mach_asm.h>\n\t.text\n${macro.name}\n`, nativeBackend.header);
      const plain = gnuAssemble(`\t.text\n${macro.native}\n`, '');
      expect(viaMacro.ok, viaMacro.message).toBe(true);
      expect([...viaMacro.sections['.text']!], macro.name).toEqual([...plain.sections['.text']!]);
    }
  });
});
