export { describeEvent, type InjectedEvent, raiseEvent } from './event.js';
export { type InjectableMachine, type InjectableRunResult, pcTarget } from './machine.js';
export { InstructionNotReached, runToInstruction } from './run-to.js';
export { runWithSchedule, type Schedule, scheduleInstants, stormInstants } from './schedule.js';
export {
  type BoundaryOutcome,
  type SweepOptions,
  summarizeSweep,
  sweep,
  type TrialProbe,
  type TrialVerdict,
} from './sweep.js';
