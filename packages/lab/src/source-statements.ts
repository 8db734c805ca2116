import { type GuestBuild, kernelSources } from '@vmi386/guest-entry';

/** A source statement's bytes in a build: [start, end) and where it is, `entry.S:215`. */
export interface StatementRange {
  readonly start: number;
  readonly end: number;
  readonly what: string;
}

/**
 * Every statement of the shipped kernel sources whose line matches `pattern`, with the address
 * range the build's listing gives its bytes (statements that emit nothing are left out).
 */
export function statementRanges(build: GuestBuild, pattern: RegExp): StatementRange[] {
  const lines = new Set<string>();
  for (const [file, text] of Object.entries(kernelSources)) {
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) lines.add(`${file}:${i + 1}`);
    });
  }
  return build.listing
    .filter((e) => e.size > 0 && lines.has(`${e.file}:${e.line}`))
    .map((e) => ({ start: e.address, end: e.address + e.size, what: `${e.file}:${e.line}` }));
}
