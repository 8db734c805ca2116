import { Random, randomCase } from './cases.js';
import { describeCase, differences } from './compare.js';
import { runOnHost } from './host.js';
import { runOnUnit } from './unit.js';

const seed = Number(process.argv[2] ?? 1);
const n = Number(process.argv[3] ?? 2000);
const filter = process.argv[4];
const r = new Random(seed);
const cases = [];
while (cases.length < n) {
  const c = randomCase(r);
  if (
    filter &&
    !c.code
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(' ')
      .startsWith(filter)
  )
    continue;
  cases.push(c);
}
const host = runOnHost(cases);
const byCode = new Map<string, number>();
let bad = 0;
let shown = 0;
cases.forEach((c, i) => {
  let d: string[];
  try {
    d = differences(c, host.results[i], runOnUnit(c, host.instructionAddress, host.memAddress));
  } catch (e) {
    d = [`threw ${(e as Error).message}`];
  }
  if (d.length) {
    bad++;
    const key = c.code.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    byCode.set(key, (byCode.get(key) ?? 0) + 1);
    if (shown++ < 15) console.log(describeCase(c), '\n   ', d.join('\n    '));
  }
});
console.log(`${bad}/${cases.length} mismatches`, [...byCode].sort((a, b) => b[1] - a[1]).slice(0, 30));
