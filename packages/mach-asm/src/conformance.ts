import type { MachBackend } from './backend.js';
import { type MacroSpec, vocabulary } from './vocabulary.js';

/**
 * Backend conformance: every vocabulary name is defined by the header, and every use of it
 * assembles. The checks that need an assembler are returned as cases (a `.S` source that
 * `#include`s `<mach_asm.h>`) so that the same cases run through GNU as and through
 * `@vmi386/asm`.
 */

/** Names `#define`d by a header (object-like or function-like). */
export function definedMacros(header: string): Set<string> {
  const names = new Set<string>();
  for (const match of header.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)) {
    names.add(match[1]!);
  }
  return names;
}

/** Vocabulary names a header fails to define. */
export function missingMacros(header: string): string[] {
  const defined = definedMacros(header);
  return vocabulary.filter((entry) => !defined.has(entry.name)).map((entry) => entry.name);
}

/**
 * The value of a `#define NAME "..."` string macro, with C escapes undone; undefined when the
 * macro is not a single string literal.
 */
export function stringMacroValue(header: string, name: string): string | undefined {
  const line = header.match(new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+(.*)$`, 'm'));
  if (!line) return undefined;
  const literal = line[1]!.trim().match(/^"((?:[^"\\]|\\.)*)"$/);
  if (!literal) return undefined;
  return literal[1]!.replace(/\\(.)/g, (_, escaped: string) =>
    escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped,
  );
}

export interface ConformanceCase {
  /** The vocabulary entry the case exercises. */
  macro: MacroSpec;
  /** A `.S` source that includes `<mach_asm.h>` and uses the macro once in `.text`. */
  source: string;
  /**
   * A source that must assemble to the same `.text` bytes: for a string macro, its string
   * assembled as plain instructions with the header included; for a symbol, a `.long` of the
   * backend's metadata value; undefined for instruction macros (their bytes are backend-specific).
   */
  equivalentSource?: string;
}

/** One assembly case per vocabulary entry. */
export function conformanceCases(backend: MachBackend): ConformanceCase[] {
  return vocabulary.map((macro): ConformanceCase => {
    const prologue = '#include <mach_asm.h>\n\t.text\n';
    if (macro.kind === 'instruction') return { macro, source: `${prologue}${macro.name}\n` };
    if (macro.kind === 'string') {
      const text = stringMacroValue(backend.header, macro.name) ?? `.error "${macro.name} is not a string"`;
      return {
        macro,
        source: `${prologue}\t.pushsection .rodata\n\t.ascii ${macro.name}\n\t.popsection\n${text}\n`,
        equivalentSource: `${prologue}\t.pushsection .rodata\n\t.ascii ${JSON.stringify(text)}\n\t.popsection\n${text}\n`,
      };
    }
    return {
      macro,
      source: `${prologue}\t.long ${macro.name}\n`,
      equivalentSource: `\t.text\n\t.long ${backend.kernelRpl}\n`,
    };
  });
}

/** What a conformance run needs from an assembler: assemble one `.S` with `<mach_asm.h>` supplied. */
export type ConformanceAssembler = (
  source: string,
  header: string,
) => { ok: boolean; message: string; sections: Record<string, Uint8Array> };

/**
 * Runs the conformance checks of `backend` through `assembler`: every vocabulary name defined,
 * every case assembling, string and symbol macros equal to their expected text. Returns one line
 * per failure (empty when the backend conforms).
 */
export function checkConformance(backend: MachBackend, assembler: ConformanceAssembler): string[] {
  const failures = missingMacros(backend.header).map((name) => `${backend.name}: ${name} is not defined`);
  for (const testCase of conformanceCases(backend)) {
    const name = `${backend.name}: ${testCase.macro.name}`;
    const result = assembler(testCase.source, backend.header);
    if (!result.ok) {
      failures.push(`${name} does not assemble: ${result.message}`);
      continue;
    }
    if (testCase.macro.kind !== 'string' && (result.sections['.text']?.length ?? 0) === 0) {
      failures.push(`${name} emits no code`);
    }
    if (testCase.equivalentSource === undefined) continue;
    const expected = assembler(testCase.equivalentSource, backend.header);
    if (!expected.ok) {
      failures.push(`${name}: the expected text does not assemble: ${expected.message}`);
      continue;
    }
    for (const section of ['.text', '.rodata']) {
      if (!sameBytes(result.sections[section], expected.sections[section])) {
        failures.push(`${name}: ${section} differs from the expected text`);
      }
    }
  }
  return failures;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  const x = a ?? new Uint8Array(0);
  const y = b ?? new Uint8Array(0);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}
