import { writeFileSync } from 'node:fs';
import { PcMachine } from '@vmi386/pc';
import type { CAC } from 'cac';
import { backendByName, backendNames } from '../backends.js';
import { buildGuestOrFail } from '../guest.js';
import { oneOf, parseNumber } from '../options.js';
import { type SyscallCost, SyscallProfiler } from '../syscall-profile.js';
import { vectorName } from '../vector-names.js';

// The guest's null system call (`bench`): its benchmark loops make it a thousand times each way.
const NR_BENCH = 203;

const platforms = ['bare'] as const;

interface RunOptions {
  backend?: string;
  platform?: string;
  maxInstructions?: string;
  json?: boolean;
}

export function registerRun(cli: CAC): void {
  cli
    .command('run', 'Boot the guest kernel and run it to its exit, streaming the console')
    .option('--backend <name>', `mach_asm backend: ${backendNames.join(' or ')}`, { default: 'native' })
    .option('--platform <name>', `where the kernel runs: ${platforms.join(', ')}`, { default: 'bare' })
    .option('--max-instructions <n>', 'Stop after this much virtual time (in instructions)', {
      default: '200000000',
    })
    .option('--json', 'Print one JSON object instead of the console and summary')
    .action((options: RunOptions) => runCommand(options));
}

interface RunReport {
  backend: string;
  platform: string;
  console: string;
  /** The value the guest wrote to the isa-debug-exit port (QEMU exits with (status << 1) | 1). */
  exitCode: number | null;
  stop: string;
  counters: {
    instructions: number;
    cycles: number;
    virtualTime: number;
    privilegeTransitions: Record<string, number>;
    vectors: Record<string, number>;
    halts: number;
  };
  /** Cost of one null system call per entry method (`int $0x80`, `sysenter`). */
  syscalls: (Omit<SyscallCost, 'via'> & { entry: string })[];
}

function runCommand(options: RunOptions): number {
  const backend = backendByName(options.backend);
  const platform = oneOf(options.platform ?? 'bare', platforms, '--platform');
  const maxInstructions = parseNumber(options.maxInstructions ?? '200000000', '--max-instructions');
  const build = buildGuestOrFail(backend);

  let transcript = '';
  const machine = new PcMachine({
    console: (text) => {
      transcript += text;
      if (!options.json) process.stdout.write(text);
    },
  });
  machine.loadMultiboot(build.image);
  const profiler = new SyscallProfiler(machine.cpu, NR_BENCH);
  const result = machine.run({ maxInstructions });

  const counters = machine.cpu.counters;
  const vectors: Record<string, number> = {};
  counters.vectors.forEach((count, vector) => {
    if (count > 0) vectors[String(vector)] = count;
  });
  const report: RunReport = {
    backend: backend.name,
    platform,
    console: transcript,
    exitCode: result.exitCode === undefined ? null : result.exitCode >>> 1,
    stop: result.reason === 'triple-fault' ? `triple fault: ${result.detail}` : result.reason,
    counters: {
      instructions: counters.instructions,
      cycles: counters.cycles,
      virtualTime: result.time,
      privilegeTransitions: Object.fromEntries(counters.cplTransitions),
      vectors,
      halts: counters.halts,
    },
    syscalls: profiler.summary().map(({ via, ...cost }) => ({ entry: entryName(via), ...cost })),
  };

  if (options.json) writeFileSync(1, `${JSON.stringify(report, null, 2)}\n`);
  else writeFileSync(1, formatSummary(report));
  // The command's status is the guest's; a run that never reached the exit port is a failure.
  return report.exitCode ?? 1;
}

function formatSummary(report: RunReport): string {
  const c = report.counters;
  const transitions = Object.entries(c.privilegeTransitions)
    .map(([edge, n]) => `${edge.replace('->', '→')} ${n}`)
    .join(', ');
  const vectors = Object.entries(c.vectors)
    .map(([v, n]) => `${v} (${vectorName(Number(v))}) ${n}`)
    .join(', ');
  const lines = [
    '',
    `── ${report.backend} image on ${report.platform}: ${report.stop}${report.exitCode === null ? '' : `, exit status ${report.exitCode}`}`,
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
  return `${lines.join('\n')}\n`;
}

function entryName(via: string): string {
  return via === 'software' ? 'int $0x80' : via;
}
