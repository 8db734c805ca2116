/**
 * `pnpm --filter @vmi386/peers bench` (and part of `pnpm bench`): vmi386 side by side with v86 and
 * QEMU on the same Multiboot kernels. PEERS_ROUNDS (default 3), PEERS_PROCESSES (default 2),
 * PEERS_SCALE (default 1), PEERS_WARMUP (default 2 s), --json.
 */
import type { Engine } from './engines/engine.js';
import { isolated } from './engines/isolated.js';
import { qemu, qemuVersion } from './engines/qemu.js';
import { v86Interpreter, v86Jit } from './engines/v86.js';
import { vmi386Compiler, vmi386Interpreter } from './engines/vmi386.js';
import { hostConditions } from './host.js';
import { measure } from './measure.js';
import { benchOptions, scaledSizes } from './options.js';
import { formatJson, formatTable } from './report.js';
import { emptyWorkload, guestKernelWorkload, syntheticWorkloads } from './workloads.js';

// The in-process engines each run in a child process per workload (engines/isolated.ts); QEMU is a process anyway.
const inProcess = [vmi386Interpreter, vmi386Compiler, v86Interpreter, v86Jit].map(isolated);
const engines: Engine[] = [...inProcess, qemu];

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(2), process.env);
  const host = hostConditions(); // before any work, so the load is the machine's, not ours
  const workloads = [...syntheticWorkloads(scaledSizes(options.scale)), guestKernelWorkload()];
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  for (const engine of engines)
    if (engine.unavailable) progress(`${engine.name}: skipped, ${engine.unavailable}`);
  const version = qemuVersion();
  if (version) progress(`QEMU: ${version}`);
  const measurement = await measure(
    engines,
    emptyWorkload(),
    workloads,
    options.rounds,
    options.warmupSeconds,
    progress,
    options.processes,
  );
  const output = options.json
    ? formatJson(host, measurement, options)
    : formatTable(host, engines, measurement, options);
  for (const engine of inProcess) engine.close();
  process.stdout.write(`${output}\n`);
  // v86 instances stopped by their own debug-exit leave timers behind; the results are printed.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`peers bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
