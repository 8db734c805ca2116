import { writeFileSync } from 'node:fs';
import {
  type BenchEvent,
  type BenchRow,
  benchChart,
  benchEvents,
  benchMatrix,
  runBench,
  shortPath,
} from '@vmi386/lab';
import type { CAC } from 'cac';

const benchEventTitle: Record<BenchEvent, string> = {
  'timer interrupt from user mode': 'timer interrupt from user mode (delivery, handler, return)',
  'context switch':
    'context switch (sched_yield by int $0x80 from one task to the first instruction of another)',
  'page fault':
    'page fault round trip (a user read of a page not yet mapped: delivery, do_page_fault maps it, return to the read)',
  CLI: "the kernel's CLI",
  STI: "the kernel's STI",
};

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

function bench(options: { json?: boolean; svg?: string }): number {
  const progress = process.stderr.isTTY && !options.json;
  const announce = (index: number) => {
    const next = benchMatrix[index];
    if (progress && next) process.stderr.write(`\rrunning ${next.join('/')}…`.padEnd(40));
  };
  announce(0);
  const rows = runBench((_, index) => announce(index + 1));
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
  for (const event of benchEvents) {
    lines.push(benchEventTitle[event]);
    const reference = base.events.find((e) => e.event === event);
    for (const r of rows) {
      const e = r.events.find((c) => c.event === event);
      if (!e) continue;
      lines.push(
        `  ${r.configuration.padEnd(18)} ${shortPath(e.path).padEnd(26)} ${String(e.instructions).padStart(4)} instructions ${String(e.cycles).padStart(5)} cycles ${ratio(e.cycles, reference?.cycles).padStart(7)}  ${e.monitorExits} monitor exits`,
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
