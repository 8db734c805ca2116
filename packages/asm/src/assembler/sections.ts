import type { DataFragment, Fragment, Section, SectionFlags, SectionType } from './model.js';

export const NO_FLAGS: SectionFlags = {
  alloc: false,
  write: false,
  exec: false,
  merge: false,
  strings: false,
  tls: false,
  group: false,
};

/** Flags and type GAS gives a section named without a flags string. */
export function defaultSectionAttributes(name: string): { flags: SectionFlags; type: SectionType } {
  const f = (s: string): SectionFlags => parseSectionFlags(s);
  if (name === '.text' || name.startsWith('.text.') || name === '.init' || name === '.fini')
    return { flags: f('ax'), type: 'progbits' };
  if (name === '.data' || name.startsWith('.data.')) return { flags: f('aw'), type: 'progbits' };
  if (name === '.bss' || name.startsWith('.bss.')) return { flags: f('aw'), type: 'nobits' };
  if (name === '.rodata' || name.startsWith('.rodata.')) return { flags: f('a'), type: 'progbits' };
  if (name.startsWith('.note')) return { flags: NO_FLAGS, type: 'note' };
  if (name === '.comment') return { flags: f('MS'), type: 'progbits' };
  if (name === '.init_array') return { flags: f('aw'), type: 'init_array' };
  if (name === '.fini_array') return { flags: f('aw'), type: 'fini_array' };
  return { flags: NO_FLAGS, type: 'progbits' };
}

/** Parses a `.section` flags string such as "ax" or "aMS"; unknown letters come back in `bad`. */
export function parseSectionFlags(text: string): SectionFlags & { bad?: string } {
  const flags: SectionFlags & { bad?: string } = { ...NO_FLAGS };
  for (const ch of text) {
    if (ch === 'a') flags.alloc = true;
    else if (ch === 'w') flags.write = true;
    else if (ch === 'x') flags.exec = true;
    else if (ch === 'M') flags.merge = true;
    else if (ch === 'S') flags.strings = true;
    else if (ch === 'T') flags.tls = true;
    else if (ch === 'G') flags.group = true;
    else flags.bad = (flags.bad ?? '') + ch;
  }
  return flags;
}

export class FragmentFactory {
  private nextId = 0;

  data(section: Section): DataFragment {
    return { kind: 'data', id: this.nextId++, section, address: 0, listing: [], bytes: [], fixups: [] };
  }

  newId(): number {
    return this.nextId++;
  }
}

export function createSection(
  name: string,
  index: number,
  type: SectionType,
  flags: SectionFlags,
  fragments: FragmentFactory,
): Section {
  const section: Section = {
    name,
    index,
    type,
    flags,
    entrySize: 0,
    alignment: 1,
    fragments: [],
    current: undefined as unknown as DataFragment,
    size: 0,
  };
  const first = fragments.data(section);
  section.fragments.push(first);
  section.current = first;
  return section;
}

/** Appends a variable-size fragment and opens a new data fragment after it. */
export function appendVariable(section: Section, fragment: Fragment, fragments: FragmentFactory): void {
  section.fragments.push(fragment);
  const next = fragments.data(section);
  section.fragments.push(next);
  section.current = next;
}
