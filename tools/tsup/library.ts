import { defineConfig } from 'tsup';

/**
 * The build every library package shares (its `tsup.config.ts` is one line): ESM only, one entry,
 * declarations and source maps, ES2022 (what Node 20 and the browsers the web lab targets run).
 */
export const libraryConfig = defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
