import { type BackendName, backends, type Platform } from './backends.js';
import { DEFAULT_MAX_INSTRUCTIONS, type GuestRunReport, runGuest } from './guest-run.js';

/** One configuration of the matrix and what its run measured. */
export interface BenchRow {
  configuration: string;
  backend: string;
  platform: Platform;
  /** The guest's end: exit status or the monitor's stop. */
  end: string;
  instructions: number;
  cycles: number;
  monitorExits: number;
  syscalls: { entry: string; path: string; instructions: number; cycles: number; monitorExits: number }[];
}

/** The 2×2 matrix of the design notes, in the order every table and chart shows it. */
export const benchMatrix: readonly (readonly [BackendName, Platform])[] = [
  ['native', 'bare'],
  ['vmi', 'bare'],
  ['native', 'hypervisor'],
  ['vmi', 'hypervisor'],
];

/** Entries into ring 0 on a system call's route, when ring 0 is the monitor's. */
const exitsOnPath = (path: string, platform: Platform) =>
  platform === 'hypervisor' ? path.split('→').filter((level) => level === '0').length : 0;

/** The bench row of one finished run. */
export function benchRow(report: GuestRunReport): BenchRow {
  const { backend, platform } = report;
  return {
    configuration: `${backend}/${platform}`,
    backend,
    platform,
    end:
      report.exitCode !== null
        ? `exit ${report.exitCode}`
        : report.stop.replace(/: an interrupt waited.*$/, ''),
    instructions: report.counters.instructions,
    cycles: report.counters.cycles,
    monitorExits: report.hypervisor?.totalExits ?? 0,
    syscalls: report.syscalls.map((s) => ({
      entry: s.entry,
      path: s.path,
      instructions: s.instructions,
      cycles: s.cycles,
      monitorExits: exitsOnPath(s.path, platform),
    })),
  };
}

/** Runs the shipped guest in every configuration of the matrix; `onRow` sees each as it finishes. */
export function runBench(onRow?: (row: BenchRow, index: number) => void): BenchRow[] {
  return benchMatrix.map(([backend, platform], index) => {
    const row = benchRow(
      runGuest(backends[backend], platform, { maxInstructions: DEFAULT_MAX_INSTRUCTIONS }),
    );
    onRow?.(row, index);
    return row;
  });
}

/** A grouped bar chart (SVG text): per configuration, the cycles of a null call by each entry route. */
export function benchChart(rows: readonly BenchRow[]): string {
  const entries = ['int $0x80', 'sysenter'];
  const colours = ['#4a7ab5', '#e39b3c'];
  const max = Math.max(1, ...rows.flatMap((r) => r.syscalls.map((s) => s.cycles)));
  const width = 160 + rows.length * 150;
  const height = 320;
  const scale = (cycles: number) => (220 * cycles) / max;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>A null system call: modelled cycles per configuration</title>',
    '<text x="10" y="20" font-size="14" font-weight="bold">A null system call: modelled cycles per configuration</text>',
  ];
  rows.forEach((r, i) => {
    const x0 = 80 + i * 150;
    entries.forEach((entry, k) => {
      const s = r.syscalls.find((c) => c.entry === entry);
      if (!s) return;
      const h = scale(s.cycles);
      const x = x0 + k * 50;
      parts.push(
        `<rect x="${x}" y="${260 - h}" width="44" height="${h}" fill="${colours[k]}"><title>${r.configuration}, ${entry}: ${s.path}, ${s.cycles} cycles</title></rect>`,
        `<text x="${x + 22}" y="${255 - h}" text-anchor="middle">${s.cycles}</text>`,
      );
    });
    parts.push(`<text x="${x0 + 47}" y="280" text-anchor="middle">${r.configuration}</text>`);
  });
  entries.forEach((entry, k) => {
    parts.push(
      `<rect x="${80 + k * 130}" y="295" width="10" height="10" fill="${colours[k]}"/><text x="${94 + k * 130}" y="305">${entry}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
