export { type BackendName, backendNames, backends, type Platform, platforms } from './backends.js';
export {
  type BenchEvent,
  type BenchRow,
  benchChart,
  benchEvents,
  benchMatrix,
  benchRow,
  exitsOnPath,
  runBench,
  shortPath,
} from './bench.js';
export { type EventCost, type EventCosts, measureEventCosts } from './event-costs.js';
export { buildGuestOrFail } from './guest-build.js';
export {
  DEFAULT_MAX_INSTRUCTIONS,
  type GuestRunReport,
  GuestSession,
  type GuestSessionOptions,
  type HypervisorReport,
  runGuest,
  type SessionStep,
} from './guest-run.js';
export { type DisassembledLine, describeHookPoints, disassemble, type HookPoint } from './hook-points.js';
export { LabError, type LabErrorKind } from './lab-error.js';
export { sweepChart } from './race/chart.js';
export {
  type BootedConfiguration,
  bootConfiguration,
  type RaceConfiguration,
  type Range,
  raceConfigurations,
} from './race/configuration.js';
export {
  DEFAULT_OCCURRENCE,
  defaultOccurrence,
  type ExplorationResult,
  type ExploreOptions,
  explore,
  exploreRoutes,
  type FailingBoundary,
} from './race/explore.js';
export { type RaceInvariant, raceInvariants, STACK_BUDGET } from './race/probe.js';
export { describeStormSchedule, type StormOutcome, type StormSchedule, storm } from './race/storm.js';
export { type EntryRoute, type EntryWindow, entryRoutes, routeSpecs, type WindowEnd } from './race/window.js';
export { SiteProfiler } from './site-profiler.js';
export { type ListingRange, sourceLocation } from './source-location.js';
export { type SyscallCost, SyscallProfiler, type SyscallSample } from './syscall-profile.js';
export { vectorName } from './vector-names.js';
