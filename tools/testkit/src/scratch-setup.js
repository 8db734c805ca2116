// Plain JavaScript (vitest loads global setup through Node). Every test run gets its own temporary
// directory: TMPDIR points into it while the tests run (worker processes and the tools they start
// inherit it, so every mkdtemp lands there), and it is removed when the run ends. A test run leaves
// nothing behind in the system's temporary directory, however its tests create scratch files.
// What a failing test leaves for the user to look at (a browser screenshot) goes to
// VMI386_KEPT_TMPDIR, the temporary directory outside the run's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function setup() {
  const previous = process.env.TMPDIR;
  process.env.VMI386_KEPT_TMPDIR = tmpdir();
  const root = mkdtempSync(join(tmpdir(), 'vmi386-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
