/**
 * A worker thread of `vmi386 sweep --jobs N`: explores each unit it is sent (one configuration, all
 * the chosen routes, one boot) and posts the results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EntryRoute, exploreRoutes, raceConfigurations } from '@vmi386/lab';

export interface SweepUnit {
  /** Position of the unit in the one-worker order (results are put back in it). */
  readonly index: number;
  readonly configuration: number;
  readonly routes: readonly EntryRoute[];
}

const { occurrence } = workerData as { occurrence: number | undefined };
parentPort?.on('message', (unit: SweepUnit) => {
  const configuration = raceConfigurations[unit.configuration];
  if (!configuration) throw new Error(`no configuration ${unit.configuration}`);
  parentPort?.postMessage({
    index: unit.index,
    results: exploreRoutes(configuration, unit.routes, {
      ...(occurrence !== undefined ? { occurrence } : {}),
      allowUnreached: true,
    }),
  });
});
