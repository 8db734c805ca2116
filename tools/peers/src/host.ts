/** The conditions of a run, printed first so a reader can judge the numbers. */
import { cpus, loadavg } from 'node:os';

export interface HostConditions {
  readonly cpuModel: string;
  readonly cores: number;
  readonly loadAverage: readonly [number, number, number];
  readonly node: string;
  readonly date: string;
}

export function hostConditions(): HostConditions {
  const [one, five, fifteen] = loadavg();
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage: [one, five, fifteen],
    node: process.version,
    date: new Date().toISOString(),
  };
}
