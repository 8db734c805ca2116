import { checkAssembleResult } from '../argument-checks.js';
import type { Diagnostic } from '../diagnostics.js';
import type { AssembleResult } from '../result.js';
import { defaultSectionOrder, type LinkedSymbol, place } from './link.js';

export interface FlatLinkOptions {
  /** Address the first byte is loaded at (e.g. 0x7c00 for a boot sector). Default 0. */
  origin?: number;
  /** Sections to include, in this order. Default: code, read-only data, data, then bss. */
  sections?: string[];
}

export interface FlatImage {
  ok: boolean;
  /** The image from `origin` to the end of the last section with contents (bss is not stored). */
  bytes: Uint8Array;
  symbols: LinkedSymbol[];
  /** Where each section went, with its final (relocated) contents. */
  sections: { name: string; address: number; size: number; bytes: Uint8Array }[];
  diagnostics: Diagnostic[];
}

/** Links an assembled unit into a flat binary image: every symbol must be defined. */
export function linkFlat(result: AssembleResult, options: FlatLinkOptions = {}): FlatImage {
  checkAssembleResult('linkFlat', result);
  const origin = options.origin ?? 0;
  const order = options.sections ?? defaultSectionOrder(result);
  const placement = place(result, order, origin, origin);
  const diagnostics = [...placement.diagnostics];
  if (!result.ok)
    diagnostics.unshift({
      severity: 'error',
      message: 'the assembly had errors',
      file: '',
      line: 0,
      column: 0,
    });
  let end = origin;
  for (const p of placement.sections)
    if (p.section.type !== 'nobits') end = Math.max(end, p.address + p.size);
  const bytes = new Uint8Array(end - origin);
  for (const p of placement.sections) if (p.section.type !== 'nobits') bytes.set(p.bytes, p.address - origin);
  return {
    ok: diagnostics.every((d) => d.severity !== 'error'),
    bytes,
    symbols: placement.symbols,
    sections: placement.sections.map((p) => ({
      name: p.name,
      address: p.address,
      size: p.size,
      bytes: p.bytes,
    })),
    diagnostics,
  };
}
