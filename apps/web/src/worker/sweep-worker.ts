/** A race-explorer worker: explores one configuration × route and reports progress as it goes. */
import { explore, LabError, raceConfigurations } from '@vmi386/lab';
import type { FromSweepWorker, ToSweepWorker } from '../protocol.js';

const post = (message: FromSweepWorker) => postMessage(message);

self.addEventListener('message', (event: MessageEvent<ToSweepWorker>) => {
  const { unit } = event.data;
  try {
    const configuration = raceConfigurations[unit.configuration];
    if (!configuration) throw new Error(`no race configuration ${unit.configuration}`);
    let last = 0;
    const result = explore(configuration, unit.route, {
      // The native kernel under the monitor stalls before the kernel-mode routes: shown, not an error.
      allowUnreached: true,
      onTrial: (done, total) => {
        // Every trial would flood the page; a few dozen updates are enough for a progress bar.
        if (done === total || done - last >= Math.max(1, total / 50)) {
          last = done;
          post({ type: 'progress', done, total });
        }
      },
    });
    post({ type: 'result', result });
  } catch (error) {
    if (error instanceof LabError) post({ type: 'error', kind: error.kind, message: error.message });
    else
      post({
        type: 'error',
        kind: 'internal',
        message: error instanceof Error ? error.message : String(error),
      });
  }
});
