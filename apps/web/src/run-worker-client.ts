import type { FromRunWorker, ToRunWorker } from './protocol.js';

/** A machine worker with typed messages; listeners are called for every message it sends. */
export class RunWorkerClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(message: FromRunWorker) => void>();

  constructor() {
    this.worker = new Worker(new URL('./worker/run-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<FromRunWorker>) => {
      for (const listener of this.listeners) listener(event.data);
    };
    this.worker.onerror = (event) => {
      const message: FromRunWorker = {
        type: 'error',
        kind: 'internal',
        message: event.message || 'the worker failed to load',
      };
      for (const listener of this.listeners) listener(message);
    };
  }

  send(message: ToRunWorker): void {
    this.worker.postMessage(message);
  }

  listen(listener: (message: FromRunWorker) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
