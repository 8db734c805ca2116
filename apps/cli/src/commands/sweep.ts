import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type EntryRoute,
  type ExplorationResult,
  entryRoutes,
  exploreRoutes,
  raceConfigurations,
  raceInvariants,
  routeSpecs,
  sweepChart,
} from '@vmi386/lab';
import type { CAC } from 'cac';
import { UsageError } from '../errors.js';
import { parseNumber, pickList } from '../options.js';
import type { SweepUnit } from '../race/worker.js';

/** Route names on the command line (and in chart file names). */
const routes: Record<string, EntryRoute> = {
  int80: 'int $0x80',
  sysenter: 'sysenter',
  timer: 'timer interrupt',
  nm: 'device not available',
  pf: 'page fault',
  'resume-kernel': 'resume_kernel',
  nmi: 'nmi',
  'iret-exc': 'iret_exc',
};
const routeName = (route: EntryRoute) => Object.keys(routes).find((name) => routes[name] === route) ?? route;

interface SweepOptions {
  jobs?: string | number;
  path?: string | number;
  config?: string | number;
  occurrence?: string | number;
  json?: boolean;
  svg?: string;
}

export function registerSweep(cli: CAC): void {
  cli
    .command(
      'sweep',
      'The race explorer: inject a timer interrupt before every instruction boundary of a kernel entry path (system calls, interrupts and exceptions from user mode; resume_kernel, nmi and iret_exc from kernel mode), in every configuration, and check that nothing goes wrong',
    )
    .option('--path <name>', `entry route: ${Object.keys(routes).join(', ')} or all`, { default: 'all' })
    .option(
      '--config <n>',
      `configurations by number, comma-separated: ${raceConfigurations.map((c, i) => `${i + 1} ${c.name}`).join('; ')}`,
      { default: 'all' },
    )
    .option(
      '--occurrence <k>',
      `which entry by the route to explore (default per route: ${entryRoutes.map((r) => `${routeName(r)} ${routeSpecs[r].defaultOccurrence}`).join(', ')})`,
    )
    .option(
      '--jobs <n>',
      'worker threads to split the configurations over (results are the same as with 1)',
      {
        default: String(Math.max(1, availableParallelism())),
      },
    )
    .option('--json', 'Print every result, with every failing boundary, as JSON')
    .option(
      '--svg <file>',
      'Write a chart per route (the first to FILE, the others to FILE with -ROUTE before the extension)',
    )
    .example('vmi386 sweep --path int80')
    .example('vmi386 sweep --path timer,nm --config 4,5')
    .example('vmi386 sweep --path resume-kernel,nmi,iret-exc --config 4')
    .example('vmi386 sweep --config 4,5 --svg sweep.svg')
    .action((options: SweepOptions) => sweepCommand(options));
}

/**
 * Explores the units (one configuration each, with all the chosen routes: one boot finds every
 * window) in `jobs` worker threads, each taking the next unit when it is done; results come back in
 * the one-worker order.
 */
function exploreInWorkers(
  units: SweepUnit[],
  jobs: number,
  occurrence: number | undefined,
  onUnit: () => void,
): Promise<ExplorationResult[][]> {
  const source = import.meta.url.endsWith('.ts');
  // From the sources (tsx) the worker is a sibling module; in the published build, dist/worker.js.
  const workerUrl = source
    ? new URL('../race/worker.ts', import.meta.url)
    : new URL('./worker.js', import.meta.url);
  const results: ExplorationResult[][] = new Array(units.length);
  let next = 0;
  return Promise.all(
    Array.from(
      { length: Math.min(jobs, units.length) },
      () =>
        new Promise<void>((resolve, reject) => {
          // From the sources, the worker registers tsx's loader before it imports the TypeScript module.
          const entry = source
            ? new URL(
                `data:text/javascript,${encodeURIComponent(
                  `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\nawait import(${JSON.stringify(workerUrl.href)});`,
                )}`,
              )
            : workerUrl;
          const execArgv = source ? ['--conditions=@vmi386/source'] : process.execArgv;
          const worker = new Worker(entry, { workerData: { occurrence }, execArgv });
          const give = () => {
            const unit = units[next++];
            if (unit) worker.postMessage(unit);
            else void worker.terminate().then(() => resolve());
          };
          worker.on('message', (message: { index: number; results: ExplorationResult[] }) => {
            results[message.index] = message.results;
            onUnit();
            give();
          });
          // A lab error in a worker (a window that never executes) is a usage error here too.
          worker.on('error', (error) =>
            reject(error.name === 'LabError' ? new UsageError(error.message) : error),
          );
          worker.on('exit', (code) =>
            code === 0 || code === 1 ? resolve() : reject(new Error(`a sweep worker exited with ${code}`)),
          );
          give();
        }),
    ),
  ).then(() => results);
}

async function sweepCommand(options: SweepOptions): Promise<number> {
  // cac turns a value that looks like a number into one: take every value back as text.
  const chosenRoutes = pickList(String(options.path ?? 'all'), routes, '--path');
  const configurations = pickList(String(options.config ?? 'all'), raceConfigurations, '--config');
  const occurrence =
    options.occurrence === undefined ? undefined : parseNumber(String(options.occurrence), '--occurrence');
  if (occurrence !== undefined && (!Number.isInteger(occurrence) || occurrence < 1))
    throw new UsageError('--occurrence must be a whole number ≥ 1');
  const jobs = parseNumber(String(options.jobs ?? 1), '--jobs');
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a whole number ≥ 1');
  const progress = process.stderr.isTTY && !options.json;
  const started = Date.now();
  // One unit per configuration; the results are printed route by route.
  let byConfiguration: ExplorationResult[][] = [];
  const units = configurations.length;
  let unitsDone = 0;
  const showUnits = () => {
    if (!progress) return;
    const elapsed = (Date.now() - started) / 1000;
    const eta = unitsDone > 0 ? (elapsed / unitsDone) * (units - unitsDone) : Number.NaN;
    const etaText = Number.isFinite(eta) ? `, about ${Math.ceil(eta)} s left` : '';
    process.stderr.write(
      `\r${unitsDone}/${units} configurations explored with ${jobs} workers, ${Math.round(elapsed)} s${etaText}`.padEnd(
        100,
      ),
    );
  };
  if (jobs > 1) {
    const work: SweepUnit[] = configurations.map((configuration, index) => ({
      index,
      configuration: raceConfigurations.indexOf(configuration),
      routes: chosenRoutes,
    }));
    showUnits();
    byConfiguration = await exploreInWorkers(work, jobs, occurrence, () => {
      unitsDone++;
      showUnits();
    });
  } else {
    let trialsDone = 0;
    for (const [unit, configuration] of configurations.entries()) {
      byConfiguration.push(
        exploreRoutes(configuration, chosenRoutes, {
          ...(occurrence !== undefined ? { occurrence } : {}),
          allowUnreached: true,
          onTrial: progress
            ? (done, total, routeIndex) => {
                // Progress: this route's boundaries, all trials so far, their rate, and a time estimate
                // from the configurations done (each boots once and runs the guest to its windows).
                const elapsed = (Date.now() - started) / 1000;
                const rate = (trialsDone + done) / Math.max(elapsed, 0.001);
                const fraction = unit + (routeIndex + done / total) / chosenRoutes.length;
                const eta = unit > 0 ? (elapsed / fraction) * (units - fraction) : Number.NaN;
                const etaText = Number.isFinite(eta) ? `, about ${Math.ceil(eta)} s left` : '';
                const label = `${configuration.name}, ${chosenRoutes[routeIndex]}`;
                process.stderr.write(
                  `\r[${unit + 1}/${units}] ${label}: ${done}/${total}, ${Math.round(rate)} trials/s${etaText}`.padEnd(
                    100,
                  ),
                );
                if (done === total) trialsDone += total;
              }
            : undefined,
        }),
      );
    }
  }
  const results: ExplorationResult[] = chosenRoutes.flatMap((_, r) =>
    byConfiguration.map((perRoute) => perRoute[r] as ExplorationResult),
  );
  // A window no chosen configuration reaches is bad input (a too-large --occurrence); one that some
  // configuration's run never reaches (the native kernel under the monitor stalls first) is a finding.
  for (const route of chosenRoutes) {
    const perRoute = results.filter((r) => r.route === route);
    const first = perRoute[0];
    if (first?.unreached !== undefined && perRoute.every((r) => r.unreached !== undefined))
      throw new UsageError(
        `the window never executes: no chosen configuration reaches its ${route} entry #${occurrence ?? routeSpecs[route].defaultOccurrence} (the guest stopped: ${first.unreached})`,
      );
  }
  if (progress) process.stderr.write(`${'\r'.padEnd(100)}\r`);
  const seconds = (Date.now() - started) / 1000;
  const trials = results.reduce((n, r) => n + r.tried, 0);

  if (options.svg) {
    for (const [index, route] of chosenRoutes.entries()) {
      const file = index === 0 ? options.svg : options.svg.replace(/(\.svg)?$/, `-${routeName(route)}.svg`);
      writeFileSync(
        file,
        sweepChart(
          route,
          results.filter((r) => r.route === route),
        ),
      );
    }
  }
  if (options.json) {
    writeFileSync(1, `${JSON.stringify({ trials, seconds, results }, null, 2)}\n`);
  } else {
    const header = ['configuration', 'route', 'boundaries', 'passed', ...raceInvariants];
    const rows = results.map((r) => [
      r.configuration,
      r.route,
      String(r.tried),
      String(r.passed),
      ...raceInvariants.map((i) => String(r.failed[i] ?? 0)),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
    const out = [line(header), ...rows.map(line), ''];
    for (const r of results) {
      for (const f of r.failures.slice(0, 6)) {
        out.push(
          `${r.configuration}, ${r.route}: boundary ${f.boundary} before 0x${f.eip.toString(16)} (${f.where}): ${f.broken.join(', ')}${f.detail ? ` — ${f.detail}` : ''}`,
        );
      }
      if (r.failures.length > 6)
        out.push(`${r.configuration}, ${r.route}: … ${r.failures.length - 6} more (see --json)`);
    }
    for (const r of results) {
      if (r.unreached !== undefined)
        out.push(`${r.configuration}, ${r.route}: never reached — the guest stopped first (${r.unreached})`);
    }
    out.push('', `${trials} trials in ${seconds.toFixed(1)} s (${Math.round(trials / seconds)} trials/s)`);
    writeFileSync(1, `${out.join('\n')}\n`);
  }
  // The claim under test: the VMI design under the monitor survives an interrupt at every boundary.
  const claim = results.filter((r) => r.configuration === 'vmi/hypervisor');
  return claim.every((r) => r.passed === r.tried) ? 0 : 1;
}
