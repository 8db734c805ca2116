import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { formatListing, linkElfExecutable, linkFlat, writeElfRelocatable } from '@vmi386/asm';
import type { CAC } from 'cac';
import { assembleFile, reportDiagnostics } from '../assemble-file.js';
import { listOption, oneOf, parseNumber } from '../options.js';

const formats = ['flat', 'elf', 'exec'] as const;
type OutputFormat = (typeof formats)[number];
const defaultExtension: Record<OutputFormat, string> = { flat: '.bin', elf: '.o', exec: '.elf' };

interface AsmOptions {
  o?: string;
  format?: string;
  origin?: string;
  entry?: string;
  I?: string | string[];
  D?: string | string[];
  listing?: boolean;
}

export function registerAsm(cli: CAC): void {
  cli
    .command('asm <file>', 'Assemble AT&T i386 source (.S is preprocessed, .s is not)')
    .option('-o <out>', 'Output file (default: the source name with .bin, .o or .elf)')
    .option('--format <flat|elf|exec>', 'flat binary, ELF32 relocatable object, or ELF32 executable', {
      default: 'elf',
    })
    .option('--origin <addr>', 'Address of the first byte (flat and exec)', { default: '0' })
    .option('--entry <symbol|addr>', 'Entry point of an exec image (default: _start, else the origin)')
    .option('-I <dir>', 'Include directory (repeatable)')
    .option('-D <name[=value]>', 'Preprocessor definition (repeatable)')
    .option('--listing', 'Print the listing (address, bytes, file:line, source) to stdout')
    .action((file: string, options: AsmOptions) => asmCommand(file, options));
}

function asmCommand(file: string, options: AsmOptions): number {
  const format = oneOf(options.format ?? 'elf', formats, '--format');
  const origin = parseNumber(options.origin ?? '0', '--origin');
  const result = assembleFile(
    file,
    { includePaths: listOption(options.I), defines: listOption(options.D) },
    1,
  );
  const out = options.o ?? `${basename(file, extname(file))}${defaultExtension[format]}`;

  let bytes: Uint8Array;
  if (format === 'flat') {
    const linked = linkFlat(result, { origin });
    reportDiagnostics(linked.diagnostics, 1);
    bytes = linked.bytes;
  } else if (format === 'elf') {
    bytes = writeElfRelocatable(result);
  } else {
    const entry = options.entry ?? (result.symbols.some((s) => s.name === '_start') ? '_start' : origin);
    const linked = linkElfExecutable(result, {
      base: origin,
      entryAddress: 'virtual',
      entry: typeof entry === 'string' && /^[-0-9]/.test(entry) ? parseNumber(entry, '--entry') : entry,
    });
    reportDiagnostics(linked.diagnostics, 1);
    bytes = linked.image;
  }
  writeFileSync(out, bytes);
  if (options.listing) writeFileSync(1, formatListing(result));
  return 0;
}
