/**
 * The README examples the smoke test runs. Every ```ts or ```js block of a package README is an
 * example and runs as a module; a block whose info string says `fragment` (```ts fragment) is an
 * excerpt that needs surrounding code, so only its import lines run (an import of a name the
 * package no longer exports still fails). A line `expression; // value` whose comment parses as a
 * JavaScript expression is an assertion (see `expectLike`); other comments are prose.
 */
export interface ReadmeExample {
  /** `packages/cpu/README.md:17`: where the block's first code line is. */
  location: string;
  fragment: boolean;
  /** The TypeScript source to run, assertions already rewritten into `__expect` calls. */
  source: string;
  assertions: number;
}

const FENCE = /^```(\S*)(.*)$/;
const RUNNABLE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript']);
/** `a.b[0].c(x);  // value` — a bare expression statement (a property or call chain) and a comment. */
const ASSERTION_LINE = /^(\s*)([A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\]|\([^;]*\))*);\s*\/\/\s*(.+?)\s*$/;
const IMPORT_STATEMENT = /^import\s[\s\S]*?from\s+['"][^'"]+['"];?/gm;

export function extractExamples(readme: string, readmePath: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open || !RUNNABLE_LANGUAGES.has(open[1])) continue;
    const fragment = /\bfragment\b/.test(open[2]);
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    const body = lines.slice(start, end);
    const location = `${readmePath}:${start + 1}`;
    if (fragment) {
      const imports = body.join('\n').match(IMPORT_STATEMENT) ?? [];
      examples.push({ location, fragment, source: imports.join('\n'), assertions: 0 });
    } else {
      let assertions = 0;
      const rewritten = body.map((line, k) => {
        const assertion = rewriteAssertion(line, `${readmePath}:${start + k + 1}`);
        if (assertion === undefined) return line;
        assertions++;
        return assertion;
      });
      examples.push({ location, fragment, source: rewritten.join('\n'), assertions });
    }
    i = end;
  }
  return examples;
}

/** `x.y; // 42` → `__expect(x.y, (42), 'README.md:9', "x.y");`, or undefined if the line is not one. */
export function rewriteAssertion(line: string, location: string): string | undefined {
  const match = ASSERTION_LINE.exec(line);
  if (!match) return undefined;
  const [, indent, expression, expected] = match;
  if (!parsesAsExpression(expected)) return undefined;
  return `${indent}__expect(${expression}, (${expected}), ${JSON.stringify(location)}, ${JSON.stringify(expression)});`;
}

function parsesAsExpression(text: string): boolean {
  try {
    // Parsed, never called: the comment is evaluated later inside the example's own scope.
    new Function(`return (${text});`);
    return true;
  } catch {
    return false;
  }
}
