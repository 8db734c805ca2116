import { buildGuest } from '@vmi386/guest-entry';
import { vmiBackend } from '@vmi386/mach-vmi';
import { nativeBackend } from '@vmi386/mach-native';
import { HypervisorMachine } from '@vmi386/hypervisor';
const which = process.argv[2] ?? 'vmi';
const build = buildGuest({ backend: which === 'vmi' ? vmiBackend : nativeBackend });
const m = new HypervisorMachine({ console: (t) => process.stdout.write(t) });
m.boot(build.image);
const cpu = m.pc.cpu;
for (let i = 0; i < 40; i++) {
  const t0 = Date.now();
  const r = m.run({ maxInstructions: Number(process.argv[3] ?? 100000) });
  console.log(i, r.reason, r.instructions, r.time, Date.now() - t0, 'ms eip', cpu.eip.toString(16), 'cs', cpu.getSegment('cs').selector.toString(16), 'halted', cpu.halted, [...m.monitor.statistics.exits].join(' '));
  if (r.reason !== 'limit') break;
}
