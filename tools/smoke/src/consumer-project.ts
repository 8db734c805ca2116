import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishablePackage } from './workspace.js';

/** A plain npm project outside the workspace with every package installed from its tarball. */
export interface ConsumerProject {
  dir: string;
  tarballs: string[];
}

/**
 * Packs each package with `pnpm pack`, as `changeset publish` (through `pnpm publish`) would: the
 * `files` list, and `workspace:^` ranges rewritten to the versions in the manifests.
 */
export function packPackages(packages: PublishablePackage[], destination: string): string[] {
  mkdirSync(destination, { recursive: true });
  // Under `pnpm run`, npm_execpath is the running pnpm; pnpm need not be on PATH (CI runs it via npx).
  const pnpm = process.env.npm_execpath?.includes('pnpm') ? process.env.npm_execpath : undefined;
  for (const pkg of packages) {
    const args = ['pack', '--pack-destination', destination];
    if (pnpm) execFileSync(process.execPath, [pnpm, ...args], { cwd: pkg.dir, stdio: 'pipe' });
    else execFileSync('pnpm', args, { cwd: pkg.dir, stdio: 'pipe' });
  }
  return readdirSync(destination)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => join(destination, name));
}

/**
 * `npm init -y` and `npm install <every tarball>` in a fresh temporary directory: no workspace
 * links, no `@vmi386/source` condition, dependencies between our packages resolved from the
 * tarballs (an unsatisfiable range would go to the registry and fail).
 */
export function createConsumerProject(packages: PublishablePackage[]): ConsumerProject {
  const dir = mkdtempSync(join(tmpdir(), 'vmi386-smoke-'));
  const tarballs = packPackages(packages, join(dir, 'tarballs'));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'vmi386-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    stdio: 'pipe',
    env: withoutWorkspaceEnvironment(),
  });
  return { dir, tarballs };
}

/**
 * The environment of a consumer's shell: pnpm's and npm's per-run variables and the workspace's
 * `node_modules/.bin` directories (which point back into the workspace) removed.
 */
export function withoutWorkspaceEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|pnpm_)/.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  // pnpm puts the workspace's node_modules/.bin directories first on PATH.
  env.PATH = (env.PATH ?? '')
    .split(':')
    .filter((entry) => !entry.includes('/node_modules/.bin'))
    .join(':');
  return env;
}
