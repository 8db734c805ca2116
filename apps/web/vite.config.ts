import { defineConfig } from 'vite';

// The packages are read from their TypeScript sources (the `@vmi386/source` export condition), so
// `pnpm dev` needs no build first and edits to any package reload the page.
const conditions = ['@vmi386/source', 'module', 'browser', 'import', 'default'];

export default defineConfig({
  base: './',
  resolve: { conditions },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
