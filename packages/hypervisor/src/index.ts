export { MONITOR_COSTS_PENTIUM_II, type MonitorCostModel } from './cost-model.js';
export type {
  Descriptor,
  Gate,
} from './descriptor.js';
export { type ExitCause, type ExitStatistics, exitCauseLabel } from './exit-cause.js';
export {
  DEFAULT_GUEST_MEMORY_SIZE,
  DEFAULT_MONITOR_MEMORY_SIZE,
  type HypervisorBoot,
  HypervisorMachine,
  type HypervisorMachineOptions,
  type HypervisorRunResult,
  type HypervisorSnapshot,
} from './hypervisor-machine.js';
export {
  GUEST_SEGMENT_END,
  HOLE_BASE,
  MONITOR_GDT,
  MONITOR_IDT,
  MONITOR_TSS,
  ROM_BASE,
  SHARED_PAGE,
  SharedField,
} from './layout.js';
export { type AtomicRegions, GuestStop, Monitor, type MonitorOptions, type MonitorState } from './monitor.js';
export { buildRom, type RomImage } from './rom.js';
export { RomProfiler } from './rom-profiler.js';
export { romSource } from './rom-source.js';
export { type SensitiveEffect, SensitiveInstructionCensus } from './sensitive-census.js';
export {
  decodeTrapped,
  type TrappedInstruction,
  type TrappedInstructionName,
} from './trapped-instruction.js';
export { planSitePatches, type SitePatch, VmiAnnotationError } from './vmi-patching.js';
