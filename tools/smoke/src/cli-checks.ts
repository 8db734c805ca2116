import { spawnSync } from 'node:child_process';
import { withoutWorkspaceEnvironment } from './consumer-project.js';

export interface CliCheck {
  title: string;
  args: string[];
  /** Returns what is wrong with a run that exited 0, or undefined. */
  verify: (stdout: string) => string | undefined;
}

/** What a consumer does first with the CLI: `--help`, `--version`, a run on each platform, a sweep. */
export function cliChecks(command: string, version: string): CliCheck[] {
  return [
    {
      title: `npx ${command} --help`,
      args: ['--help'],
      verify: (out) =>
        /Usage:/.test(out) && /\brun\b/.test(out) ? undefined : 'no usage with the run command',
    },
    {
      title: `npx ${command} --version`,
      args: ['--version'],
      verify: (out) => (out.includes(version) ? undefined : `expected version ${version}, got ${out.trim()}`),
    },
    {
      title: `npx ${command} run --backend vmi --json`,
      args: ['run', '--backend', 'vmi', '--json'],
      verify: (out) => {
        const report = JSON.parse(out) as { exitCode?: number; console?: string };
        if (report.exitCode !== 0) return `guest exit code ${report.exitCode}`;
        if (!report.console?.includes('PASS')) return 'no PASS line on the guest console';
        return undefined;
      },
    },
    {
      title: `npx ${command} run --backend vmi --platform hypervisor --json`,
      args: ['run', '--backend', 'vmi', '--platform', 'hypervisor', '--json'],
      verify: (out) => {
        const report = JSON.parse(out) as { exitCode?: number; hypervisor?: { sitesPatched?: number } };
        if (report.exitCode !== 0) return `guest exit code ${report.exitCode}`;
        if (report.hypervisor?.sitesPatched !== 50)
          return `hook points patched: ${report.hypervisor?.sitesPatched}`;
        return undefined;
      },
    },
    {
      // The sweep's worker threads load dist/worker.js: only the packed CLI shows that it is there.
      title: `npx ${command} sweep --path int80 --config 4 --jobs 2 --json`,
      args: ['sweep', '--path', 'int80', '--config', '4', '--jobs', '2', '--json'],
      verify: (out) => {
        const { results } = JSON.parse(out) as { results: { tried: number; passed: number }[] };
        const [result] = results;
        return result && result.tried > 0 && result.passed === result.tried
          ? undefined
          : `sweep: ${out.slice(0, 200)}`;
      },
    },
  ];
}

export function runCliCheck(check: CliCheck, command: string, projectDir: string): string | undefined {
  // --no-install: the command must come from the installed tarball, never from the registry.
  const run = spawnSync('npx', ['--no-install', command, ...check.args], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 180_000,
    env: withoutWorkspaceEnvironment(),
  });
  if (run.status !== 0) return `exit status ${run.status ?? run.signal}\n${run.stderr.trim()}`;
  try {
    return check.verify(run.stdout);
  } catch (error) {
    return `${error}\n${run.stdout.slice(0, 400)}`;
  }
}
