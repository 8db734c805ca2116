import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ReadmeExample } from './readme-examples.js';
import { runExample } from './run-example.js';

const example = (source: string): ReadmeExample => ({
  location: 'R.md:1',
  fragment: false,
  source,
  assertions: 0,
});

describe('the browser-like context', () => {
  it('does not resolve Node built-ins', async () => {
    const outcome = await runExample(
      example("import { readFileSync } from 'node:fs';\nreadFileSync;"),
      'browser',
      tmpdir(),
      't',
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(/node:fs/);
  });

  it('has no process, require or Buffer, but has what a page has', async () => {
    for (const name of ['process', 'require', 'Buffer']) {
      const outcome = await runExample(
        example(`typeof globalThis.${name}.toString;`),
        'browser',
        tmpdir(),
        't',
      );
      expect(outcome.detail).toMatch("TypeError: Cannot read properties of undefined (reading 'toString')");
    }
    const page = await runExample(
      example("new TextDecoder().decode(new TextEncoder().encode('x'));"),
      'browser',
      tmpdir(),
      't',
    );
    expect(page).toEqual({ ok: true, detail: '' });
  });

  it('runs the README assertions', async () => {
    const outcome = await runExample(
      example('__expect(1 + 1, 3, "R.md:2", "1 + 1");'),
      'browser',
      tmpdir(),
      't',
    );
    expect(outcome.detail).toMatch('R.md:2: README says 1 + 1 is 3 (0x3), but it is 2 (0x2)');
  });
});
