import { defineConfig } from 'tsup';

export default defineConfig({
  // The sweep's worker threads load dist/worker.js next to dist/main.js.
  entry: { main: 'src/main.ts', worker: 'src/race/worker.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
