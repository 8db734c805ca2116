export type { FpuBus, FpuUnit } from './contract.js';
export type { Extended } from './extended.js';
export { X87UnsupportedInstruction } from './unsupported.js';
export { isWaitingEscape, usesEflags } from './waiting.js';
export { X87 } from './x87.js';
