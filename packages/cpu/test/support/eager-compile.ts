import type { BlockCompilerOptions } from '../../src/index.js';

/**
 * The block compiler as the test suites run it: every branch target is compiled at its first visit,
 * so short test programs run compiled code (by default a target must be visited 2,048 times first,
 * and most test programs would never leave the interpreter).
 */
export const EAGER_COMPILE: BlockCompilerOptions = { hotThreshold: 1 };
