// Test-only: runs GNU as (`as --32`) on a source and reads back what the encoder is compared with —
// the .text bytes, the symbol values, the .rel.text relocations, and the errors and warnings per line.
// Node-only on purpose (child_process, fs); never imported by package code.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GasRelocation {
  readonly offset: number;
  /** ELF R_386_* type: 1 = 32, 2 = PC32, 20 = 16, 21 = PC16, 22 = 8, 23 = PC8. */
  readonly type: number;
  readonly symbol: string;
}

export interface GasOutput {
  /** Error messages by 1-based source line. */
  readonly errors: ReadonlyMap<number, string[]>;
  readonly warnings: ReadonlyMap<number, string[]>;
  /** Present when GAS produced an object (no errors). */
  readonly text: Uint8Array | undefined;
  readonly symbols: ReadonlyMap<string, number>;
  readonly relocations: readonly GasRelocation[];
}

export function runGas(asPath: string, source: string): GasOutput {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-gas-'));
  try {
    const input = join(dir, 'in.s');
    const output = join(dir, 'out.o');
    writeFileSync(input, source);
    const messages = join(dir, 'messages.txt');
    let ok = true;
    try {
      // Messages go to a file: with thousands of refused statements they outgrow a pipe buffer.
      execFileSync('sh', ['-c', '"$0" --32 -o "$1" "$2" 2>"$3"', asPath, output, input, messages], {
        stdio: 'ignore',
      });
    } catch {
      ok = false;
    }
    const stderr = readFileSync(messages, 'utf8');
    const errors = new Map<number, string[]>();
    const warnings = new Map<number, string[]>();
    for (const line of stderr.split('\n')) {
      const match = /^[^:]*:(\d+): (Error|Warning): (.*)$/.exec(line);
      if (!match) continue;
      const target = match[2] === 'Error' ? errors : warnings;
      const lineNo = Number(match[1]);
      target.set(lineNo, [...(target.get(lineNo) ?? []), match[3]!]);
    }
    if (!ok) return { errors, warnings, text: undefined, symbols: new Map(), relocations: [] };
    return { errors, warnings, ...readElf(readFileSync(output)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Section {
  name: string;
  type: number;
  offset: number;
  size: number;
  link: number;
  info: number;
}

/** Reads .text, the symbol table and .rel.text of an ELF32 relocatable object. */
function readElf(file: Uint8Array): Pick<GasOutput, 'text' | 'symbols' | 'relocations'> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const shoff = view.getUint32(0x20, true);
  const shentsize = view.getUint16(0x2e, true);
  const shnum = view.getUint16(0x30, true);
  const shstrndx = view.getUint16(0x32, true);
  const sections: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const base = shoff + i * shentsize;
    sections.push({
      name: '',
      type: view.getUint32(base + 4, true),
      offset: view.getUint32(base + 0x10, true),
      size: view.getUint32(base + 0x14, true),
      link: view.getUint32(base + 0x18, true),
      info: view.getUint32(base + 0x1c, true),
    });
    (sections[i] as Section & { nameOffset: number }).nameOffset = view.getUint32(base, true);
  }
  const cString = (at: number) => {
    let end = at;
    while (file[end] !== 0) end++;
    return new TextDecoder().decode(file.subarray(at, end));
  };
  const shstr = sections[shstrndx]!;
  for (const section of sections) {
    section.name = cString(shstr.offset + (section as Section & { nameOffset: number }).nameOffset);
  }
  const textIndex = sections.findIndex((s) => s.name === '.text');
  const textSection = sections[textIndex]!;
  const text = file.slice(textSection.offset, textSection.offset + textSection.size);
  const symtab = sections.find((s) => s.type === 2)!;
  const strtab = sections[symtab.link]!;
  const symbolNames: string[] = [];
  const symbols = new Map<string, number>();
  for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 16) {
    const name = cString(strtab.offset + view.getUint32(at, true));
    const shndx = view.getUint16(at + 14, true);
    symbolNames.push(name);
    if (name && shndx === textIndex) symbols.set(name, view.getUint32(at + 4, true));
  }
  const relocations: GasRelocation[] = [];
  const rel = sections.find((s) => s.type === 9 && s.info === textIndex);
  if (rel) {
    for (let at = rel.offset; at < rel.offset + rel.size; at += 8) {
      const info = view.getUint32(at + 4, true);
      relocations.push({
        offset: view.getUint32(at, true),
        type: info & 0xff,
        symbol: symbolNames[info >>> 8] ?? '',
      });
    }
  }
  return { text, symbols, relocations };
}
