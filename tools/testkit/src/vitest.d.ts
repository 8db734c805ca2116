import type { ViteUserConfig } from 'vitest/config';

/** The vitest configuration every package uses; `name` is the package's short name. */
export declare function packageTestConfig(name: string, extra?: ViteUserConfig['test']): ViteUserConfig;
