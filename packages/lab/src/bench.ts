import { type BackendName, backends, type Platform } from './backends.js';
import { type EventCosts, measureEventCosts } from './event-costs.js';
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
  /**
   * A timer interrupt taken in user mode, a context switch (`sched_yield` to another task), a page
   * fault the kernel resolves, and the kernel's `CLI` and `STI` (`measureEventCosts`).
   */
  events: {
    event: BenchEvent;
    path: string;
    instructions: number;
    cycles: number;
    monitorExits: number;
    /** The tick made the kernel switch tasks before it returned (a context switch is in the cost). */
    switchedTask?: boolean;
  }[];
}

export const benchEvents = [
  'timer interrupt from user mode',
  'context switch',
  'page fault',
  'CLI',
  'STI',
] as const;
export type BenchEvent = (typeof benchEvents)[number];

/** The 2×2 matrix of the design notes, in the order every table and chart shows it. */
export const benchMatrix: readonly (readonly [BackendName, Platform])[] = [
  ['native', 'bare'],
  ['vmi', 'bare'],
  ['native', 'hypervisor'],
  ['vmi', 'hypervisor'],
];

/** Entries into ring 0 on a system call's route, when ring 0 is the monitor's. */
export const exitsOnPath = (path: string, platform: Platform) =>
  platform === 'hypervisor' ? path.split('→').filter((level) => level === '0').length : 0;

/** A privilege path for a table: `3→0→1 …(12 exits)… 1→3` when the monitor bounces many times. */
export function shortPath(path: string): string {
  const levels = path.split('→');
  if (levels.length <= 7) return path;
  return `${levels.slice(0, 3).join('→')} … ${levels.slice(-2).join('→')}`;
}

/** The bench row of one finished run, with the event costs measured in the same configuration. */
export function benchRow(report: GuestRunReport, costs: EventCosts): BenchRow {
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
    events: (
      [
        ['timer interrupt from user mode', costs.timerFromUser],
        ['context switch', costs.contextSwitch],
        ['page fault', costs.pageFault],
        ['CLI', costs.cli],
        ['STI', costs.sti],
      ] as const
    ).map(([event, cost]) => ({
      event,
      path: cost.path,
      instructions: cost.instructions,
      cycles: cost.cycles,
      monitorExits: exitsOnPath(cost.path, platform),
      ...(cost.switchedTask !== undefined ? { switchedTask: cost.switchedTask } : {}),
    })),
  };
}

/** Runs the shipped guest in every configuration of the matrix; `onRow` sees each as it finishes. */
export function runBench(onRow?: (row: BenchRow, index: number) => void): BenchRow[] {
  return benchMatrix.map(([backend, platform], index) => {
    const report = runGuest(backends[backend], platform, { maxInstructions: DEFAULT_MAX_INSTRUCTIONS });
    const row = benchRow(report, measureEventCosts(backend, platform));
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
