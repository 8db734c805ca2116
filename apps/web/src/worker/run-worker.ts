/**
 * The lab's machine worker: builds kernels, runs one guest session at a time in slices (so pause,
 * step and breakpoints answer at once), and runs the configuration benchmark.
 */
import { buildGuest, type GuestBuild, kernelSources, readElf32 } from '@vmi386/guest-entry';
import {
  backends,
  benchChart,
  describeHookPoints,
  disassemble,
  GuestSession,
  LabError,
  runBench,
  sourceLocation,
} from '@vmi386/lab';
import type {
  CpuView,
  FromRunWorker,
  KernelDescription,
  KernelSources,
  ListingLine,
  RunConfiguration,
  RunState,
  ToRunWorker,
} from '../protocol.js';

/** Virtual instructions per slice: about 50 ms of work, then the worker looks at its messages. */
const SLICE = 500_000;
/** A run this long without an end is stopped (the CLI's default limit). */
const MAX_VIRTUAL_TIME = 200_000_000;

const post = (message: FromRunWorker) => postMessage(message);

let session: GuestSession | undefined;
let state: RunState = 'paused';
let listing: GuestBuild['listing'] = [];
let consoleBuffer = '';

self.addEventListener('message', (event: MessageEvent<ToRunWorker>) => {
  try {
    handle(event.data);
  } catch (error) {
    reportError(error);
  }
});

function handle(message: ToRunWorker): void {
  switch (message.type) {
    case 'describe':
      post({ type: 'described', description: describe(message.sources) });
      return;
    case 'start':
      start(message.configuration, message.paused);
      return;
    case 'pause':
      if (state === 'running') state = 'paused';
      publish();
      return;
    case 'resume':
      if (session && state === 'paused') {
        state = 'running';
        setTimeout(runSlice, 0);
      }
      return;
    case 'step':
      if (session && state === 'paused') {
        session.advance(1);
        settle();
      }
      return;
    case 'run-to':
      if (session && state !== 'ended') {
        session.cpu.breakpoints.add(message.address >>> 0);
        session.cpu.updateAttention();
        state = 'running';
        setTimeout(runSlice, 0);
      }
      return;
    case 'bench': {
      const rows = runBench((row, index) => post({ type: 'bench-row', row, index }));
      post({ type: 'bench-done', rows, chart: benchChart(rows) });
      return;
    }
  }
}

function start(configuration: RunConfiguration, paused: boolean): void {
  consoleBuffer = '';
  session = new GuestSession({
    backend: backends[configuration.backend],
    platform: configuration.platform,
    sources: configuration.sources,
    profileSites: configuration.backend === 'vmi',
    console: (text) => {
      consoleBuffer += text;
    },
  });
  listing = session.build?.listing ?? [];
  state = paused ? 'paused' : 'running';
  publish();
  if (!paused) setTimeout(runSlice, 0);
}

function runSlice(): void {
  if (!session || state !== 'running') return;
  try {
    const step = session.advance(SLICE);
    if (step.result.reason === 'breakpoint') {
      session.cpu.breakpoints.clear();
      session.cpu.updateAttention();
      state = 'paused';
    }
    settle();
    if (state === 'running') setTimeout(runSlice, 0);
  } catch (error) {
    state = 'ended';
    reportError(error);
  }
}

/** After a slice or a step: has the run ended (or run out of time)? Then tell the page. */
function settle(): void {
  if (!session) return;
  if (session.ended || session.report().counters.virtualTime >= MAX_VIRTUAL_TIME) state = 'ended';
  publish();
}

function publish(): void {
  if (!session) return;
  if (consoleBuffer) {
    post({ type: 'console', text: consoleBuffer });
    consoleBuffer = '';
  }
  post({
    type: 'status',
    state,
    report: session.report(),
    cpu: cpuView(session),
    siteVisits: [...session.siteVisits()],
  });
}

const REGISTERS = ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp', 'eip', 'eflags'] as const;
const SEGMENTS = ['cs', 'ss', 'ds', 'es', 'fs', 'gs'] as const;

function cpuView(current: GuestSession): CpuView {
  const cpu = current.cpu;
  const registers: Record<string, number> = {};
  for (const name of REGISTERS) registers[name] = cpu[name] >>> 0;
  registers.cr0 = cpu.cr0 >>> 0;
  registers.cr3 = cpu.cr3 >>> 0;
  const selectors: Record<string, number> = {};
  for (const name of SEGMENTS) selectors[name] = cpu.getSegment(name).selector;
  const linearEip = (cpu.getSegment('cs').base + cpu.eip) >>> 0;
  const bytes = cpu.readLinear(linearEip, 15);
  return {
    registers,
    selectors,
    cpl: cpu.cpl,
    linearEip,
    where: sourceLocation(listing, linearEip),
    instruction: bytes instanceof Uint8Array ? disassemble(bytes, linearEip).slice(0, 1) : [],
  };
}

/** Builds both backends from `sources` and describes what the page shows of them. */
function describe(sources: KernelSources | undefined): KernelDescription {
  const text = sources ?? kernelSources;
  const vmi = buildGuest({ backend: backends.vmi, sources: text });
  const native = buildGuest({ backend: backends.native, sources: text });
  const diagnostics = [...vmi.diagnostics, ...native.diagnostics]
    .filter(
      (d, i, all) =>
        all.findIndex((e) => e.file === d.file && e.line === d.line && e.message === d.message) === i,
    )
    .map((d) => ({ file: d.file, line: d.line, severity: d.severity, message: d.message }));
  const ok = vmi.ok && native.ok;
  return {
    sources: text,
    shipped: sources === undefined,
    ok,
    diagnostics,
    listings: { vmi: listingLines(vmi), native: listingLines(native) },
    hookPoints: vmi.ok ? describeHookPoints(vmi) : [],
  };
}

/** One line per source statement that emitted bytes: its first address and up to 8 bytes in hex. */
function listingLines(build: GuestBuild): ListingLine[] {
  if (!build.ok) return [];
  const lines: ListingLine[] = [];
  const image = imageBytes(build);
  for (const entry of build.listing) {
    if (entry.size === 0) continue;
    const bytes = image(entry.address, Math.min(entry.size, 8));
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push({
      file: entry.file,
      line: entry.line,
      address: entry.address,
      bytes: entry.size > 8 ? `${hex} …` : hex,
    });
  }
  return lines;
}

/** Reads linked addresses of a build's image (the hook-point bytes before any patch). */
function imageBytes(build: GuestBuild): (address: number, length: number) => Uint8Array {
  const { sections } = readElf32(build.image);
  return (address, length) => {
    const section = sections.find((s) => address >= s.addr && address < s.addr + s.bytes.length);
    return section
      ? section.bytes.subarray(address - section.addr, address - section.addr + length)
      : new Uint8Array(0);
  };
}

function reportError(error: unknown): void {
  if (error instanceof LabError) post({ type: 'error', kind: error.kind, message: error.message });
  else
    post({
      type: 'error',
      kind: 'internal',
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
}
