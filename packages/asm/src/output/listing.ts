import { checkAssembleResult } from '../argument-checks.js';
import type { AssembleResult } from '../result.js';

/**
 * The listing as text (`vmi386 asm --listing`): one line per statement that emitted bytes,
 * `file:line  section+offset  bytes  source`, long byte runs continued on following lines; bytes
 * from a macro or `.rept` body also name the line that expanded it.
 */
export function formatListing(result: AssembleResult): string {
  checkAssembleResult('formatListing', result);
  const lines: string[] = [];
  const sections = new Map(result.sections.map((s) => [s.name, s]));
  const bytesPerLine = 8;
  const where = (e: { file: string; line: number }) => `${e.file}:${e.line}`;
  const width = Math.max(8, ...result.listing.map((e) => where(e).length));
  for (const entry of result.listing) {
    const section = sections.get(entry.section);
    const bytes =
      section?.type === 'nobits'
        ? undefined
        : section?.bytes.subarray(entry.offset, entry.offset + entry.size);
    for (let at = 0; at < entry.size; at += bytesPerLine) {
      const chunk = bytes
        ? Array.from(bytes.subarray(at, at + bytesPerLine), (b) => b.toString(16).padStart(2, '0')).join(' ')
        : `(${entry.size} bytes reserved)`;
      const head = at === 0 ? where(entry).padEnd(width) : ''.padEnd(width);
      const offset = `${entry.section}+${(entry.offset + at).toString(16).padStart(4, '0')}`;
      const origin = entry.expansion ? `    [expanded from ${where(entry.expansion)}]` : '';
      const source = at === 0 ? `${entry.text.trim()}${origin}` : '';
      lines.push(`${head}  ${offset.padEnd(14)}  ${chunk.padEnd(bytesPerLine * 3)}  ${source}`.trimEnd());
      if (!bytes) break;
    }
  }
  return `${lines.join('\n')}\n`;
}
