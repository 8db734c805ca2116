import { runOnVmi386 } from './engines/vmi386.js';
import { guestKernelWorkload, syntheticWorkloads } from './workloads.js';

const which = process.argv[2] ?? 'ALU loop';
const scale = Number(process.argv[3] ?? '0.3');
const sizes = {
  alu: (30e6 * scale) | 0,
  memory: (25e6 * scale) | 0,
  call: (20e6 * scale) | 0,
  movsdCopies: (40000 * scale) | 0,
  kernelAlu: (30e6 * scale) | 0,
};
const w =
  which === 'guest' ? guestKernelWorkload() : syntheticWorkloads(sizes).find((x) => x.name === which)!;
for (let k = 0; k < 2; k++) {
  const r = runOnVmi386(w);
  console.log(
    which,
    r.reason,
    r.instructions,
    r.seconds.toFixed(3),
    (r.instructions / r.seconds / 1e6).toFixed(1),
    'MIPS',
  );
}
