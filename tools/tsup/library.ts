import { defineConfig } from 'tsup';

/**
 * The build every library package shares (its `tsup.config.ts` is one line): ESM only, one entry,
 * declarations and source maps, ES2022 (what Node 20 and the browsers the web lab targets run).
 * Declarations marked `@internal` (the CPU core's register file, lazy flags, TLB, decoded cache…) are
 * stripped from the published types: what a package exports is its documented API.
 */
export const libraryConfig = defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
