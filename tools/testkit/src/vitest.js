// Plain JavaScript: vitest loads config files through Node, which cannot import TypeScript from node_modules.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests read sibling packages' sources through this export condition, so no build is needed first.
const conditions = ['@vmi386/source', 'module', 'import', 'node', 'default'];

/**
 * The vitest configuration every package uses; `name` is the package's short name.
 * @param {string} name
 * @param {import('vitest/config').ViteUserConfig['test']} [extra]
 */
export function packageTestConfig(name, extra = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@vmi386/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
      testTimeout: 60_000,
      // Scratch files go to a per-run temporary directory that is removed afterwards.
      globalSetup: [fileURLToPath(new URL('./scratch-setup.js', import.meta.url))],
      ...extra,
    },
  });
}
