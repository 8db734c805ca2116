import { packageTestConfig } from '@vmi386/testkit/vitest';

// Several tests run the whole guest under the hypervisor twice; on a loaded 2-core machine that
// takes minutes, not seconds.
export default packageTestConfig('lab', { testTimeout: 300_000 });
