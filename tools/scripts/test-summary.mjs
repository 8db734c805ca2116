// Adds up the vitest JSON reports every package writes and prints the closing line CI reads:
// "tests: N passed, N failed, N skipped". Exits non-zero when a package ran no test at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of ['packages', 'apps', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const pkgDir = join(dir, name);
    if (!existsSync(join(pkgDir, 'vitest.config.ts'))) continue;
    const report = join(pkgDir, 'test-results.json');
    if (!existsSync(report)) {
      missing.push(`${group}/${name}`);
      continue;
    }
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + (json.numRuntimeErrors ?? 0);
    skipped += json.numPendingTests + json.numTodoTests;
    if (json.numFailedTestSuites) failed += json.numFailedTestSuites;
  }
}
for (const name of missing) console.log(`no test report from ${name}`);
console.log(`tests: ${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exit(failed + missing.length > 0 ? 1 : 0);
