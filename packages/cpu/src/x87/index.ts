export type { FpuBus, FpuUnit } from './contract.js';
export {
  isWaitingEscape,
  usesEflags,
  type X87ArithmeticOperation,
  type X87Encoding,
  type X87MemoryFormat,
  type X87Operation,
  type X87RegisterOperands,
  type X87SimpleOperation,
  x87Encoding,
} from './encodings.js';
export type { Extended } from './extended.js';
export { X87UnsupportedInstruction } from './unsupported.js';
export { X87 } from './x87.js';
