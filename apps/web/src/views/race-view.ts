import {
  type EntryRoute,
  type ExplorationResult,
  entryRoutes,
  type FailingBoundary,
  raceConfigurations,
  raceInvariants,
  sweepChart,
} from '@vmi386/lab';
import type { LabState } from '../lab-state.js';
import type { FromSweepWorker, SweepUnit } from '../protocol.js';
import { choice, errorBox, fill, h, table } from '../ui/dom.js';
import { hex32 } from '../ui/format.js';
import { busy } from '../ui/keep-focus.js';

/**
 * The race explorer: a timer interrupt injected before every instruction boundary of one kernel entry
 * (a null system call by either route, a timer tick, a #NM or a page fault from user mode; from kernel
 * mode resume_kernel, nmi, iret_exc), per configuration (ablations included), in parallel workers; the map of outcomes and
 * stack depth, and for a failing boundary its instruction, source line and broken invariants.
 */
export function mountRaceView(container: HTMLElement, lab: LabState): void {
  const route = choice<EntryRoute>('Entry path', entryRoutes, 'int $0x80');
  const boxes = raceConfigurations.map((_, index) =>
    h('input', { type: 'checkbox', checked: true, value: String(index), id: `race-config-${index}` }),
  );
  const explore = h('button', { type: 'button', 'data-testid': 'explore' }, 'Explore');
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Trials run' });
  const status = h('output', { 'aria-live': 'polite', 'data-testid': 'race-status' });
  const results = h('div', {});
  const detail = h('div', { class: 'detail', 'aria-live': 'polite', 'data-testid': 'failure-detail' });
  fill(
    container,
    h(
      'p',
      {},
      'Each trial restores a snapshot taken at the first kernel instruction of the entry, raises IRQ 0 before one instruction boundary, runs until the interrupt is handled and the entry has returned (to user mode, or for the kernel-mode routes to the kernel code it interrupted), and checks: ',
      raceInvariants.join(', '),
      '.',
    ),
    h(
      'div',
      { class: 'toolbar' },
      route.element,
      h(
        'fieldset',
        { class: 'configurations' },
        h('legend', {}, 'Configurations'),
        ...raceConfigurations.map((configuration, index) =>
          h(
            'label',
            { for: `race-config-${index}` },
            boxes[index] as HTMLInputElement,
            ` ${configuration.name}`,
          ),
        ),
      ),
      explore,
      progress,
      status,
    ),
    results,
    detail,
  );

  explore.addEventListener('click', () => {
    const units: SweepUnit[] = boxes
      .filter((b) => b.checked)
      .map((b) => ({ configuration: Number(b.value), route: route.value }));
    if (units.length === 0) {
      fill(results, errorBox('Nothing to explore', 'choose at least one configuration'));
      return;
    }
    const done = busy(explore);
    fill(results);
    fill(detail);
    void runSweep(units, (done, total) => {
      progress.max = Math.max(1, total);
      progress.value = done;
      status.textContent = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} trials`;
    }).then(
      (outcome) => {
        done();
        fill(results, ...resultViews(route.value, outcome, (failure) => showFailure(failure)));
      },
      (error: Error) => {
        done();
        status.textContent = 'failed';
        fill(results, errorBox('The sweep failed', error.message));
      },
    );
  });

  const showFailure = (failure: FailingBoundary & { configuration: string }) => {
    const [file, line] = failure.where.split(':');
    const sourceLine =
      file && line ? lab.description?.sources[file]?.split('\n')[Number(line) - 1]?.trim() : undefined;
    fill(
      detail,
      h('h3', {}, `Boundary ${failure.boundary} of ${failure.configuration}`),
      h(
        'p',
        {},
        `The interrupt arrived before the instruction at ${hex32(failure.eip)}, `,
        h('code', {}, failure.where),
        sourceLine ? ': ' : '',
        sourceLine ? h('code', {}, sourceLine) : '',
      ),
      h('p', {}, 'Broken: ', h('strong', {}, failure.broken.join(', '))),
      failure.detail ? h('p', {}, failure.detail) : '',
    );
  };
}

/** Explores every unit in its own worker, at most as many at once as the browser has cores. */
async function runSweep(
  units: readonly SweepUnit[],
  onProgress: (done: number, total: number) => void,
): Promise<ExplorationResult[]> {
  const done = new Array<number>(units.length).fill(0);
  const totals = new Array<number>(units.length).fill(0);
  const report = () =>
    onProgress(
      done.reduce((a, b) => a + b, 0),
      totals.reduce((a, b) => a + b, 0),
    );
  const results = new Array<ExplorationResult>(units.length);
  let next = 0;
  const lane = async () => {
    while (next < units.length) {
      const index = next++;
      results[index] = await exploreInWorker(units[index] as SweepUnit, (d, t) => {
        done[index] = d;
        totals[index] = t;
        report();
      });
    }
  };
  const lanes = Math.max(1, Math.min(units.length, navigator.hardwareConcurrency || 2));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

function exploreInWorker(
  unit: SweepUnit,
  onProgress: (done: number, total: number) => void,
): Promise<ExplorationResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../worker/sweep-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromSweepWorker>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.done, message.total);
      else {
        worker.terminate();
        if (message.type === 'result') resolve(message.result);
        else reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'a sweep worker failed to load'));
    };
    worker.postMessage({ type: 'explore', unit });
  });
}

function resultViews(
  route: EntryRoute,
  results: readonly ExplorationResult[],
  onSelect: (failure: FailingBoundary & { configuration: string }) => void,
): HTMLElement[] {
  const chart = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': `Outcome and stack depth per boundary, ${route}`,
    'data-testid': 'race-map',
  });
  chart.innerHTML = sweepChart(route, results); // SVG generated by @vmi386/lab; labels are escaped there
  const summary = table(
    ['configuration', 'boundaries', 'passed', 'failed'],
    results.map((r) => [
      r.configuration,
      // The run never got there (the native kernel under the monitor stalls first): say so.
      r.unreached === undefined ? r.tried : `never reached (${r.unreached.split(':')[0]})`,
      h('span', { class: r.passed === r.tried ? 'pass' : '' }, String(r.passed)),
      h('span', { class: r.passed === r.tried ? '' : 'fail' }, String(r.tried - r.passed)),
    ]),
    { 'data-table': 'race-summary' },
  );
  const failures = results.flatMap((r) => r.failures.map((f) => ({ ...f, configuration: r.configuration })));
  const list = table(
    ['configuration', 'boundary', 'instruction', 'where', 'broken'],
    failures.map((f) => [f.configuration, f.boundary, hex32(f.eip), f.where, f.broken.join(', ')]),
    { class: 'failures', 'data-testid': 'failures' },
  );
  list.querySelectorAll('tbody tr').forEach((row, i) => {
    const failure = failures[i];
    if (!failure) return;
    row.setAttribute('tabindex', '0');
    row.addEventListener('click', () => onSelect(failure));
    row.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') onSelect(failure);
    });
  });
  return [
    chart,
    summary,
    ...(failures.length
      ? [h('h3', {}, `Failing boundaries (${failures.length}); select one`), list]
      : [h('p', { class: 'pass' }, 'Every invariant held at every boundary.')]),
  ];
}
