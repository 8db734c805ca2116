// Development aid: `npx tsx --conditions=@vmi386/source test/compare-one.ts FILE…` prints the
// differences between GNU as and vmi386 for each file.
import { differences } from './gas.js';

let failed = 0;
for (const file of process.argv.slice(2)) {
  const d = differences(file);
  console.log(`${d.length === 0 ? 'same' : 'DIFF'} ${file}`);
  for (const line of d.slice(0, 20)) console.log(`  ${line}`);
  if (d.length) failed++;
}
process.exitCode = failed ? 1 : 0;
