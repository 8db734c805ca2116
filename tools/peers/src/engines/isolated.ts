/**
 * An in-process engine run in a child process of its own for each workload: the child stays up for
 * that workload's rounds (so the rounds after the first run warm code, as in a long-lived process)
 * and is replaced for the next workload. Without it every workload and both vmi386 engines share one
 * V8: the step loop and v86's glue code are optimised for whatever ran first (TurboFan inlines only so
 * much into one function), and the later workloads pay for it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Workload } from '../workloads.js';
import type { Engine, EngineRun } from './engine.js';

/** What the child answers for one run. */
export type ChildAnswer = { ok: true; run: EngineRun } | { ok: false; message: string };

const RUNNER = fileURLToPath(new URL('./isolated-child.ts', import.meta.url));

export interface IsolatedEngine extends Engine {
  /** Stops the child that is up, if any. */
  close(): void;
}

export function isolated(engine: Engine): IsolatedEngine {
  let child: ChildProcess | undefined;
  let childWorkload: string | undefined;
  const close = () => {
    child?.kill();
    child = undefined;
    childWorkload = undefined;
  };
  return {
    name: engine.name,
    unavailable: engine.unavailable,
    close,
    restart: close,
    run(workload: Workload): Promise<EngineRun> {
      if (child === undefined || childWorkload !== workload.name) {
        close();
        // The parent's flags (tsx's loader, the source condition) make the child load the same code.
        child = fork(RUNNER, [engine.name], { execArgv: process.execArgv, serialization: 'advanced' });
        childWorkload = workload.name;
      }
      const running = child;
      return new Promise<EngineRun>((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`${engine.name}: its process exited (${code}) during ${workload.name}`));
        running.once('exit', onExit);
        running.once('message', (answer: ChildAnswer) => {
          running.off('exit', onExit);
          if (answer.ok) resolve(answer.run);
          else reject(new Error(answer.message));
        });
        running.send(workload);
      });
    },
  };
}
