export { gnuLinkerScript, KERNEL_MAIN, kernelSources } from './kernel/sources.js';
