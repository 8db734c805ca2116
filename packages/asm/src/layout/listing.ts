import type { Section } from '../assembler/model.js';
import type { SourcePosition } from '../encoder/interface.js';
import type { ListingEntry } from '../result.js';

/** Every emitted byte range with the statement (and expansion) that produced it. */
export function buildListing(sections: readonly Section[]): ListingEntry[] {
  const out: ListingEntry[] = [];
  for (const section of sections) {
    const add = (
      offset: number,
      size: number,
      position: SourcePosition,
      text: string,
      expansion?: { file: string; line: number },
    ) => {
      if (size === 0) return;
      const entry: ListingEntry = {
        section: section.name,
        offset,
        size,
        file: position.file,
        line: position.line,
        text,
      };
      if (expansion) entry.expansion = expansion;
      out.push(entry);
    };
    for (const f of section.fragments) {
      if (f.kind === 'data') {
        for (const span of f.listing)
          add(f.address + span.offset, span.size, span.position, span.text, span.expansion);
      } else if (f.kind === 'relax') {
        add(f.address, (f.isLong ? f.long : f.short).bytes.length, f.position, f.text, f.expansion);
      } else {
        const what = f.kind === 'align' ? '(alignment)' : f.kind === 'org' ? '(.org)' : '(.skip)';
        add(f.address, f.size, f.position, what);
      }
    }
  }
  return out;
}
