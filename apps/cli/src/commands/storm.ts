import { writeFileSync } from 'node:fs';
import {
  describeStormSchedule,
  raceConfigurations,
  type StormOutcome,
  type StormSchedule,
  storm,
} from '@vmi386/lab';
import type { CAC } from 'cac';
import { UsageError } from '../errors.js';
import { parseNumber, pickList } from '../options.js';

/** Prime periods, so that the storm does not beat in step with the PIT or the benchmark loops. */
const DEFAULT_PERIODS = '997,4999,19997';
/** The mean gap of a random storm when `--random` gives only a seed. */
const DEFAULT_MEAN_GAP = 1000;

interface StormOptions {
  every?: string | number;
  random?: string | number;
  config?: string | number;
  json?: boolean;
}

export function registerStorm(cli: CAC): void {
  cli
    .command(
      'storm',
      "Storm mode of the race explorer: a timer interrupt every N instructions for the guest's whole run, in every configuration; does it still pass every check and exit 0?",
    )
    .option('--every <list>', `periods in instructions, comma-separated (default ${DEFAULT_PERIODS})`)
    .option(
      '--random <seed[,mean]>',
      `instead of periods: a seeded random storm, gaps drawn uniformly from 1 to 2·MEAN − 1 instructions (MEAN default ${DEFAULT_MEAN_GAP}); the same seed gives the same run`,
    )
    .option(
      '--config <n>',
      `configurations by number, comma-separated: ${raceConfigurations.map((c, i) => `${i + 1} ${c.name}`).join('; ')}`,
      { default: 'all' },
    )
    .option('--json', 'Print every outcome as JSON')
    .example('vmi386 storm')
    .example('vmi386 storm --every 500,1000,2000 --config 4,5')
    .example('vmi386 storm --random 42,2000 --config 4')
    .action((options: StormOptions) => stormCommand(options));
}

/** `--random SEED[,MEAN]`: one seeded random schedule. */
function parseRandom(text: string): StormSchedule {
  const parts = text.split(',');
  if (parts.length > 2) throw new UsageError(`--random: expected SEED or SEED,MEAN, got '${text}'`);
  const [seedText = '', meanText = String(DEFAULT_MEAN_GAP)] = parts;
  const seed = parseNumber(seedText, '--random');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UsageError(`--random: the seed '${seedText}' is not a whole number from 0 to 4294967295`);
  const meanGap = parseNumber(meanText, '--random');
  if (!Number.isInteger(meanGap) || meanGap < 1)
    throw new UsageError(`--random: the mean '${meanText}' is not a whole number ≥ 1`);
  return { kind: 'random', seed, meanGap };
}

function parsePeriods(text: string): StormSchedule[] {
  return text.split(',').map((item) => {
    const every = parseNumber(item, '--every');
    if (!Number.isInteger(every) || every < 1)
      throw new UsageError(`--every: '${item}' is not a whole number ≥ 1`);
    return { kind: 'periodic', every };
  });
}

function stormCommand(options: StormOptions): number {
  const configurations = pickList(String(options.config ?? 'all'), raceConfigurations, '--config');
  if (options.every !== undefined && options.random !== undefined)
    throw new UsageError('--every and --random exclude each other: choose periods or a seed');
  // cac turns a value that looks like a number into one: take every value back as text.
  const schedules =
    options.random !== undefined
      ? [parseRandom(String(options.random))]
      : parsePeriods(String(options.every ?? DEFAULT_PERIODS));
  const progress = process.stderr.isTTY && !options.json;
  const outcomes: StormOutcome[] = [];
  for (const schedule of schedules) {
    for (const configuration of configurations) {
      if (progress)
        process.stderr.write(`\rstorm ${describeStormSchedule(schedule)}: ${configuration.name}…`.padEnd(80));
      outcomes.push(storm(configuration, schedule));
    }
  }
  if (progress) process.stderr.write(`${'\r'.padEnd(80)}\r`);
  if (options.json) {
    writeFileSync(1, `${JSON.stringify(outcomes, null, 2)}\n`);
    return 0;
  }
  const header = ['configuration', 'schedule', 'raised', 'injected', 'delayed', 'lost', 'checks', 'end'];
  const rows = outcomes.map((o) => [
    o.configuration,
    describeStormSchedule(o.schedule),
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
      .map((c, i) => (i <= 1 || i >= 6 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  writeFileSync(1, `${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
}
