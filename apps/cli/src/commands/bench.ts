import { writeFileSync } from 'node:fs';
import type { CAC } from 'cac';
import { backendByName } from '../backends.js';
import { type GuestRunReport, type Platform, runGuest } from '../guest-run.js';

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

const matrix: [string, Platform][] = [
  ['native', 'bare'],
  ['vmi', 'bare'],
  ['native', 'hypervisor'],
  ['vmi', 'hypervisor'],
];

export function registerBench(cli: CAC): void {
  cli
    .command(
      'bench',
      'Run the guest in all four configurations and print the costs side by side, with ratios to native on bare hardware',
    )
    .option('--json', 'Print the rows as JSON')
    .option('--svg <file>', 'Write a grouped bar chart of the null system call costs')
    .example('vmi386 bench')
    .example('vmi386 bench --svg bench.svg')
    .action((options: { json?: boolean; svg?: string }) => bench(options));
}

/** Entries into ring 0 on a system call's route, when ring 0 is the monitor's. */
const exitsOnPath = (path: string, platform: Platform) =>
  platform === 'hypervisor' ? path.split('→').filter((level) => level === '0').length : 0;

function row(backend: string, platform: Platform, report: GuestRunReport): BenchRow {
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

function bench(options: { json?: boolean; svg?: string }): number {
  const progress = process.stderr.isTTY && !options.json;
  const rows: BenchRow[] = [];
  for (const [backend, platform] of matrix) {
    if (progress) process.stderr.write(`\rrunning ${backend}/${platform}…`.padEnd(40));
    rows.push(
      row(backend, platform, runGuest(backendByName(backend), platform, { maxInstructions: 200_000_000 })),
    );
  }
  if (progress) process.stderr.write(`${'\r'.padEnd(40)}\r`);
  if (options.svg) writeFileSync(options.svg, benchChart(rows));
  if (options.json) {
    writeFileSync(1, `${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const base = rows[0] as BenchRow;
  const ratio = (value: number, reference: number | undefined) =>
    reference ? `${(value / reference).toFixed(2)}×` : '';
  const lines: string[] = [];
  for (const entry of ['int $0x80', 'sysenter']) {
    lines.push(`null system call by ${entry}`);
    const reference = base.syscalls.find((s) => s.entry === entry);
    for (const r of rows) {
      const s = r.syscalls.find((c) => c.entry === entry);
      if (!s) continue;
      lines.push(
        `  ${r.configuration.padEnd(18)} ${s.path.padEnd(26)} ${String(s.instructions).padStart(4)} instructions ${String(s.cycles).padStart(5)} cycles ${ratio(s.cycles, reference?.cycles).padStart(7)}  ${s.monitorExits} monitor exits`,
      );
    }
  }
  lines.push('whole run');
  for (const r of rows) {
    lines.push(
      `  ${r.configuration.padEnd(18)} ${String(r.instructions).padStart(9)} instructions ${String(r.cycles).padStart(9)} cycles ${ratio(r.cycles, base.cycles).padStart(7)}  ${String(r.monitorExits).padStart(6)} monitor exits  ${r.end}`,
    );
  }
  writeFileSync(1, `${lines.join('\n')}\n`);
  return 0;
}

/** A grouped bar chart: per configuration, the cycles of a null call by each entry route. */
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
