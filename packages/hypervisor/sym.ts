import { buildGuest } from '@vmi386/guest-entry';
import { vmiBackend } from '@vmi386/mach-vmi';
const b = buildGuest({ backend: vmiBackend });
const want = process.argv.slice(2).map((x) => parseInt(x, 16));
const syms = Object.entries(b.symbols).sort((a, b) => a[1] - b[1]);
for (const w of want) { let best = ''; for (const [n, v] of syms) if (v <= w) best = `${n}+0x${(w - v).toString(16)}`; console.log(w.toString(16), best); }
