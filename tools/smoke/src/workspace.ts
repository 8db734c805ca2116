import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A package `changeset publish` would publish: not private, under `packages/` or `apps/`. */
export interface PublishablePackage {
  name: string;
  version: string;
  /** Absolute directory. */
  dir: string;
  /** Directory relative to the repository root, for messages. */
  path: string;
  /**
   * Libraries under `packages/` promise to run in the browser (no Node-only APIs, see the design
   * notes); the apps may use Node.
   */
  browserSafe: boolean;
  /** Whether the package has a JavaScript entry to import (the CLI has only a command). */
  hasEntry: boolean;
  /** Commands the package installs (`bin`). */
  bins: string[];
  readme: string | undefined;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: string | Record<string, string>;
  main?: string;
  exports?: Record<string, unknown>;
}

export const repositoryRoot = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');

export function publishablePackages(root = repositoryRoot): PublishablePackage[] {
  const found: PublishablePackage[] = [];
  for (const group of ['packages', 'apps'] as const) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir).sort()) {
      const dir = join(groupDir, entry);
      const manifestPath = join(dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (manifest.private) continue;
      const readmePath = join(dir, 'README.md');
      found.push({
        name: manifest.name,
        version: manifest.version,
        dir,
        path: relative(root, dir),
        browserSafe: group === 'packages',
        hasEntry: manifest.main !== undefined || manifest.exports?.['.'] !== undefined,
        bins: binNames(manifest),
        readme: existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined,
      });
    }
  }
  return found;
}

function binNames(manifest: Manifest): string[] {
  if (manifest.bin === undefined) return [];
  if (typeof manifest.bin === 'string') return [manifest.name.replace(/^@[^/]+\//, '')];
  return Object.keys(manifest.bin);
}
