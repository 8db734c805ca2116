import { packageTestConfig } from '@vmi386/testkit/vitest';

// Several tests run the whole guest under the monitor (twice, for determinism); on a loaded 2-core
// machine one run can take over a minute.
export default packageTestConfig('hypervisor', { testTimeout: 300_000 });
