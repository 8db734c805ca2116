import { packageTestConfig } from '@vmi386/testkit/vitest';

export default packageTestConfig('peers');
