import type { Cpu } from '@vmi386/cpu';
import { buildGuest } from '@vmi386/guest-entry';
import type { MachBackend } from '@vmi386/mach-asm';
import { HypervisorMachine, type HypervisorRunResult } from '../src/index.js';

/** The guest's null system call (`bench`), made a thousand times by each benchmark loop. */
export const NR_BENCH = 203;

/** Every privilege path a `bench` system call took, from leaving ring 3 to coming back. */
export function watchBenchCalls(cpu: Cpu): Map<string, number> {
  const paths = new Map<string, number>();
  let open: number[] | undefined;
  cpu.hooks.onCplChange = (from, to, cause) => {
    if (!open) {
      if (from === 3 && cpu.eax === NR_BENCH && (cause === 'software' || cause === 'sysenter'))
        open = [3, to];
      return;
    }
    open.push(to);
    if (to !== 3) return;
    const key = `${cause === 'sysenter' ? '' : ''}${open.join('→')}`;
    paths.set(key, (paths.get(key) ?? 0) + 1);
    open = undefined;
  };
  return paths;
}

export interface GuestUnderMonitor {
  machine: HypervisorMachine;
  result: HypervisorRunResult;
  console: string;
  sites: number;
  patched: number;
  benchPaths: Map<string, number>;
}

export function runUnderMonitor(backend: MachBackend, maxInstructions = 200_000_000): GuestUnderMonitor {
  const build = buildGuest({ backend });
  let console = '';
  const machine = new HypervisorMachine({ console: (text) => (console += text) });
  const boot = machine.boot(build.image);
  const benchPaths = watchBenchCalls(machine.pc.cpu);
  const result = machine.run({ maxInstructions });
  return { machine, result, console, sites: build.sites.length, patched: boot.patched.length, benchPaths };
}
