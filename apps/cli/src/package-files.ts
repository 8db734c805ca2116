import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import manifest from '../package.json' with { type: 'json' };

/** The CLI's version, from its manifest (what `changeset version` writes). */
export const cliVersion: string = manifest.version;

/**
 * A file shipped with the CLI package (e.g. `samples/fib.S`). The code runs from `src/` under tsx
 * and from the bundled `dist/main.js` once published, so the package root is found by walking up
 * to the directory holding the CLI's own manifest rather than by a fixed relative path.
 */
export function packageFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`vmi386: cannot find the package root above ${import.meta.url}`);
    dir = parent;
  }
  return join(dir, relative);
}
