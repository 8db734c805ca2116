// Compares two relocatable objects the way the differential suite needs: section contents,
// symbols (by name) and relocations. Returns human-readable differences (empty when equal).

import type { ElfFile } from '@vmi386/elf';

const IGNORED_SECTIONS = new Set(['', '.symtab', '.strtab', '.shstrtab', '.note.GNU-stack']);

function hex(bytes: Uint8Array, from: number, count: number): string {
  return Array.from(bytes.subarray(from, from + count), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function compareObjects(expected: ElfFile, actual: ElfFile): string[] {
  const problems: string[] = [];
  const contentSections = (f: ElfFile) =>
    f.sections.filter(
      (s) =>
        !IGNORED_SECTIONS.has(s.name) &&
        s.type !== 9 &&
        !(s.size === 0 && ['.text', '.data', '.bss'].includes(s.name)),
    );
  const mine = new Map(contentSections(actual).map((s) => [s.name, s]));
  for (const s of contentSections(expected)) {
    const a = mine.get(s.name);
    mine.delete(s.name);
    if (!a) {
      problems.push(`section ${s.name}: missing (GNU as has ${s.size} bytes)`);
      continue;
    }
    if (a.type !== s.type || a.flags !== s.flags)
      problems.push(`section ${s.name}: type/flags ${a.type}/${a.flags}, GNU as ${s.type}/${s.flags}`);
    if (a.size !== s.size) problems.push(`section ${s.name}: size ${a.size}, GNU as ${s.size}`);
    if (s.type !== 8) {
      const n = Math.min(a.size, s.size);
      for (let i = 0; i < n; i++) {
        if (a.bytes[i] !== s.bytes[i]) {
          const from = Math.max(0, i - 4);
          problems.push(
            `section ${s.name} differs at 0x${i.toString(16)}: ours ${hex(a.bytes, from, 16)} | GNU as ${hex(s.bytes, from, 16)}`,
          );
          break;
        }
      }
    }
    if (a.addralign !== s.addralign)
      problems.push(`section ${s.name}: alignment ${a.addralign}, GNU as ${s.addralign}`);
  }
  for (const name of mine.keys()) problems.push(`section ${name}: not produced by GNU as`);

  const symbols = (f: ElfFile) =>
    new Map(
      f.symbols
        .filter((s) => s.name !== '' && s.type !== 3 && s.type !== 4)
        .map((s) => [
          s.name,
          `${s.section ?? 'UND'}+0x${s.value.toString(16)} bind=${s.bind} type=${s.type} size=${s.size}`,
        ]),
    );
  const ours = symbols(actual);
  for (const [name, desc] of symbols(expected)) {
    const a = ours.get(name);
    ours.delete(name);
    if (a !== desc) problems.push(`symbol ${name}: ours ${a ?? 'missing'}, GNU as ${desc}`);
  }
  for (const [name, desc] of ours) problems.push(`symbol ${name}: ours ${desc}, not in GNU as`);

  const relocs = (f: ElfFile) =>
    f.relocations.map((r) => `${r.section}+0x${r.offset.toString(16)} type=${r.type} ${r.symbol}`).sort();
  const re = relocs(expected);
  const ra = relocs(actual);
  for (const r of re) if (!ra.includes(r)) problems.push(`relocation missing: ${r}`);
  for (const r of ra) if (!re.includes(r)) problems.push(`relocation not in GNU as: ${r}`);
  return problems;
}
