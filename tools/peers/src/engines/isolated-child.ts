/** The child of an isolated engine (isolated.ts): runs the workloads its parent sends on one engine. */
import type { Workload } from '../workloads.js';
import type { Engine } from './engine.js';
import type { ChildAnswer } from './isolated.js';
import { v86Interpreter, v86Jit } from './v86.js';
import { vmi386Compiler, vmi386Interpreter } from './vmi386.js';

const ENGINES: readonly Engine[] = [vmi386Interpreter, vmi386Compiler, v86Interpreter, v86Jit];
const engine = ENGINES.find((candidate) => candidate.name === process.argv[2]);
if (engine === undefined) throw new Error(`isolated engine: no engine named ${process.argv[2]}`);

process.on('message', (workload: Workload) => {
  const answer = (message: ChildAnswer) => process.send?.(message);
  engine.run(workload).then(
    (run) => answer({ ok: true, run }),
    (error: unknown) =>
      answer({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
