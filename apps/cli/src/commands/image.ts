import { writeFileSync } from 'node:fs';
import { backendNames, buildGuestOrFail } from '@vmi386/lab';
import type { CAC } from 'cac';
import { backendByName } from '../backends.js';
import { hex32 } from '../options.js';

interface ImageOptions {
  backend?: string;
  o?: string;
}

export function registerImage(cli: CAC): void {
  cli
    .command('image', 'Write the guest kernel as a Multiboot ELF (runs under qemu-system-i386 -kernel)')
    .option('--backend <name>', `mach_asm backend: ${backendNames.join(' or ')}`, { default: 'native' })
    .option('-o <file>', 'Output file (default: guest-<backend>.elf)')
    .action((options: ImageOptions) => imageCommand(options));
}

function imageCommand(options: ImageOptions): number {
  const backend = backendByName(options.backend);
  const build = buildGuestOrFail(backend);
  const out = options.o ?? `guest-${backend.name}.elf`;
  writeFileSync(out, build.image);
  const sites = build.sites.length ? `, ${build.sites.length} hook points` : '';
  console.error(`${out}: ${build.image.length} bytes, entry ${hex32(build.entry)}${sites}`);
  return 0;
}
