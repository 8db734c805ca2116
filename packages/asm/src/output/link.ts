// A minimal static linker for one assembled unit: place sections at addresses, give symbols
// their final values and apply the relocations (REL: the addend is in the bytes).

import type { Diagnostic } from '../diagnostics.js';
import type { AssembledSection, AssembleResult, Relocation } from '../result.js';

export interface PlacedSection {
  name: string;
  /** Address the code is linked to run at. */
  address: number;
  /** Address it is loaded at (differs from `address` for a kernel linked high). */
  loadAddress: number;
  size: number;
  /** Final contents, relocations applied (zeros for nobits sections). */
  bytes: Uint8Array;
  section: AssembledSection;
}

export interface LinkedSymbol {
  name: string;
  /** Final (virtual) address, or the value of an absolute symbol. */
  value: number;
  section: string | undefined;
  binding: 'local' | 'global' | 'weak';
  type: string;
  size: number;
}

export interface Placement {
  sections: PlacedSection[];
  symbols: LinkedSymbol[];
  diagnostics: Diagnostic[];
}

function linkDiagnostic(message: string): Diagnostic {
  return { severity: 'error', message, file: '', line: 0, column: 0 };
}

/** Sections in the default order: code, read-only data, writable data, then zero-filled ones. */
export function defaultSectionOrder(result: AssembleResult): string[] {
  const alloc = result.sections.filter((s) => s.flags.alloc && s.size > 0);
  const rank = (s: AssembledSection) => (s.type === 'nobits' ? 3 : s.flags.exec ? 0 : s.flags.write ? 2 : 1);
  return [...alloc].sort((a, b) => rank(a) - rank(b)).map((s) => s.name);
}

/**
 * Places `order` one after another from `base` (each at its alignment), defines common symbols
 * in a trailing zero-filled area, resolves symbols and applies relocations.
 */
export function place(
  result: AssembleResult,
  order: readonly string[],
  base: number,
  loadBase: number,
): Placement {
  const diagnostics: Diagnostic[] = [];
  const placed: PlacedSection[] = [];
  let address = base;
  for (const name of order) {
    const section = result.sections.find((s) => s.name === name);
    if (!section) {
      diagnostics.push(linkDiagnostic(`section '${name}' does not exist`));
      continue;
    }
    address = alignUp(address, section.alignment);
    placed.push({
      name,
      address,
      loadAddress: address - base + loadBase,
      size: section.size,
      bytes: section.bytes.slice(),
      section,
    });
    address += section.size;
  }
  const byName = new Map(placed.map((p) => [p.name, p]));

  // Common symbols (`.comm`) get space in a zero-filled COMMON area after the last section,
  // as ld puts them at the end of .bss.
  const commons = result.symbols.filter((s) => s.section === '*COM*');
  const commonAddress = new Map<string, number>();
  if (commons.length > 0) {
    const alignment = Math.max(...commons.map((s) => Math.max(1, s.value)));
    const start = alignUp(address, alignment);
    let end = start;
    for (const s of commons) {
      end = alignUp(end, Math.max(1, s.value));
      commonAddress.set(s.name, end);
      end += s.size;
    }
    const section: AssembledSection = {
      name: 'COMMON',
      type: 'nobits',
      flags: {
        alloc: true,
        write: true,
        exec: false,
        merge: false,
        strings: false,
        tls: false,
        group: false,
      },
      alignment,
      entrySize: 0,
      size: end - start,
      bytes: new Uint8Array(end - start),
    };
    placed.push({
      name: 'COMMON',
      address: start,
      loadAddress: start - base + loadBase,
      size: end - start,
      bytes: section.bytes,
      section,
    });
    address = end;
  }

  const symbols: LinkedSymbol[] = [];
  const values = new Map<string, number>();
  for (const s of result.symbols) {
    let value: number | undefined;
    if (s.section === '*ABS*') value = s.value;
    else if (s.section === '*COM*') value = commonAddress.get(s.name);
    else if (s.section !== undefined) {
      const p = byName.get(s.section);
      if (p) value = p.address + s.value;
    }
    if (value === undefined) continue;
    values.set(s.name, value >>> 0);
    symbols.push({
      name: s.name,
      value: value >>> 0,
      section: s.section === '*COM*' ? 'COMMON' : s.section,
      binding: s.binding,
      type: s.type,
      size: s.size,
    });
  }

  for (const r of result.relocations) {
    const target = byName.get(r.section);
    if (!target) continue;
    const s = symbolAddress(r, byName, values, result);
    if (typeof s === 'string') {
      diagnostics.push(linkDiagnostic(s));
      continue;
    }
    applyRelocation(target, r, s, diagnostics);
  }
  return { sections: placed, symbols, diagnostics };
}

function symbolAddress(
  r: Relocation,
  byName: ReadonlyMap<string, PlacedSection>,
  values: ReadonlyMap<string, number>,
  result: AssembleResult,
): number | string {
  if (r.symbol === undefined) return 0;
  if (r.againstSection) {
    const p = byName.get(r.symbol);
    return p
      ? p.address
      : `section '${r.symbol}' is referenced from '${r.section}' but not part of the image`;
  }
  const v = values.get(r.symbol);
  if (v !== undefined) return v;
  const known = result.symbols.find((s) => s.name === r.symbol);
  if (known?.section === undefined)
    return `undefined symbol '${r.symbol}' (referenced from ${r.section}+0x${r.offset.toString(16)})`;
  return `symbol '${r.symbol}' is in section '${known.section}', which is not part of the image`;
}

function applyRelocation(target: PlacedSection, r: Relocation, s: number, diagnostics: Diagnostic[]): void {
  const view = new DataView(target.bytes.buffer, target.bytes.byteOffset, target.bytes.byteLength);
  const p = target.address + r.offset;
  const pcRelative = r.type.includes('PC');
  const size = r.type.endsWith('32') ? 4 : r.type.endsWith('16') ? 2 : 1;
  const addend =
    size === 4
      ? view.getInt32(r.offset, true)
      : size === 2
        ? view.getInt16(r.offset, true)
        : view.getInt8(r.offset);
  const value = s + addend - (pcRelative ? p : 0);
  if (size === 4) {
    view.setUint32(r.offset, value >>> 0, true);
    return;
  }
  const limit = size === 2 ? 0x10000 : 0x100;
  const fits = pcRelative ? value >= -limit / 2 && value < limit / 2 : value >= -limit / 2 && value < limit;
  if (!fits) {
    diagnostics.push(
      linkDiagnostic(
        `${r.type} relocation at ${r.section}+0x${r.offset.toString(16)}: value 0x${(value >>> 0).toString(16)} does not fit`,
      ),
    );
  }
  if (size === 2) view.setUint16(r.offset, value & 0xffff, true);
  else view.setUint8(r.offset, value & 0xff);
}

export function alignUp(value: number, alignment: number): number {
  const a = Math.max(1, alignment);
  return Math.ceil(value / a) * a;
}
