// The ACPI tables a BIOS of the Pentium II era would leave in its ROM area (ACPI 1.0b layouts):
// RSDP → RSDT → FADT → (FACS, DSDT). They describe one thing only, the power-management block of
// `acpi-pm.ts`: the PM timer Linux uses as its clocksource watchdog, and soft-off through PM1 control.
// No MADT (no local APIC), no HPET, no PCI root in the DSDT.

/** Where the tables go: the BIOS area 0xF0000–0xFFFFF, which the e820 map reports as reserved. */
export const ACPI_TABLES_ADDRESS = 0xf0000;
/** Identifies the tables' author in every header (OEMID, 6 bytes) and the table ids (8 bytes). */
const OEM_ID = 'VMI386';
const OEM_TABLE_ID = 'VMI386PC';
const CREATOR_ID = 'VMI ';

const HEADER_LENGTH = 36;
const RSDP_LENGTH = 20; // ACPI 1.0: revision 0, no XSDT
const FACS_LENGTH = 64;
const FADT_LENGTH = 116; // revision 1
/** FADT flags (ACPI 1.0b table 5-9). */
const FADT_WBINVD = 1 << 0; // WBINVD flushes the caches
const FADT_PROC_C1 = 1 << 2; // C1 (HLT) works on every processor
const FADT_PWR_BUTTON = 1 << 4; // the power button, if any, is a control-method device: no fixed one
const FADT_SLP_BUTTON = 1 << 5; // likewise no fixed sleep button
/** C2 and C3 latencies above 100 µs and 1000 µs say "not supported". */
const P_LVL2_NOT_SUPPORTED = 101;
const P_LVL3_NOT_SUPPORTED = 1001;

/** What the FADT says about the power-management hardware. */
export interface AcpiHardware {
  /** First port of the PM1a event block (4 ports), the PM1a control block (2) and the PM timer (4). */
  pm1EventPort: number;
  pm1ControlPort: number;
  pmTimerPort: number;
  /** The ISA IRQ of the system control interrupt. */
  sciIrq: number;
  /** The SLP_TYP value of soft-off (S5), which the DSDT's `\_S5` package announces. */
  softOffSleepType: number;
}

/** One table as placed in memory, for logs and tests. */
export interface AcpiTablePlacement {
  signature: 'RSD PTR ' | 'RSDT' | 'FACP' | 'FACS' | 'DSDT';
  address: number;
  length: number;
}

/** The tables laid out from `base`: one block of bytes to copy there, and where each table is. */
export interface AcpiTables {
  base: number;
  bytes: Uint8Array;
  tables: AcpiTablePlacement[];
}

/**
 * The DSDT's AML: `Name (\_S5, Package (4) { type, type, 0, 0 })`, the one object Linux needs from
 * the namespace to power off through ACPI (ACPI 1.0b 7.5.2: SLP_TYPa, SLP_TYPb, reserved, reserved).
 */
function softOffAml(sleepType: number): number[] {
  const NAME_OP = 0x08;
  const PACKAGE_OP = 0x12;
  const BYTE_PREFIX = 0x0a;
  const element = sleepType === 0 ? [0x00] : [BYTE_PREFIX, sleepType]; // ZeroOp or a ByteConst
  const elements = [...element, ...element, 0x00, 0x00];
  const packageLength = 1 + 1 + elements.length; // PkgLength (one byte) + NumElements + elements
  return [NAME_OP, ...ascii('_S5_'), PACKAGE_OP, packageLength, 4, ...elements];
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/** Sets the byte at `checksumOffset` so that `length` bytes from `start` sum to 0 modulo 256. */
function fixChecksum(bytes: Uint8Array, start: number, length: number, checksumOffset: number): void {
  bytes[start + checksumOffset] = 0;
  let sum = 0;
  for (let i = start; i < start + length; i++) sum += bytes[i];
  bytes[start + checksumOffset] = -sum & 0xff;
}

/** Builds the tables for `hardware`, laid out from `base` (16-byte aligned, in the first MiB). */
export function buildAcpiTables(hardware: AcpiHardware, base = ACPI_TABLES_ADDRESS): AcpiTables {
  if (base % 16 !== 0)
    throw new RangeError(`ACPI tables need a 16-byte aligned base, got 0x${base.toString(16)}`);
  const dsdtAml = softOffAml(hardware.softOffSleepType);
  // Offsets from base. The FACS must be 64-byte aligned (ACPI 1.0b 5.2.9).
  const rsdp = 0;
  const facs = 64;
  const dsdt = facs + FACS_LENGTH;
  const dsdtLength = HEADER_LENGTH + dsdtAml.length;
  const fadt = roundUp(dsdt + dsdtLength, 4);
  const rsdt = fadt + FADT_LENGTH;
  const rsdtLength = HEADER_LENGTH + 4; // one entry: the FADT
  const bytes = new Uint8Array(rsdt + rsdtLength);
  const view = new DataView(bytes.buffer);
  const putAscii = (at: number, text: string) => bytes.set(ascii(text), at);

  const header = (at: number, signature: string, length: number, revision: number) => {
    putAscii(at, signature);
    view.setUint32(at + 4, length, true);
    bytes[at + 8] = revision;
    putAscii(at + 10, OEM_ID);
    putAscii(at + 16, OEM_TABLE_ID);
    view.setUint32(at + 24, 1, true); // OEM revision
    putAscii(at + 28, CREATOR_ID);
    view.setUint32(at + 32, 1, true); // creator revision
  };

  putAscii(rsdp, 'RSD PTR ');
  putAscii(rsdp + 9, OEM_ID);
  bytes[rsdp + 15] = 0; // revision 0: ACPI 1.0
  view.setUint32(rsdp + 16, base + rsdt, true);
  fixChecksum(bytes, rsdp, RSDP_LENGTH, 8);

  putAscii(facs, 'FACS');
  view.setUint32(facs + 4, FACS_LENGTH, true); // the rest (hardware signature, waking vector, lock) 0

  header(dsdt, 'DSDT', dsdtLength, 1);
  bytes.set(dsdtAml, dsdt + HEADER_LENGTH);
  fixChecksum(bytes, dsdt, dsdtLength, 9);

  header(fadt, 'FACP', FADT_LENGTH, 1);
  view.setUint32(fadt + 36, base + facs, true); // FIRMWARE_CTRL
  view.setUint32(fadt + 40, base + dsdt, true); // DSDT
  view.setUint16(fadt + 46, hardware.sciIrq, true); // SCI_INT
  // SMI_CMD (48) = 0: the hardware is always in ACPI mode (SCI_EN reads 1), there is nothing to enable.
  view.setUint32(fadt + 56, hardware.pm1EventPort, true); // PM1a_EVT_BLK
  view.setUint32(fadt + 64, hardware.pm1ControlPort, true); // PM1a_CNT_BLK
  view.setUint32(fadt + 76, hardware.pmTimerPort, true); // PM_TMR_BLK
  bytes[fadt + 88] = 4; // PM1_EVT_LEN: 2 bytes of status, 2 of enable
  bytes[fadt + 89] = 2; // PM1_CNT_LEN
  bytes[fadt + 91] = 4; // PM_TMR_LEN
  view.setUint16(fadt + 96, P_LVL2_NOT_SUPPORTED, true);
  view.setUint16(fadt + 98, P_LVL3_NOT_SUPPORTED, true);
  // CENTURY (108) = 0: the RTC keeps no century byte Linux should read.
  view.setUint32(fadt + 112, FADT_WBINVD | FADT_PROC_C1 | FADT_PWR_BUTTON | FADT_SLP_BUTTON, true);
  fixChecksum(bytes, fadt, FADT_LENGTH, 9);

  header(rsdt, 'RSDT', rsdtLength, 1);
  view.setUint32(rsdt + HEADER_LENGTH, base + fadt, true);
  fixChecksum(bytes, rsdt, rsdtLength, 9);

  return {
    base,
    bytes,
    tables: [
      { signature: 'RSD PTR ', address: base + rsdp, length: RSDP_LENGTH },
      { signature: 'RSDT', address: base + rsdt, length: rsdtLength },
      { signature: 'FACP', address: base + fadt, length: FADT_LENGTH },
      { signature: 'FACS', address: base + facs, length: FACS_LENGTH },
      { signature: 'DSDT', address: base + dsdt, length: dsdtLength },
    ],
  };
}

function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
