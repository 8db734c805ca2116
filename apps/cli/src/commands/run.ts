import { readFileSync, writeFileSync } from 'node:fs';
import {
  backendNames,
  type GuestRunReport,
  type HypervisorReport,
  platforms,
  runGuest,
  vectorName,
} from '@vmi386/lab';
import type { CAC } from 'cac';
import { backendByName } from '../backends.js';
import { UsageError } from '../errors.js';
import { oneOf, parseNumber } from '../options.js';

interface RunOptions {
  image?: string;
  backend?: string;
  platform?: string;
  maxInstructions?: string;
  json?: boolean;
  compile?: boolean;
}

export function registerRun(cli: CAC): void {
  cli
    .command('run', 'Boot the guest kernel and run it to its exit, streaming the console')
    .option('--backend <name>', `mach_asm backend: ${backendNames.join(' or ')}`, { default: 'native' })
    .option(
      '--platform <name>',
      'where the kernel runs: bare (ring 0 on the PC) or hypervisor (ring 1 under the monitor, hook points patched into the VMI ROM)',
      { default: 'bare' },
    )
    .option(
      '--image <file>',
      'Run this Multiboot ELF instead of building the guest (e.g. one from vmi386 image)',
    )
    .option('--max-instructions <n>', 'Stop after this much virtual time (in instructions)', {
      default: '200000000',
    })
    .option('--json', 'Print one JSON object instead of the console and summary')
    .option('--no-compile', 'Interpret every instruction (no block compiler): same counts, slower')
    .example('vmi386 run --backend vmi --platform hypervisor')
    .example('vmi386 run --backend native --platform hypervisor --json')
    .action((options: RunOptions) => runCommand(options));
}

function runCommand(options: RunOptions): number {
  const backend = backendByName(options.backend);
  const platform = oneOf(options.platform ?? 'bare', platforms, '--platform');
  const maxInstructions = parseNumber(options.maxInstructions ?? '200000000', '--max-instructions');
  const image = options.image === undefined ? undefined : readImage(String(options.image));
  const report = runGuest(backend, platform, {
    maxInstructions,
    image,
    compile: options.compile !== false,
    console: options.json ? undefined : (text) => process.stdout.write(text),
  });
  if (options.json) writeFileSync(1, `${JSON.stringify(report, null, 2)}\n`);
  else writeFileSync(1, `\n${formatRunSummary(report)}`);
  // The command's status is the guest's; a run that never reached the exit port is a failure.
  return report.exitCode ?? 1;
}

function readImage(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function formatRunSummary(report: GuestRunReport): string {
  const c = report.counters;
  const transitions = Object.entries(c.privilegeTransitions)
    .map(([edge, n]) => `${edge.replace('->', '→')} ${n}`)
    .join(', ');
  const vectors = Object.entries(c.vectors)
    .map(([v, n]) => `${v} (${vectorName(Number(v))}) ${n}`)
    .join(', ');
  const exit = report.exitCode === null ? '' : `, exit status ${report.exitCode}`;
  const lines = [
    `── ${report.backend} image on ${report.platform}: ${report.stop}${exit}`,
    `instructions       ${c.instructions}`,
    `modelled cycles    ${c.cycles}`,
    `virtual time       ${c.virtualTime} (instructions, halted time included)`,
    `transitions        ${transitions || 'none'}`,
    `vectors delivered  ${vectors || 'none'}`,
    `halts              ${c.halts}`,
    ...report.syscalls.map(
      (s, i) =>
        `${i === 0 ? 'null system call' : ''.padEnd(16)}   ${s.entry.padEnd(10)} ${s.path}, ${s.instructions} instructions, ${s.cycles} cycles (${s.calls} calls alike)`,
    ),
  ];
  if (report.hypervisor) lines.push(...formatHypervisor(report.hypervisor));
  return `${lines.join('\n')}\n`;
}

function formatHypervisor(h: HypervisorReport): string[] {
  const list = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`)
      .join(', ') || 'none';
  return [
    `hook points        ${h.sitesPatched} patched into VMI ROM calls${h.sitesPatched === 0 ? ' (a native image: trap-and-emulate only)' : ''}`,
    `monitor exits      ${h.totalExits.toLocaleString('en-US')}: ${list(h.exits)}`,
    `ROM calls          ${list(h.romCalls)}`,
    `instructions       guest ${h.instructions.guest}, ROM ${h.instructions.rom}`,
    `events             injected ${h.events.injected}, delayed ${h.events.delayed}, lost ${h.events.lost}`,
    `ring-1 effects     ${list(h.failures)}`,
    ...(h.monitorStop ? [`monitor stop       ${h.monitorStop}`] : []),
  ];
}
