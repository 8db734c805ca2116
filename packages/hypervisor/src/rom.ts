import { assemble, formatDiagnostic, linkFlat } from '@vmi386/asm';
import { MONITOR_CODE, PAGE_SIZE, ROM_BASE } from './layout.js';
import { monitorCodeSource } from './monitor-code-source.js';
import { romSource } from './rom-source.js';

/** Code assembled for a fixed address in the hole, with its symbols. */
export interface PlacedCode {
  readonly base: number;
  readonly bytes: Uint8Array;
  readonly symbols: Readonly<Record<string, number>>;
}

/** A half-open range of linear addresses [start, end). */
export interface AddressRange {
  readonly start: number;
  readonly end: number;
}

/** The ROM and monitor code, with the addresses the monitor's logic depends on. */
export interface RomImage {
  readonly rom: PlacedCode;
  readonly monitorCode: PlacedCode;
  readonly regions: {
    readonly iret: AddressRange;
    readonly sysexit: AddressRange;
    readonly halt: AddressRange;
  };
  readonly doorbells: { readonly sti: number; readonly iret: number };
  /** The instruction after the STI doorbell (where a delivered event returns to). */
  readonly stiAfterDoorbell: number;
  /** The `iret` of the IRET region that enables (the monitor resumes a rung doorbell there). */
  readonly iretEnableInstruction: number;
  /** The `iret` of the IRET region that leaves the virtual IF clear. */
  readonly iretKeepInstruction: number;
  readonly sysenterBounce: number;
}

function place(name: string, source: string, base: number): PlacedCode {
  const assembled = assemble({ files: { [name]: source }, main: name });
  const linked = linkFlat(assembled, { origin: base });
  const diagnostics = [...assembled.diagnostics, ...linked.diagnostics].filter((d) => d.severity === 'error');
  if (!assembled.ok || !linked.ok || diagnostics.length > 0) {
    throw new Error(`${name} does not assemble:\n${diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
  }
  if (linked.bytes.length > PAGE_SIZE) throw new Error(`${name} is larger than one page`);
  const symbols: Record<string, number> = {};
  for (const s of linked.symbols) symbols[s.name] = s.value >>> 0;
  return { base, bytes: linked.bytes, symbols };
}

let cached: RomImage | undefined;

/** Assembles the VMI ROM and the monitor's ring-0 code with `@vmi386/asm` (once per process). */
export function buildRom(): RomImage {
  if (cached) return cached;
  const rom = place('rom.S', romSource(), ROM_BASE);
  const monitorCode = place('monitor.S', monitorCodeSource(), MONITOR_CODE);
  const r = rom.symbols;
  const at = (name: string): number => {
    const value = r[name];
    if (value === undefined) throw new Error(`VMI ROM: no symbol ${name}`);
    return value;
  };
  cached = {
    rom,
    monitorCode,
    regions: {
      iret: { start: at('iret_region_start'), end: at('iret_region_end') },
      sysexit: { start: at('sysexit_region_start'), end: at('sysexit_region_end') },
      halt: { start: at('halt_region_start'), end: at('halt_region_end') },
    },
    doorbells: { sti: at('sti_doorbell'), iret: at('iret_doorbell') },
    stiAfterDoorbell: at('sti_doorbell') + 2,
    iretEnableInstruction: at('iret_enable_insn'),
    iretKeepInstruction: at('iret_keep_insn'),
    sysenterBounce: monitorCode.symbols.sysenter_bounce ?? MONITOR_CODE,
  };
  return cached;
}

export const inRange = (range: AddressRange, eip: number): boolean => eip >= range.start && eip < range.end;
