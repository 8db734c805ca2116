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

/** True when `gcc -m32` can build and run a 32-bit program on this host. */
export function canRun32BitPrograms(): ExternalTool {
  const known = cache.get('gcc -m32');
  if (known) return known;
  let ok = false;
  try {
    execFileSync(
      'sh',
      [
        '-c',
        'echo "int main(void){return 0;}" | gcc -m32 -x c -o /tmp/vmi386-m32-probe - && /tmp/vmi386-m32-probe',
      ],
      {
        stdio: 'ignore',
      },
    );
    ok = true;
  } catch {
    ok = false;
  }
  const skipReason = ok ? '' : 'gcc -m32 cannot build 32-bit programs (apt-get install gcc-multilib)';
  if (!ok && process.env.CI) throw new Error(`CI must provide gcc -m32: ${skipReason}`);
  if (!ok) console.warn(`[skipped] ${skipReason}`);
  const tool = { path: ok ? 'gcc' : undefined, skipReason };
  cache.set('gcc -m32', tool);
  return tool;
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
