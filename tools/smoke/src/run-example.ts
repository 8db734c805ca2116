import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { withoutWorkspaceEnvironment } from './consumer-project.js';
import type { ReadmeExample } from './readme-examples.js';

export type Platform = 'node' | 'browser';

export interface ExampleOutcome {
  ok: boolean;
  /** What went wrong (the error, or the process's stderr). */
  detail: string;
}

const EXPECT_MODULE = new URL('./expect-like.ts', import.meta.url).pathname;
const EXAMPLE_TIMEOUT_MS = 180_000;

/**
 * Bundles the example from the consumer project. For Node, our packages stay external so that
 * Node resolves them through their published `exports`, and the example runs in its own process.
 * For the browser, everything is bundled with esbuild's browser platform (a Node built-in does not
 * resolve) and run in a fresh V8 context that has only the globals a browser page offers.
 */
export async function runExample(
  example: ReadmeExample,
  platform: Platform,
  projectDir: string,
  name: string,
): Promise<ExampleOutcome> {
  const source = `import { expectLike as __expect } from ${JSON.stringify(EXPECT_MODULE)};\n${example.source}\n`;
  let code: string;
  try {
    const result = await build({
      stdin: { contents: source, loader: 'ts', resolveDir: projectDir, sourcefile: example.location },
      bundle: true,
      write: false,
      platform,
      format: platform === 'node' ? 'esm' : 'iife',
      target: 'es2022',
      packages: platform === 'node' ? 'external' : undefined,
      logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
  } catch (error) {
    return { ok: false, detail: describeBuildError(error) };
  }
  return platform === 'node' ? runInNode(code, projectDir, name) : runInBrowserContext(code);
}

function runInNode(code: string, projectDir: string, name: string): ExampleOutcome {
  const dir = join(projectDir, 'examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  const run = spawnSync(process.execPath, [file], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: EXAMPLE_TIMEOUT_MS,
    env: withoutWorkspaceEnvironment(),
  });
  if (run.status === 0) return { ok: true, detail: '' };
  const why = run.error ? String(run.error) : `exit status ${run.status ?? run.signal}`;
  return { ok: false, detail: `${why}\n${run.stderr.trim()}` };
}

/** The globals of a browser page that the packages may use; no require, process, Buffer or module. */
function browserGlobals(): Record<string, unknown> {
  const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
  return {
    console: quiet,
    TextEncoder,
    TextDecoder,
    performance,
    structuredClone,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    atob,
    btoa,
    URL,
    crypto: globalThis.crypto,
  };
}

function runInBrowserContext(code: string): ExampleOutcome {
  const context = createContext(browserGlobals());
  try {
    runInContext(code, context, { timeout: EXAMPLE_TIMEOUT_MS });
    return { ok: true, detail: '' };
  } catch (error) {
    // An error from the other context is not an instance of this context's Error.
    const stack = (error as { stack?: unknown } | null)?.stack;
    return { ok: false, detail: typeof stack === 'string' ? stack : String(error) };
  }
}

function describeBuildError(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors;
  if (!errors) return String(error);
  return errors
    .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
    .join('\n');
}
