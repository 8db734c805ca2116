import cac from 'cac';
import { registerAsm } from './commands/asm.js';
import { registerBench } from './commands/bench.js';
import { registerBoot } from './commands/boot.js';
import { registerDemo } from './commands/demo.js';
import { registerExec } from './commands/exec.js';
import { registerImage } from './commands/image.js';
import { registerRun } from './commands/run.js';
import { registerStorm } from './commands/storm.js';
import { registerSweep } from './commands/sweep.js';
import { asUsageError, UsageError } from './errors.js';
import { cliVersion } from './package-files.js';

// Run through `pnpm vmi386` the script starts at the repository root; paths the user typed are
// relative to where they typed them.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const cli = cac('vmi386');
registerAsm(cli);
registerExec(cli);
registerImage(cli);
registerRun(cli);
registerBoot(cli);
registerDemo(cli);
registerSweep(cli);
registerStorm(cli);
registerBench(cli);
cli.help();
cli.version(cliVersion);

async function main(): Promise<number> {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand) {
    if (cli.args.length > 0) throw new UsageError(`unknown command '${cli.args[0]}' (see vmi386 --help)`);
    if (!cli.options.help && !cli.options.version) cli.outputHelp();
    return 0;
  }
  const result = await cli.runMatchedCommand();
  return typeof result === 'number' ? result : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = asUsageError(error);
    if (usage) {
      console.error(`vmi386: ${usage.message}`);
      process.exitCode = usage.exitCode;
    } else if (error instanceof Error && error.name === 'CACError') {
      console.error(`vmi386: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error('vmi386: internal error:', error);
      process.exitCode = 70;
    }
  },
);
