import { IF_MASK, MONITOR_DATA, MonitorDataField, SHARED_PAGE, SharedField } from './layout.js';

const hex = (n: number) => `0x${n.toString(16)}`;
// DS and ES are still the user's (their limits end below the monitor's pages): address through SS,
// which sysenter loaded flat.
const field = (offset: number) => `%ss:${hex(MONITOR_DATA + offset)}`;

/**
 * The monitor's ring-0 i386 code (`monitor.S`), in a monitor-private page of the hole.
 *
 * The real SYSENTER MSRs point here: `sysenter` from user mode enters ring 0 with IF clear on the
 * monitor's stack, and this bounce re-enters the guest kernel's own sysenter entry in ring 1 with
 * the guest's SYSENTER_CS/ESP/EIP, through an `iret` frame: 3 → 0 → 1, all of it real instructions.
 * (The way back, `sysexit`, only works from ring 0: the ROM's STI_SYSEXIT traps to the monitor.)
 */
export function monitorCodeSource(): string {
  return [
    '/* vmi386 monitor ring-0 code: generated from monitor-code-source.ts. */',
    '\t.text',
    '\t.code32',
    'sysenter_bounce:',
    `\tmovl $0, %ss:${hex(SHARED_PAGE + SharedField.virtualIf)}\t/* sysenter clears IF: the virtual one */`,
    `\tpushl ${field(MonitorDataField.entrySs)}`,
    `\tpushl ${field(MonitorDataField.entryEsp)}`,
    '\tpushfl',
    `\torl $${hex(IF_MASK)}, (%esp)\t/* the guest always runs with the real IF set */`,
    `\tincl ${field(MonitorDataField.bounces)}\t/* statistics (the flags were saved above) */`,
    `\tpushl ${field(MonitorDataField.entryCs)}`,
    `\tpushl ${field(MonitorDataField.entryEip)}`,
    '\tiret',
    '',
  ].join('\n');
}
