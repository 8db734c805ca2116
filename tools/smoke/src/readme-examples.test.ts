import { describe, expect, it } from 'vitest';
import { extractExamples, rewriteAssertion } from './readme-examples.js';

const readme = [
  '# pkg', //  1
  '', //  2
  '```ts', //  3
  "import { f } from 'pkg';", //  4
  'f().x; // 42', //  5
  'f().y; // the answer, more or less', //  6
  '```', //  7
  '', //  8
  '```sh', //  9
  'npx pkg', // 10
  '```', // 11
  '', // 12
  '```ts fragment', // 13
  "import { g, type G } from 'pkg';", // 14
  'g(somethingDefinedElsewhere);', // 15
  '```', // 16
].join('\n');

describe('extractExamples', () => {
  const examples = extractExamples(readme, 'packages/pkg/README.md');

  it('takes every ts block, with the location of its first line, and skips other languages', () => {
    expect(examples.map((e) => [e.location, e.fragment])).toEqual([
      ['packages/pkg/README.md:4', false],
      ['packages/pkg/README.md:14', true],
    ]);
  });

  it('turns `expression; // value` into an assertion when the comment is an expression, else leaves prose', () => {
    expect(examples[0].assertions).toBe(1);
    expect(examples[0].source).toContain('__expect(f().x, (42), "packages/pkg/README.md:5", "f().x");');
    expect(examples[0].source).toContain('f().y; // the answer, more or less');
  });

  it('keeps only the imports of a fragment', () => {
    expect(examples[1].source).toBe("import { g, type G } from 'pkg';");
  });
});

describe('rewriteAssertion', () => {
  it.each([
    ["r.stop; // { reason: 'exception', vector: 3 }", true],
    ['output; // EXPECTED_TRANSCRIPT', true],
    ['a.b[0].c(1, 2); // "text…"', true],
    ['const x = f(); // 3', false],
    ['for (const d of list) log(d); // boot.S:12:5: error: …', false],
    ["guest.sites; // the backend's hook points ([] for native)", false],
    ['x; // [{ a, b }, …]', false],
  ])('%s → assertion: %s', (line, isAssertion) => {
    expect(rewriteAssertion(line, 'R.md:1') !== undefined).toBe(isAssertion);
  });
});
