/**
 * `pnpm bench` (apps/cli): the race explorer's full default sweep — every entry route (both
 * system-call routes, the timer tick, #NM, the page fault) in all six configurations — timed in one
 * run, in one thread, with its trials per second. The target: under
 * 60 s on a 2-core machine. Also the whole-run time of the VMI image under the hypervisor.
 */
import { buildGuest } from '@vmi386/guest-entry';
import { HypervisorMachine } from '@vmi386/hypervisor';
import { entryRoutes, explore, raceConfigurations } from '@vmi386/lab';
import { vmiBackend } from '@vmi386/mach-vmi';

function sweepAll(): void {
  const started = performance.now();
  let trials = 0;
  for (const route of entryRoutes) {
    for (const configuration of raceConfigurations) trials += explore(configuration, route).tried;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `sweep: ${trials} trials in ${seconds.toFixed(1)} s, ${Math.round(trials / seconds)} trials/s (target: the whole sweep under 60 s)`,
  );
}

function hypervisedRun(): void {
  const image = buildGuest({ backend: vmiBackend }).image;
  const machine = new HypervisorMachine();
  machine.boot(image);
  const started = performance.now();
  const result = machine.run({ maxInstructions: 200_000_000 });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `vmi image under the hypervisor: ${result.instructions} instructions in ${seconds.toFixed(2)} s, ${(result.instructions / seconds / 1e6).toFixed(1)} MIPS (${result.reason})`,
  );
}

const only = process.argv[2];
if (!only || only === 'sweep') sweepAll();
if (!only || only === 'hypervisor') hypervisedRun();
