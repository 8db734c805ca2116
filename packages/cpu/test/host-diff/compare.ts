// Compares a native result with the core's, masking what the SDM leaves undefined.

import type { CoreResult } from './core.js';
import { COMPARED_FLAGS, type Undefined } from './flags.js';
import { REGISTER_NAMES, WINDOW_ADDRESS } from './forms.js';
import type { NativeResult } from './native.js';

const VECTORS_WITH_ERROR_CODE = new Set([8, 10, 11, 12, 13, 14, 17]);
const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

/** The signal Linux delivers for each vector a case can stop with (arch/x86/kernel/traps.c). */
const SIGNAL_OF_VECTOR: Record<number, number> = {
  0: 8,
  1: 5,
  3: 5,
  4: 11,
  5: 11,
  6: 4,
  13: 11,
  14: 11,
  17: 7,
};
/** qemu-i386 leaves the signal context's trap number at -1: only the signal tells the stop there. */
const VECTOR_NOT_REPORTED = 0xffffffff;

/** The differences between native and core, as readable lines (empty when they agree). */
export function compareResults(native: NativeResult, core: CoreResult, undefinedParts: Undefined): string[] {
  const problems: string[] = [];
  const nativeVector = native.vector;
  const sameStop =
    nativeVector === VECTOR_NOT_REPORTED
      ? core.vector !== undefined && SIGNAL_OF_VECTOR[core.vector] === native.signal
      : core.vector === nativeVector;
  if (core.reason !== 'exception' || !sameStop) {
    problems.push(
      `stop: native ${nativeVector === VECTOR_NOT_REPORTED ? `signal ${native.signal}` : `vector ${nativeVector}`} at ${hex(native.eip)}, core ${core.reason}${core.vector !== undefined ? ` vector ${core.vector}` : ''} at ${hex(core.eip)}`,
    );
    return problems; // the rest would only repeat the divergence
  }
  if (core.eip !== native.eip) problems.push(`eip: native ${hex(native.eip)}, core ${hex(core.eip)}`);
  if (VECTORS_WITH_ERROR_CODE.has(nativeVector) && (core.errorCode ?? -1) !== native.errorCode) {
    problems.push(`error code: native ${hex(native.errorCode)}, core ${core.errorCode}`);
  }
  for (let r = 0; r < 8; r++) {
    const mask = ~(undefinedParts.registers?.[r] ?? 0) >>> 0;
    if (((native.regs[r] ^ core.regs[r]) & mask) >>> 0 !== 0) {
      problems.push(`${REGISTER_NAMES[r]}: native ${hex(native.regs[r])}, core ${hex(core.regs[r])}`);
    }
  }
  const flagMask = COMPARED_FLAGS & ~undefinedParts.flags;
  if (((native.eflags ^ core.eflags) & flagMask) !== 0) {
    problems.push(
      `eflags (compared ${hex(flagMask)}): native ${hex(native.eflags & flagMask)}, core ${hex(core.eflags & flagMask)}`,
    );
  }
  const skip = undefinedParts.window;
  for (let i = 0; i < native.window.length; i++) {
    if (skip && i >= skip.offset && i < skip.offset + skip.length) continue;
    if (native.window[i] !== core.window[i]) {
      problems.push(
        `memory ${hex(WINDOW_ADDRESS + i)}: native ${hex(native.window[i])}, core ${hex(core.window[i])}`,
      );
      if (problems.length > 8) break;
    }
  }
  return problems;
}
