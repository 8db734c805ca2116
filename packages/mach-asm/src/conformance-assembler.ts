/**
 * Adapts an assembler with `@vmi386/asm`'s `assemble` signature into a conformance assembler
 * (`<mach_asm.h>` supplied as a virtual file). The caller passes `assemble` in, so that this
 * package does not depend on `@vmi386/asm`: `checkConformance(backend, asmConformanceAssembler(assemble))`.
 */
import type { ConformanceAssembler } from './conformance.js';

type AsmLike = (
  source: { files: Record<string, string>; main: string },
  options: { virtualFiles: Record<string, string> },
) => {
  ok: boolean;
  sections: { name: string; bytes: Uint8Array }[];
  diagnostics: { severity: string; file: string; line: number; message: string }[];
};

export function asmConformanceAssembler(assemble: AsmLike): ConformanceAssembler {
  return (source, header) => {
    const result = assemble(
      { files: { 'probe.S': source }, main: 'probe.S' },
      { virtualFiles: { 'mach_asm.h': header } },
    );
    const sections: Record<string, Uint8Array> = {};
    for (const section of result.sections) sections[section.name] = section.bytes;
    const message = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.file}:${d.line}: ${d.message}`)
      .join('; ');
    return { ok: result.ok, message, sections };
  };
}
