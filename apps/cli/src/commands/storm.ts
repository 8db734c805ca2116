import { writeFileSync } from 'node:fs';
import { raceConfigurations, type StormOutcome, storm } from '@vmi386/lab';
import type { CAC } from 'cac';
import { UsageError } from '../errors.js';
import { parseNumber, pickList } from '../options.js';

/** Prime periods, so that the storm does not beat in step with the PIT or the benchmark loops. */
const DEFAULT_PERIODS = '997,4999,19997';

interface StormOptions {
  every?: string | number;
  config?: string | number;
  json?: boolean;
}

export function registerStorm(cli: CAC): void {
  cli
    .command(
      'storm',
      "Storm mode of the race explorer: a timer interrupt every N instructions for the guest's whole run, in every configuration; does it still pass every check and exit 0?",
    )
    .option('--every <list>', 'periods in instructions, comma-separated', { default: DEFAULT_PERIODS })
    .option(
      '--config <n>',
      `configurations by number, comma-separated: ${raceConfigurations.map((c, i) => `${i + 1} ${c.name}`).join('; ')}`,
      { default: 'all' },
    )
    .option('--json', 'Print every outcome as JSON')
    .example('vmi386 storm')
    .example('vmi386 storm --every 500,1000,2000 --config 4,5')
    .action((options: StormOptions) => stormCommand(options));
}

function stormCommand(options: StormOptions): number {
  const configurations = pickList(String(options.config ?? 'all'), raceConfigurations, '--config');
  const periods = String(options.every ?? DEFAULT_PERIODS)
    .split(',')
    .map((text) => {
      const period = parseNumber(text, '--every');
      if (!Number.isInteger(period) || period < 1)
        throw new UsageError(`--every: '${text}' is not a whole number ≥ 1`);
      return period;
    });
  const progress = process.stderr.isTTY && !options.json;
  const outcomes: StormOutcome[] = [];
  for (const period of periods) {
    for (const configuration of configurations) {
      if (progress) process.stderr.write(`\rstorm every ${period}: ${configuration.name}…`.padEnd(80));
      outcomes.push(storm(configuration, period));
    }
  }
  if (progress) process.stderr.write(`${'\r'.padEnd(80)}\r`);
  if (options.json) {
    writeFileSync(1, `${JSON.stringify(outcomes, null, 2)}\n`);
    return 0;
  }
  const header = ['configuration', 'every', 'raised', 'injected', 'delayed', 'lost', 'checks', 'end'];
  const rows = outcomes.map((o) => [
    o.configuration,
    String(o.period),
    String(o.raised),
    String(o.events?.injected ?? '–'),
    String(o.events?.delayed ?? '–'),
    String(o.events?.lost ?? '–'),
    o.transcriptIntact ? 'all pass' : 'differ',
    o.exitCode !== null ? `exit ${o.exitCode}` : o.stop,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  writeFileSync(1, `${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
}
