import { packageTestConfig } from '@vmi386/testkit/vitest';

// The tests run the command as a user would, whole guest runs and sweeps included; on a loaded
// 2-core machine one can take over a minute.
export default packageTestConfig('cli', { testTimeout: 300_000 });
