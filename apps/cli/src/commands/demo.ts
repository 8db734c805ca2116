import { fileURLToPath } from 'node:url';
import { formatListing } from '@vmi386/asm';
import { runFlat } from '@vmi386/cpu';
import type { CAC } from 'cac';
import { assembleFlat } from '../assemble-file.js';
import { hex32 } from '../options.js';

const sample = fileURLToPath(new URL('../../samples/fib.S', import.meta.url));

export function registerDemo(cli: CAC): void {
  cli.command('demo', 'Assemble a sample, list it and run it on the emulated i386').action(() => demo());
}

function demo(): number {
  const origin = 0x1000;
  const linked = assembleFlat(sample, { includePaths: [], defines: [], origin }, 1);
  console.log(`== ${sample.split('/').slice(-2).join('/')} assembled by @vmi386/asm`);
  process.stdout.write(formatListing(linked.result));
  const run = runFlat({ code: linked.bytes, origin, entry: origin, maxInstructions: 10_000 });
  console.log(`\n== run on @vmi386/cpu (ring 0, flat protected mode)`);
  console.log(
    `stopped by ${run.stop.reason}${run.stop.vector === undefined ? '' : ` ${run.stop.vector}`} at ${hex32(run.stop.eip)} after ${run.instructions} instructions, ${run.cycles} modelled cycles`,
  );
  console.log(`ebx = ${run.regs.ebx} (fib(23) = 28657)`);
  return run.regs.ebx === 28657 ? 0 : 1;
}
