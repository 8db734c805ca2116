/**
 * v86 (npm `v86`), in-process, with its JIT and with `disable_jit`. It boots SeaBIOS (Debian's
 * `seabios` package) and then the Multiboot image; it has no isa-debug-exit, so a run ends when the
 * workload's end marker arrives on COM1 and the emulator is destroyed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { V86 } from 'v86';
import type { Workload } from '../workloads.js';
import type { Engine, EngineRun } from './engine.js';

const SEABIOS = '/usr/share/seabios/bios.bin';
const VGA_BIOS = '/usr/share/seabios/vgabios-stdvga.bin';
/** A run that takes longer is reported as a failure instead of hanging the bench. */
const TIMEOUT_MS = 300_000;

const wasmPath = join(dirname(createRequire(import.meta.url).resolve('v86')), 'v86.wasm');

function missingFiles(): string | undefined {
  const missing = [SEABIOS, VGA_BIOS, wasmPath].filter((path) => !existsSync(path));
  return missing.length > 0
    ? `missing ${missing.join(', ')} (apt-get install seabios; pnpm install)`
    : undefined;
}

/** Watches COM1: returns undefined until the end marker, then '' (as expected) or what went wrong. */
function endDetector(workload: Workload): (byte: number) => string | undefined {
  const end = workload.end;
  if (end.kind === 'byte') return (byte) => (byte === end.byte ? '' : undefined);
  let line = '';
  return (byte) => {
    if (byte !== 0x0a) {
      line += String.fromCharCode(byte);
      return undefined;
    }
    const complete = line;
    line = '';
    if (!complete.startsWith(end.prefix)) return undefined;
    return complete === end.expected ? '' : `printed "${complete}" instead of "${end.expected}"`;
  };
}

/**
 * v86's Multiboot loader claims port 0xF4 itself: a write prints "Test exited with code" and throws
 * the string "HALT" out of its CPU loop (its own isa-debug-exit). That ends the run; the throw
 * reaches Node as an uncaught exception, which is swallowed here while a v86 run is active.
 */
let activeRuns = 0;
const swallowHalt = (error: unknown) => {
  if (error === 'HALT' && activeRuns > 0) return;
  throw error;
};
/** v86 logs that line on every exit; the bench's table is the output, so it is dropped. */
const consoleLog = console.log;
const quietLog = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('Test exited with code')) return;
  consoleLog(...args);
};

function runOnce(workload: Workload, jit: boolean): Promise<EngineRun> {
  activeRuns++;
  if (activeRuns === 1) {
    process.on('uncaughtException', swallowHalt);
    console.log = quietLog;
  }
  const release = () => {
    activeRuns--;
    if (activeRuns === 0) {
      process.off('uncaughtException', swallowHalt);
      console.log = consoleLog;
    }
  };
  return runUntilEnd(workload, jit).finally(release);
}

function runUntilEnd(workload: Workload, jit: boolean): Promise<EngineRun> {
  const toBuffer = (bytes: Uint8Array) => bytes.slice().buffer;
  const bios = toBuffer(readFileSync(SEABIOS));
  const vgaBios = toBuffer(readFileSync(VGA_BIOS));
  const multiboot = toBuffer(workload.image);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const emulator = new V86({
      wasm_path: wasmPath,
      bios: { buffer: bios },
      vga_bios: { buffer: vgaBios },
      multiboot: { buffer: multiboot },
      memory_size: 64 * 1024 * 1024,
      vga_memory_size: 2 * 1024 * 1024,
      autostart: true,
      disable_jit: !jit,
      disable_speaker: true,
      disable_keyboard: true,
      disable_mouse: true,
    });
    const isEnd = endDetector(workload);
    let printed = '';
    let loopStart: number | undefined;
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // After v86's "HALT" its main loop is gone and destroy() never settles: do not wait for it.
      emulator.destroy().catch(() => {});
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new Error(
              `v86: ${workload.name} did not finish in ${TIMEOUT_MS / 1000} s; COM1 ended with ${JSON.stringify(printed)}`,
            ),
          ),
        ),
      TIMEOUT_MS,
    );
    emulator.add_listener('serial0-output-byte', (byte: number) => {
      printed = (printed + String.fromCharCode(byte)).slice(-160);
      if (workload.startText !== undefined && loopStart === undefined && printed.endsWith(workload.startText))
        loopStart = performance.now();
      const problem = isEnd(byte);
      if (problem === undefined) return;
      const now = performance.now();
      const seconds = (now - start) / 1000;
      const loopSeconds = loopStart === undefined ? undefined : (now - loopStart) / 1000;
      if (problem === '') finish(() => resolve({ seconds, loopSeconds }));
      else finish(() => reject(new Error(`v86: ${workload.name} ${problem}`)));
    });
  });
}

function v86Engine(jit: boolean): Engine {
  return {
    name: jit ? 'v86 JIT' : 'v86 interp',
    unavailable: missingFiles(),
    run: (workload) => runOnce(workload, jit),
  };
}

export const v86Jit = v86Engine(true);
export const v86Interpreter = v86Engine(false);
