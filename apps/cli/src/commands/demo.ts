import { formatListing } from '@vmi386/asm';
import { runFlat } from '@vmi386/cpu';
import { backends, buildGuestOrFail, type GuestRunReport, runGuest } from '@vmi386/lab';
import type { CAC } from 'cac';
import { assembleFlat } from '../assemble-file.js';
import { packageFile } from '../package-files.js';

const sample = packageFile('samples/fib.S');

export function registerDemo(cli: CAC): void {
  cli
    .command('demo', 'A tour: assemble and run a sample, then boot the guest kernel built with each backend')
    .action(() => demo());
}

function demo(): number {
  let ok = sampleProgram();
  ok = guestImages() && ok;
  ok = underHypervisor() && ok;
  return ok ? 0 : 1;
}

/** Part 4: the same two images deprivileged to ring 1 under the monitor. */
function underHypervisor(): boolean {
  console.log('\n4. The same images under @vmi386/hypervisor (kernel in ring 1, monitor in ring 0):\n');
  const reports = Object.values(backends).map((backend) =>
    runGuest(backend, 'hypervisor', { maxInstructions: 200_000_000 }),
  );
  const [native, vmi] = reports as [GuestRunReport, GuestRunReport];
  const h = (r: GuestRunReport) => r.hypervisor!;
  const cost = (r: GuestRunReport, entry: string) => {
    const s = r.syscalls.find((c) => c.entry === entry);
    return s ? `${s.path}, ${s.cycles} cycles` : 'not seen';
  };
  const rows: [string, string, string][] = [
    ['', 'native: trap-and-emulate', 'vmi: hook points patched'],
    ['hook points patched', String(h(native).sitesPatched), String(h(vmi).sitesPatched)],
    ['console', `${countPasses(native)} PASS`, `${countPasses(vmi)} PASS`],
    ['end', native.stop.slice(0, 32), vmi.stop],
    ['monitor exits', String(h(native).totalExits), String(h(vmi).totalExits)],
    ['null call, int $0x80', cost(native, 'int $0x80'), cost(vmi, 'int $0x80')],
    [
      'null call, sysenter',
      cost(native, 'sysenter').replace(/^([^,]{12})[^,]*/, '$1…'),
      cost(vmi, 'sysenter'),
    ],
    ['events lost', String(h(native).events.lost), String(h(vmi).events.lost)],
  ];
  for (const [label, a, b] of rows) console.log(`   ${label.padEnd(22)} ${a.padEnd(34)} ${b}`);
  const wrong = Object.entries(h(native).failures)
    .map(([what, n]) => `${what} ${n}`)
    .join(', ');
  console.log(`\n   What ring 1 got wrong for the native kernel: ${wrong}.`);
  console.log('   `vmi386 run --platform hypervisor --help` and docs/running.md explain every counter.');
  return vmi.exitCode === 0 && h(vmi).events.lost === 0 && h(native).events.lost === 0;
}

/** Part 1: the assembler and the CPU on their own. */
function sampleProgram(): boolean {
  const origin = 0x1000;
  const linked = assembleFlat(sample, { includePaths: [], defines: [], origin }, 1);
  console.log('1. @vmi386/asm assembles apps/cli/samples/fib.S (preprocessed, as gcc would):\n');
  process.stdout.write(formatListing(linked.result));
  const run = runFlat({ code: linked.bytes, origin, entry: origin, maxInstructions: 10_000 });
  const fib23 = run.regs.ebx === 28657;
  console.log(
    `\n   @vmi386/cpu runs it in flat protected mode: stopped by ${run.stop.reason} ${run.stop.reason === 'exception' ? run.stop.vector : ''} after ` +
      `${run.instructions} instructions, ${run.cycles} modelled cycles; ebx = ${run.regs.ebx} ` +
      `(${fib23 ? 'fib(23), right' : 'expected fib(23) = 28657'})\n`,
  );
  return fib23;
}

/** Part 2: one kernel source, two backends, both images on bare hardware. */
function guestImages(): boolean {
  console.log('2. One guest kernel source, two <mach_asm.h> backends (@vmi386/guest-entry):\n');
  for (const backend of Object.values(backends)) {
    const build = buildGuestOrFail(backend);
    const sites = build.sites.length ? `, ${build.sites.length} hook points for a hypervisor to patch` : '';
    console.log(`   ${backend.name.padEnd(7)} ${build.image.length}-byte Multiboot ELF${sites}`);
  }
  console.log('\n3. Both images boot on @vmi386/pc (kernel in ring 0). The native console:\n');
  const reports: GuestRunReport[] = [];
  const console3 = indented(process.stdout);
  for (const backend of Object.values(backends)) {
    reports.push(
      runGuest(backend, 'bare', {
        maxInstructions: 200_000_000,
        console: reports.length === 0 ? console3 : undefined,
      }),
    );
  }
  const [native, vmi] = reports as [GuestRunReport, GuestRunReport];
  const same = vmi.console === native.console;
  const rows: [string, string, string][] = [
    ['', 'native', 'vmi, unpatched'],
    ['console', `${countPasses(native)} PASS`, same ? 'identical' : 'DIFFERENT'],
    ['exit status', String(native.exitCode), String(vmi.exitCode)],
    ['instructions', String(native.counters.instructions), String(vmi.counters.instructions)],
    ['modelled cycles', String(native.counters.cycles), String(vmi.counters.cycles)],
  ];
  for (const entry of ['int $0x80', 'sysenter']) {
    const cost = (r: GuestRunReport) => {
      const s = r.syscalls.find((c) => c.entry === entry);
      return s ? `${s.path}, ${s.instructions} insns, ${s.cycles} cycles` : 'not seen';
    };
    rows.push([`null call, ${entry}`, cost(native), cost(vmi)]);
  }
  console.log('');
  for (const [label, a, b] of rows) console.log(`   ${label.padEnd(20)} ${a.padEnd(34)} ${b}`);
  console.log(
    '\n   Unpatched, each VMI hook point is the native instruction plus one NOP; `vmi386 run --help` for more.',
  );
  return same && native.exitCode === 0 && vmi.exitCode === 0;
}

function countPasses(report: GuestRunReport): number {
  return report.console.split('\n').filter((line) => line.startsWith('PASS ')).length;
}

/** A console sink that indents every line; the guest's output arrives a few bytes at a time. */
function indented(out: NodeJS.WritableStream): (text: string) => void {
  let atLineStart = true;
  return (text) => {
    let result = '';
    for (const ch of text) {
      if (atLineStart && ch !== '\n') result += '   ';
      result += ch;
      atLineStart = ch === '\n';
    }
    out.write(result);
  };
}
