import { execFileSync } from 'node:child_process';

export interface ExternalTool {
  /** Absolute path of the tool, or undefined when it is not installed. */
  path: string | undefined;
  /** Why tests that need the tool are skipped (empty when it is available). */
  skipReason: string;
}

const cache = new Map<string, ExternalTool>();

/**
 * Looks up a host tool (GNU as, gcc -m32, qemu-system-i386, …) that a differential test needs.
 * On a user's machine without it the test is skipped and the reason printed; in CI (CI=true) a
 * missing tool is an error, because .ci/run installs every tool the tests need.
 */
export function externalTool(command: string, debianPackage: string): ExternalTool {
  const known = cache.get(command);
  if (known) return known;
  let path: string | undefined;
  try {
    path = execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    path = undefined;
  }
  const skipReason = path ? '' : `${command} not found (apt-get install ${debianPackage})`;
  if (!path && process.env.CI) {
    throw new Error(`CI must provide ${command}: ${skipReason}`);
  }
  if (!path) console.warn(`[skipped] ${skipReason}`);
  const tool = { path, skipReason };
  cache.set(command, tool);
  return tool;
}

/**
 * What executes the 32-bit programs a differential test builds with `gcc -m32`: the host CPU itself,
 * or, on a 64-bit kernel that cannot execute i386 programs ("Exec format error": no IA-32
 * emulation, as on some microVMs), QEMU's user-mode i386 emulator.
 */
export interface ThirtyTwoBitRunner {
  /** 'build-only': gcc -m32 builds the programs but nothing here runs them; 'none': it cannot build them. */
  kind: 'host-cpu' | 'qemu-user' | 'build-only' | 'none';
  /** Why some tests are skipped (empty when 32-bit programs run here). */
  skipReason: string;
  /** Runs a built program with its arguments (synchronously, as execFileSync does). */
  run(program: string, args: string[], options?: Parameters<typeof execFileSync>[2]): Buffer;
}

const QEMU_USER = ['qemu-i386-static', 'qemu-i386'];
let runner: ThirtyTwoBitRunner | undefined;

function probe(command: string): boolean {
  try {
    execFileSync('sh', ['-c', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A runner that starts programs directly, or through `emulator` (a qemu-i386 command). */
function runnerOf(kind: ThirtyTwoBitRunner['kind'], emulator?: string, skipReason = ''): ThirtyTwoBitRunner {
  return {
    kind,
    skipReason,
    run: (program, args, options) =>
      (emulator === undefined
        ? execFileSync(program, args, options)
        : execFileSync(emulator, [program, ...args], options)) as Buffer,
  };
}

/**
 * Finds how to run 32-bit programs here: gcc -m32 must build them; the host runs them if it can, else
 * qemu-i386 (Debian's qemu-user-static) does. Without either the tests are skipped with the reason
 * printed; in CI (CI=true) that is an error, because .ci/run installs what is missing.
 */
export function thirtyTwoBitRunner(): ThirtyTwoBitRunner {
  if (runner) return runner;
  const program = '/tmp/vmi386-m32-probe';
  const built = probe(`echo "int main(void){return 0;}" | gcc -m32 -static -x c -o ${program} -`);
  if (!built) {
    runner = runnerOf(
      'none',
      undefined,
      'gcc -m32 cannot build 32-bit programs (apt-get install gcc-multilib)',
    );
  } else if (probe(program)) {
    runner = runnerOf('host-cpu');
  } else {
    const emulator = QEMU_USER.find(
      (command) => probe(`command -v ${command}`) && probe(`${command} ${program}`),
    );
    if (emulator)
      console.warn(`[reference] 32-bit programs run on ${emulator}: this kernel cannot execute them`);
    runner = emulator
      ? runnerOf('qemu-user', emulator)
      : runnerOf(
          'build-only',
          undefined,
          'this kernel cannot execute 32-bit programs and qemu-i386 is missing (apt-get install qemu-user-static)',
        );
  }
  if (runner.skipReason && process.env.CI)
    throw new Error(`CI must run 32-bit programs: ${runner.skipReason}`);
  if (runner.skipReason) console.warn(`[skipped] ${runner.skipReason}`);
  return runner;
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence on every host, so a
 * generated test case can be replayed from the seed printed in the log. Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
