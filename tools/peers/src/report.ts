/** The bench's output: a Markdown table (pasteable into docs/performance.md) or JSON. */
import type { Engine } from './engines/engine.js';
import type { HostConditions } from './host.js';
import type { Measurement } from './measure.js';
import type { BenchOptions } from './options.js';

/** The ratios the table shows: vmi386's interpreter against v86's, its compiler against the JITs. */
const RATIOS: readonly (readonly [string, string])[] = [
  ['vmi386', 'v86 interp'],
  ['vmi386 compiler', 'v86 JIT'],
  ['vmi386 compiler', 'QEMU TCG'],
];

const mips = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export function formatTable(
  host: HostConditions,
  engines: readonly Engine[],
  measurement: Measurement,
  options: BenchOptions,
): string {
  const { rounds, processes, scale, warmupSeconds } = options;
  const lines: string[] = [];
  const [one, five, fifteen] = host.loadAverage.map((load) => load.toFixed(2));
  lines.push(`CPU: ${host.cpuModel} (${host.cores} logical CPUs), Node ${host.node}, ${host.date}`);
  lines.push(`Load average at the start: ${one} ${five} ${fifteen}`);
  lines.push(
    `Best of ${rounds} interleaved rounds after ${warmupSeconds} s of untimed runs (at least 5 unless that takes 2.5 times as long, at most 25), in each of ${processes} fresh processes per engine and workload (vmi386 and v86; QEMU is a process per run), loop scale ${scale}.`,
    "MIPS = vmi386's exact instruction count of the image / the engine's time:",
    "v86 and QEMU from the workload's start text on COM1 (a synthetic loop's start byte, the guest kernel's banner) to its end (boot excluded); vmi386 from the kernel's entry to its end (building the machine and loading the image excluded).",
    'rep movsd: copy bandwidth, and the ratio of bandwidths (vmi386 counts a REP in chunks, so its MIPS mean nothing there).',
  );
  const startups = engines.map((engine) => {
    const startup = measurement.startupSeconds[engine.name];
    return `${engine.name} ${typeof startup === 'number' ? `${startup.toFixed(3)} s` : startup}`;
  });
  lines.push(`Start-up time (the empty workload, not timed in the rows): ${startups.join('; ')}`);
  lines.push('');

  const header = ['workload', 'instructions', ...engines.map((engine) => `${engine.name} MIPS`)];
  const ratios = RATIOS.filter(
    ([a, b]) => engines.some((e) => e.name === a) && engines.some((e) => e.name === b),
  );
  header.push(...ratios.map(([a, b]) => `${a} / ${b}`));
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  const notes: string[] = [];
  for (const result of measurement.results) {
    // Copying workloads compare bandwidth, the others MIPS.
    const speed = (name: string) => result.cells[name]?.bytesPerSecond ?? result.cells[name]?.mips;
    const cellText = (name: string) => {
      const cell = result.cells[name];
      if (cell?.mips === undefined) {
        if (cell?.note?.startsWith('failed')) notes.push(`${result.workload} on ${name}: ${cell.note}`);
        return cell?.note?.startsWith('failed') ? 'failed' : (cell?.note ?? '—');
      }
      if (cell.bytesPerSecond !== undefined) return `${(cell.bytesPerSecond / 1e9).toFixed(2)} GB/s`;
      return mips(cell.mips);
    };
    const row = [
      result.workload,
      result.instructions.toLocaleString('en-US'),
      ...engines.map((e) => cellText(e.name)),
    ];
    for (const [a, b] of ratios) {
      const x = speed(a);
      const y = speed(b);
      row.push(x && y ? (x / y).toFixed(2) : '—');
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

export function formatJson(host: HostConditions, measurement: Measurement, options: BenchOptions): string {
  const { rounds, processes, scale, warmupSeconds } = options;
  return JSON.stringify({ host, rounds, processes, scale, warmupSeconds, ...measurement }, null, 2);
}
