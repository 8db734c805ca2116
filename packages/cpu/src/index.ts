export { describeValue, InvalidArgumentError } from '@vmi386/invalid-argument';
export { type BlockCompilerOptions, DEFAULT_HOT_THRESHOLD } from './compiler/compiled-blocks.js';
export * as arch from './constants.js';
export { type CostModel, PENTIUM_II } from './cost-model.js';
export {
  type Cpl,
  type CplChangeCause,
  type CplTransition,
  type CplTransitionKey,
  cplTransitionKey,
} from './cpl-change.js';
export {
  Cpu,
  type CpuHooks,
  type CpuOptions,
  type PageFault,
  type SegmentState,
} from './cpu.js';
export type { InstructionWatch } from './decoder/instruction-watch.js';
export { type DecodedText, decodeInstruction } from './disassemble.js';
export { CpuFault } from './fault.js';
export { EMPTY_IO_BUS, type IoBus } from './io-bus.js';
export {
  type CodeWriteListener,
  type MemorySnapshot,
  PhysicalMemory,
} from './memory/physical-memory.js';
export {
  IOPL_SENSITIVE_INSTRUCTIONS,
  PRIVILEGED_INSTRUCTIONS,
  SENSITIVE_UNPRIVILEGED_INSTRUCTIONS,
} from './privileged-instructions.js';
export {
  FLAT_SELECTORS,
  type FlatRegister,
  type RunFlatOptions,
  type RunFlatResult,
  type RunFlatStop,
  runFlat,
  writeFlatGdt,
} from './run-flat.js';
export { type CpuState, SAVED_STATE_VERSION } from './state/saved-state.js';
export type { DeliveryEvent, StopReason } from './stop-reason.js';
export { SegmentDescriptor } from './system/segment-descriptor.js';
export type { FpuBus, FpuUnit } from './x87/contract.js';
export { X87 } from './x87/index.js';
