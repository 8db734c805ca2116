// The "no Node APIs" promise of @vmi386/cpu and @vmi386/asm (they run in the web lab): their sources
// import no Node module, and a browser bundle of both runs in a bare JavaScript context that has
// only ECMAScript's globals plus TextEncoder/TextDecoder (no process, Buffer, require, timers).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGES = join(HERE, '../../..');
const CHECKED = ['cpu', 'asm', 'elf', 'invalid-argument'];

/** Source files that ship: not tests, benchmarks or test fixtures. */
function shippedSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') out.push(...shippedSources(path));
    } else if (/\.ts$/.test(entry.name) && !/\.(test|bench)\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

const NODE_BUILTINS =
  /from '(node:[^']+|fs|path|os|child_process|url|util|crypto|buffer|stream|worker_threads|vm)'/;
const NODE_GLOBALS = /\b(process\.|Buffer\.|require\(|__dirname|__filename)/;

describe('no Node APIs in the packages the browser runs', () => {
  it('no shipped source of cpu, asm, elf or invalid-argument imports a Node module or uses a Node global', () => {
    const problems: string[] = [];
    for (const name of CHECKED) {
      for (const file of shippedSources(join(PACKAGES, name, 'src'))) {
        const text = readFileSync(file, 'utf8');
        const where = relative(PACKAGES, file);
        if (NODE_BUILTINS.test(text)) problems.push(`${where}: ${text.match(NODE_BUILTINS)?.[0]}`);
        if (NODE_GLOBALS.test(text)) problems.push(`${where}: ${text.match(NODE_GLOBALS)?.[0]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a browser bundle of asm and cpu assembles and runs a program in a bare JavaScript context', async () => {
    const bundle = await build({
      entryPoints: [join(HERE, 'entry.ts')],
      bundle: true,
      write: false,
      platform: 'browser', // a Node builtin import fails to resolve here
      format: 'iife',
      conditions: ['@vmi386/source'],
      logLevel: 'silent',
    });
    const context: Record<string, unknown> = { TextEncoder, TextDecoder };
    createContext(context);
    expect(runInContext('typeof process + typeof Buffer + typeof require + typeof setTimeout', context)).toBe(
      'undefinedundefinedundefinedundefined',
    );
    runInContext(bundle.outputFiles[0].text, context);
    // 10 + 9 + … + 1 = 55; 41 + 1 = 42 through the x87; 0 < 1 sets CF for FCOMIP.
    expect(context.report).toMatchObject({ stop: 'halt', eax: 55, edx: 42, ebx: 1 });
  });
});
