import { type BackendName, backendNames, type Platform, platforms, vectorName } from '@vmi386/lab';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { LabState } from '../lab-state.js';
import type { FromRunWorker, RunState } from '../protocol.js';
import { RunWorkerClient } from '../run-worker-client.js';
import { choice, errorBox, fill, h, table } from '../ui/dom.js';
import { byCount, count, hex32, parseLocation } from '../ui/format.js';
import { setDisabled } from '../ui/keep-focus.js';

/**
 * Run: one guest in one configuration, in a worker; console, live counters, registers and the
 * current source line; pause, resume, single-step and run to a line or address.
 */
export function mountRunView(container: HTMLElement, lab: LabState): void {
  const worker = new RunWorkerClient();
  const backend = choice<BackendName>('Backend', backendNames, 'vmi');
  const platform = choice<Platform>('Platform', platforms, 'hypervisor');
  const state = h('output', { 'data-testid': 'run-state', 'aria-live': 'polite' }, 'not started');
  const target = h('input', {
    type: 'text',
    placeholder: 'entry.S:123 or 0xc0100000',
    'aria-label': 'Run to',
    size: 24,
  });
  const buttons = {
    run: h('button', { type: 'button', 'data-testid': 'run' }, 'Run'),
    boot: h('button', { type: 'button', 'data-testid': 'boot' }, 'Boot paused'),
    pause: h('button', { type: 'button', disabled: true }, 'Pause'),
    resume: h('button', { type: 'button', disabled: true }, 'Resume'),
    step: h('button', { type: 'button', disabled: true }, 'Step'),
    runTo: h('button', { type: 'button', disabled: true }, 'Run to'),
  };
  const message = h('div', {});
  const terminalHost = h('div', { class: 'terminal', 'aria-label': 'Serial console (COM1)' });
  const counters = h('div', { class: 'counters', 'data-testid': 'counters' });
  const cpuPanel = h('div', { class: 'cpu' });
  const consoleText = h('pre', { hidden: true, 'data-testid': 'console-text' });

  fill(
    container,
    h(
      'div',
      { class: 'toolbar' },
      backend.element,
      platform.element,
      buttons.run,
      buttons.boot,
      buttons.pause,
      buttons.resume,
      buttons.step,
      target,
      buttons.runTo,
      state,
    ),
    message,
    h(
      'div',
      { class: 'run-grid' },
      h('section', {}, h('h3', {}, 'Console'), terminalHost, consoleText, cpuPanel),
      counters,
    ),
  );

  const terminal = new Terminal({ convertEol: true, rows: 18, cols: 80, fontSize: 13, disableStdin: true });
  terminal.open(terminalHost);

  let runState: RunState | 'idle' = 'idle';
  const setButtons = () =>
    setDisabled(
      [
        [buttons.pause, runState !== 'running'],
        [buttons.resume, runState !== 'paused'],
        [buttons.step, runState !== 'paused'],
        [buttons.runTo, runState === 'idle' || runState === 'ended'],
      ],
      buttons.run,
    );

  const start = (paused: boolean) => {
    terminal.reset();
    consoleText.textContent = '';
    fill(message);
    const sources = lab.sources;
    worker.send({
      type: 'start',
      configuration: { backend: backend.value, platform: platform.value, ...(sources ? { sources } : {}) },
      paused,
    });
    state.textContent = 'starting…';
  };
  buttons.run.addEventListener('click', () => start(false));
  buttons.boot.addEventListener('click', () => start(true));
  buttons.pause.addEventListener('click', () => worker.send({ type: 'pause' }));
  buttons.resume.addEventListener('click', () => worker.send({ type: 'resume' }));
  buttons.step.addEventListener('click', () => worker.send({ type: 'step' }));
  buttons.runTo.addEventListener('click', () => {
    const listing = lab.description?.listings[backend.value] ?? [];
    const location = parseLocation(target.value, listing);
    if ('error' in location) {
      fill(message, errorBox('Run to', location.error));
      return;
    }
    fill(message);
    worker.send({ type: 'run-to', address: location.address });
  });

  worker.listen((event) => {
    switch (event.type) {
      case 'console':
        terminal.write(event.text);
        consoleText.textContent += event.text;
        return;
      case 'status':
        runState = event.state;
        setButtons();
        state.textContent = stateText(event);
        fill(counters, ...countersView(event));
        fill(cpuPanel, ...cpuView(event));
        // The hook-point view shows the last VMI run's visits (a native build has no hook points).
        if (event.report.backend === 'vmi') lab.publishVisits(new Map(event.siteVisits));
        return;
      case 'error':
        runState = 'ended';
        setButtons();
        state.textContent = 'failed';
        fill(
          message,
          errorBox(
            event.kind === 'guest-build' ? 'The kernel does not build' : 'The run failed',
            event.message,
          ),
        );
        return;
      default:
        return;
    }
  });
}

type Status = Extract<FromRunWorker, { type: 'status' }>;

function stateText(status: Status): string {
  const { report } = status;
  if (status.state !== 'ended') return status.state;
  return report.exitCode !== null ? `ended: exit ${report.exitCode}` : `ended: ${report.stop}`;
}

function countersView(status: Status): HTMLElement[] {
  const { report } = status;
  const c = report.counters;
  const counter = (name: string, value: number) =>
    h('div', { class: 'counter' }, h('span', {}, name), h('strong', { 'data-counter': name }, count(value)));
  const views: HTMLElement[] = [
    h(
      'section',
      {},
      h('h3', {}, 'Counters'),
      counter('instructions', c.instructions),
      counter('cycles', c.cycles),
      counter('virtual time', c.virtualTime),
      counter('halts', c.halts),
    ),
    h(
      'section',
      {},
      h('h3', {}, 'Privilege transitions'),
      table(
        ['from→to', 'count'],
        byCount(c.privilegeTransitions).map(([path, n]) => [path.replace('->', '→'), n]),
        { 'data-table': 'transitions' },
      ),
    ),
    h(
      'section',
      { class: 'wide' },
      h('h3', {}, 'A null system call'),
      table(
        ['entry', 'path', 'instructions', 'cycles', 'calls'],
        report.syscalls.map((s) => [s.entry, s.path, s.instructions, s.cycles, s.calls]),
        { 'data-table': 'syscalls' },
      ),
    ),
    h(
      'section',
      {},
      h('h3', {}, 'Exceptions and interrupts'),
      table(
        ['vector', 'count'],
        byCount(c.vectors).map(([v, n]) => [vectorName(Number(v)), n]),
        { 'data-table': 'vectors' },
      ),
    ),
  ];
  const hv = report.hypervisor;
  if (hv) {
    views.push(
      h(
        'section',
        {},
        h('h3', {}, 'Hypervisor'),
        counter('hook points patched', hv.sitesPatched),
        counter('monitor exits', hv.totalExits),
        counter('events injected', hv.events.injected),
        counter('events delayed', hv.events.delayed),
        counter('events lost', hv.events.lost),
        counter('ROM instructions', hv.instructions.rom),
        table(['exit cause', 'count'], byCount(hv.exits), { 'data-table': 'exits' }),
        table(['ROM call', 'count'], byCount(hv.romCalls), { 'data-table': 'rom-calls' }),
        ...(Object.keys(hv.failures).length
          ? [table(['what the guest got wrong', 'count'], byCount(hv.failures))]
          : []),
      ),
    );
  }
  return views;
}

function cpuView(status: Status): HTMLElement[] {
  const { cpu } = status;
  const registers = Object.entries(cpu.registers).map(([name, value]) =>
    h('span', {}, `${name} ${hex32(value)}`),
  );
  const selectors = Object.entries(cpu.selectors).map(([name, value]) =>
    h('span', {}, `${name} ${value.toString(16).padStart(4, '0')}`),
  );
  const instruction = cpu.instruction[0];
  return [
    h('h3', {}, 'CPU'),
    h(
      'p',
      { class: 'where' },
      'next: ',
      h('code', { 'data-testid': 'where' }, cpu.where),
      ` at ${hex32(cpu.linearEip)}, CPL ${cpu.cpl}`,
      instruction ? h('code', {}, `  ${instruction.text}`) : '',
    ),
    h('div', { class: 'registers' }, ...registers, ...selectors),
  ];
}
