/**
 * The consumer smoke test (`pnpm smoke`, run by .ci/run after the quality gate). Expects built
 * packages (`pnpm build`). Exits 1 when any check fails and keeps the temporary project then.
 * `--keep` keeps it in any case.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliChecks, runCliCheck } from './cli-checks.js';
import { type ConsumerProject, createConsumerProject } from './consumer-project.js';
import { extractExamples } from './readme-examples.js';
import { type Platform, runExample } from './run-example.js';
import { publishablePackages } from './workspace.js';

let failures = 0;
function report(ok: boolean, title: string, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${title}`);
  if (!ok) {
    failures++;
    if (detail) console.log(withoutToolFrames(detail).replace(/^/gm, '       '));
  }
}

/** Stack frames of Node's loader and of this tool say nothing about the example. */
function withoutToolFrames(detail: string): string {
  return detail
    .split('\n')
    .filter((line) => !/^\s+at .*(node:|tools\/smoke\/)/.test(line))
    .join('\n');
}

const packages = publishablePackages();
console.log(`smoke: packing ${packages.length} packages: ${packages.map((p) => p.name).join(' ')}`);
let project: ConsumerProject;
try {
  project = createConsumerProject(packages);
} catch (error) {
  // pnpm pack or npm install failed: their stderr says why.
  const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
  console.log(`FAIL packing and installing the packages\n${String(error)}\n${stderr}`);
  process.exit(1);
}
console.log(`smoke: installed ${project.tarballs.length} tarballs with npm in ${project.dir}\n`);

for (const pkg of packages) {
  if (pkg.hasEntry) {
    const entry = await runExample(
      {
        location: `${pkg.name} entry`,
        fragment: false,
        source: `import * as entry from '${pkg.name}';\nif (Object.keys(entry).length === 0) throw new Error('no exports');\n`,
        assertions: 0,
      },
      'node',
      project.dir,
      `${pkg.path.replace('/', '-')}-entry`,
    );
    report(entry.ok, `import '${pkg.name}'`, entry.detail);
  }

  const examples = pkg.readme ? extractExamples(pkg.readme, `${pkg.path}/README.md`) : [];
  if (examples.length === 0 && pkg.hasEntry) report(false, `${pkg.path}/README.md has no ts example`);
  const platforms: Platform[] = pkg.browserSafe ? ['node', 'browser'] : ['node'];
  for (const [k, example] of examples.entries()) {
    for (const platform of platforms) {
      const outcome = await runExample(example, platform, project.dir, `${pkg.path.replace('/', '-')}-${k}`);
      const what = example.fragment ? 'imports of fragment' : `example (${example.assertions} assertions)`;
      report(outcome.ok, `${example.location} ${what} on ${platform}`, outcome.detail);
    }
  }

  for (const command of pkg.bins) {
    for (const check of cliChecks(command, pkg.version)) {
      const problem = runCliCheck(check, command, project.dir);
      report(problem === undefined, check.title, problem);
    }
  }
}

const keep = process.argv.includes('--keep') || failures > 0;
if (keep)
  console.log(`\nsmoke: the consumer project is kept in ${project.dir} (${join(project.dir, 'examples')})`);
else rmSync(project.dir, { recursive: true, force: true });
console.log(`\nsmoke: ${failures === 0 ? 'all checks passed' : `${failures} failed`}`);
process.exitCode = failures === 0 ? 0 : 1;
