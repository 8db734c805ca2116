import { packageTestConfig } from '@vmi386/testkit/vitest';

// Unit tests of the page's own logic, and the end-to-end test in Debian's Chromium and Firefox ESR (e2e/).
export default packageTestConfig('web', {
  include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
  testTimeout: 300_000,
  hookTimeout: 300_000,
});
