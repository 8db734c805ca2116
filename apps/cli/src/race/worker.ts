/** A worker thread of `vmi386 sweep --jobs N`: explores the units it is given and posts each result. */
import { parentPort, workerData } from 'node:worker_threads';
import { type EntryRoute, explore, raceConfigurations } from '@vmi386/lab';

export interface SweepUnit {
  /** Position of the unit in the one-worker order (results are put back in it). */
  readonly index: number;
  readonly configuration: number;
  readonly route: EntryRoute;
}

const { units, occurrence } = workerData as { units: SweepUnit[]; occurrence: number | undefined };
for (const unit of units) {
  const configuration = raceConfigurations[unit.configuration];
  if (!configuration) throw new Error(`no configuration ${unit.configuration}`);
  parentPort?.postMessage({
    index: unit.index,
    result: explore(configuration, unit.route, occurrence !== undefined ? { occurrence } : {}),
  });
}
