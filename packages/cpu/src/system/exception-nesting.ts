/**
 * Exception nesting: what happens when delivering an exception raises another (SDM vol. 3A 6.15,
 * table 6-4 "Interrupt and Exception Classes" and table 6-5 "Conditions for Generating a Double
 * Fault"): a contributory exception during a contributory one, or anything but a benign exception
 * during a page fault, becomes #DF; an exception while delivering #DF shuts the processor down
 * (triple fault); any other pair delivers the second exception instead.
 */
import { DB, PF_VECTOR, RF } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault, hasErrorCode } from '../fault.js';

const DF_VECTOR = 8;

enum ExceptionClass {
  Benign = 0,
  /** #DE, #TS, #NP, #SS, #GP. */
  Contributory = 1,
  PageFault = 2,
}

function exceptionClass(vector: number): ExceptionClass {
  if (vector === 0 || (vector >= 10 && vector <= 13)) return ExceptionClass.Contributory;
  if (vector === PF_VECTOR) return ExceptionClass.PageFault;
  return ExceptionClass.Benign;
}

/**
 * Delivers an exception raised by an instruction (EIP already rolled back), applying the
 * double-fault rules and shutting down on a triple fault.
 */
export function deliverException(c: Cpu, vector: number, errorCode: number, address?: number): void {
  if (vector === PF_VECTOR && address !== undefined) c.cr2 = address | 0;
  if (vector === DB) c.flags |= RF;
  let v = vector;
  let err = errorCode;
  let addr = address;
  for (;;) {
    try {
      c.deliverEvent(v, 'exception', hasErrorCode(v) ? Math.max(err, 0) : -1, addr);
      return;
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      if (e.vector === PF_VECTOR && e.address !== undefined) c.cr2 = e.address | 0;
      if (v === DF_VECTOR) {
        c.shutdown(`triple fault: exception ${e.vector} while delivering a double fault`);
        return;
      }
      const first = exceptionClass(v);
      const second = exceptionClass(e.vector);
      if (
        (first === ExceptionClass.Contributory && second === ExceptionClass.Contributory) ||
        (first === ExceptionClass.PageFault && second !== ExceptionClass.Benign)
      ) {
        v = DF_VECTOR;
        err = 0;
        addr = undefined;
      } else {
        v = e.vector;
        err = e.errorCode ?? -1;
        addr = e.address;
      }
    }
  }
}
