import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { runFlat } from '@vmi386/cpu';
import type { CAC } from 'cac';
import { assembleFlat } from '../assemble-file.js';
import { UsageError } from '../errors.js';
import { hex32, listOption, oneOf, parseAssignments, parseNumber } from '../options.js';
import { readUserFile } from '../source-files.js';

const registerNames = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eflags'] as const;
type RegisterName = (typeof registerNames)[number];

interface ExecOptions {
  entry?: string;
  origin?: string;
  ring?: string;
  reg?: string | string[];
  maxInstructions?: string;
  dump?: string | string[];
  json?: boolean;
  I?: string | string[];
  D?: string | string[];
}

export function registerExec(cli: CAC): void {
  cli
    .command('exec <file>', 'Assemble (if needed) and run a flat program in protected mode')
    .option('--entry <symbol|addr>', 'Where execution starts (default: the origin)')
    .option('--origin <addr>', 'Load address of the program', { default: '0x1000' })
    .option('--ring <0|3>', 'Privilege level to run at', { default: '0' })
    .option('--reg <name=value>', 'Initial register value (repeatable)')
    .option('--max-instructions <n>', 'Stop after this many instructions', { default: '1000000' })
    .option('--dump <symbol|addr:bytes>', 'Print memory after the run (repeatable)')
    .option('--json', 'Print the result as JSON')
    .option('-I <dir>', 'Include directory for .S files (repeatable)')
    .option('-D <name[=value]>', 'Preprocessor definition (repeatable)')
    .action((file: string, options: ExecOptions) => execCommand(file, options));
}

function execCommand(file: string, options: ExecOptions): number {
  const origin = parseNumber(options.origin ?? '0x1000', '--origin');
  const ring = Number(oneOf(options.ring ?? '0', ['0', '3'] as const, '--ring')) as 0 | 3;
  const maxInstructions = parseNumber(options.maxInstructions ?? '1000000', '--max-instructions');
  const program = loadProgram(file, origin, options);

  const regs: Partial<Record<RegisterName, number>> = {};
  for (const [name, value] of parseAssignments(listOption(options.reg), '--reg')) {
    const reg = oneOf(name.toLowerCase(), registerNames, '--reg');
    regs[reg] = parseNumber(value, `--reg ${name}`) >>> 0;
  }
  const entry =
    options.entry === undefined ? origin : resolveAddress(options.entry, program.symbols, '--entry');

  const result = runFlat({ code: program.bytes, origin, entry, ring, regs, maxInstructions });

  const dump: Record<string, string> = {};
  for (const spec of listOption(options.dump)) {
    const colon = spec.lastIndexOf(':');
    const where = colon < 0 ? spec : spec.slice(0, colon);
    const length = colon < 0 ? 16 : parseNumber(spec.slice(colon + 1), `--dump ${spec}`);
    const address = resolveAddress(where, program.symbols, '--dump');
    dump[where] = Buffer.from(result.memory.read(address, length)).toString('hex');
  }

  const stop = result.stop;
  if (options.json) {
    const json = {
      stop: {
        reason: stop.reason,
        vector: stop.reason === 'exception' ? stop.vector : null,
        errorCode: stop.reason === 'exception' ? (stop.errorCode ?? null) : null,
        eip: stop.eip >>> 0,
      },
      regs: Object.fromEntries(Object.entries(result.regs).map(([k, v]) => [k, v >>> 0])),
      instructions: result.instructions,
      cycles: result.cycles,
      dump,
    };
    writeFileSync(1, `${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const why =
    stop.reason === 'exception'
      ? `exception ${stop.vector}${stop.errorCode === undefined ? '' : ` (error code ${hex32(stop.errorCode)})`}`
      : stop.reason;
  const lines = [`stopped: ${why} at eip=${hex32(stop.eip)} after ${result.instructions} instructions`];
  const r = result.regs;
  lines.push(`eax=${hex32(r.eax)} ebx=${hex32(r.ebx)} ecx=${hex32(r.ecx)} edx=${hex32(r.edx)}`);
  lines.push(`esi=${hex32(r.esi)} edi=${hex32(r.edi)} ebp=${hex32(r.ebp)} esp=${hex32(r.esp)}`);
  lines.push(`eip=${hex32(r.eip)} eflags=${hex32(r.eflags)} cycles=${result.cycles}`);
  for (const [name, bytes] of Object.entries(dump)) lines.push(`${name}: ${bytes}`);
  writeFileSync(1, `${lines.join('\n')}\n`);
  return 0;
}

interface LoadedProgram {
  bytes: Uint8Array;
  symbols: Map<string, number>;
}

function loadProgram(file: string, origin: number, options: ExecOptions): LoadedProgram {
  const ext = extname(file).toLowerCase();
  if (ext === '.s') {
    const linked = assembleFlat(
      file,
      {
        includePaths: listOption(options.I),
        defines: listOption(options.D),
        origin,
      },
      2,
    );
    return { bytes: linked.bytes, symbols: linked.symbols };
  }
  if (ext === '.bin') return { bytes: new Uint8Array(readUserFile(file)), symbols: new Map() };
  throw new UsageError(`${file}: expected a .S, .s or .bin file`);
}

function resolveAddress(text: string, symbols: Map<string, number>, what: string): number {
  const value = symbols.get(text);
  if (value !== undefined) return value;
  if (/^[-0-9]/.test(text)) return parseNumber(text, what);
  throw new UsageError(`${what}: unknown symbol '${text}'`);
}
