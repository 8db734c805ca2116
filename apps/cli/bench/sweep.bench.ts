/**
 * `pnpm bench` (apps/cli): the race explorer's full default sweep — every entry route (both
 * system-call routes, the timer tick, #NM and the page fault from user mode; resume_kernel, nmi and
 * iret_exc from kernel mode) in all six configurations, one boot per configuration — timed in one
 * run, in one thread, with its trials per second and its on-CPU time (the machine may be shared).
 * The target: under 60 s on a 2-core machine. Also the whole-run time of the VMI image under
 * the hypervisor.
 */
import { buildGuest } from '@vmi386/guest-entry';
import { HypervisorMachine } from '@vmi386/hypervisor';
import { entryRoutes, exploreRoutes, raceConfigurations } from '@vmi386/lab';
import { vmiBackend } from '@vmi386/mach-vmi';

function sweepAll(): void {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let trials = 0;
  for (const configuration of raceConfigurations) {
    for (const result of exploreRoutes(configuration, entryRoutes, { allowUnreached: true }))
      trials += result.tried;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const onCpu = (cpu.user + cpu.system) / 1e6;
  console.log(
    `sweep: ${trials} trials in ${seconds.toFixed(1)} s (${onCpu.toFixed(1)} s on the CPU), ${Math.round(trials / seconds)} trials/s, one thread (target: the whole sweep under 60 s; vmi386 sweep splits it over the cores)`,
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
