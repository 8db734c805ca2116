import { defsH } from './defs.h.js';
import { entryS } from './entry.S.js';
import { headS } from './head.S.js';
import { kernelS } from './kernel.S.js';
import { libS } from './lib.S.js';
import { schedS } from './sched.S.js';
import { trapsS } from './traps.S.js';
import { userS } from './user.S.js';
import { vsyscallS } from './vsyscall.S.js';

/** The file to assemble: it includes every other source file. */
export const KERNEL_MAIN = 'kernel.S';

/**
 * The fixture's source files by name, as an assembler's virtual files. `<mach_asm.h>` is not
 * among them: the backend supplies it.
 */
export const kernelSources: Readonly<Record<string, string>> = Object.freeze({
  'kernel.S': kernelS,
  'defs.h': defsH,
  'vsyscall.S': vsyscallS,
  'head.S': headS,
  'entry.S': entryS,
  'traps.S': trapsS,
  'sched.S': schedS,
  'lib.S': libS,
  'user.S': userS,
});

export { kernelLds as gnuLinkerScript } from './kernel.lds.js';
