import { describe, expect, it } from 'vitest';
import { ACPI_TABLES_ADDRESS, buildAcpiTables } from './acpi-tables.js';

const hardware = {
  pm1EventPort: 0x600,
  pm1ControlPort: 0x604,
  pmTimerPort: 0x608,
  sciIrq: 9,
  softOffSleepType: 0,
};

function bytesAt(tables: ReturnType<typeof buildAcpiTables>, address: number, length: number) {
  return tables.bytes.subarray(address - tables.base, address - tables.base + length);
}

function text(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function sum(bytes: Uint8Array): number {
  return bytes.reduce((a, b) => a + b, 0) & 0xff;
}

describe('ACPI tables (ACPI 1.0b)', () => {
  const tables = buildAcpiTables(hardware);
  const view = new DataView(tables.bytes.buffer);
  const u32 = (address: number) => view.getUint32(address - tables.base, true);
  const find = (signature: string) => tables.tables.find((t) => t.signature === signature)!;

  it('puts the RSDP on a 16-byte boundary in the BIOS area, with a valid checksum', () => {
    const rsdp = find('RSD PTR ');
    expect(rsdp.address).toBe(ACPI_TABLES_ADDRESS);
    expect(rsdp.address % 16).toBe(0);
    expect(rsdp.address).toBeGreaterThanOrEqual(0xe0000);
    const bytes = bytesAt(tables, rsdp.address, 20);
    expect(text(bytes.subarray(0, 8))).toBe('RSD PTR ');
    expect(sum(bytes)).toBe(0);
    expect(bytes[15]).toBe(0); // revision 0
    expect(u32(rsdp.address + 16)).toBe(find('RSDT').address);
  });

  it('every table with a header sums to 0 and has its signature and length', () => {
    for (const signature of ['RSDT', 'FACP', 'DSDT'] as const) {
      const table = find(signature);
      const bytes = bytesAt(tables, table.address, table.length);
      expect(text(bytes.subarray(0, 4))).toBe(signature);
      expect(u32(table.address + 4)).toBe(table.length);
      expect(sum(bytes)).toBe(0);
      expect(text(bytes.subarray(10, 16))).toBe('VMI386');
    }
  });

  it('the RSDT lists the FADT, which points to the FACS (64-byte aligned) and the DSDT', () => {
    const rsdt = find('RSDT');
    expect(rsdt.length).toBe(40);
    expect(u32(rsdt.address + 36)).toBe(find('FACP').address);
    const fadt = find('FACP').address;
    expect(u32(fadt + 36)).toBe(find('FACS').address);
    expect(find('FACS').address % 64).toBe(0);
    expect(text(bytesAt(tables, find('FACS').address, 4))).toBe('FACS');
    expect(u32(fadt + 40)).toBe(find('DSDT').address);
  });

  it('the FADT describes the PM block: SCI, PM1a event/control, the 24-bit PM timer, no SMI', () => {
    const fadt = find('FACP').address;
    expect(find('FACP').length).toBe(116);
    expect(view.getUint16(fadt + 46 - tables.base, true)).toBe(9);
    expect(u32(fadt + 48)).toBe(0); // SMI_CMD
    expect(u32(fadt + 56)).toBe(0x600);
    expect(u32(fadt + 64)).toBe(0x604);
    expect(u32(fadt + 76)).toBe(0x608);
    expect([...bytesAt(tables, fadt + 88, 4)]).toEqual([4, 2, 0, 4]);
    expect(u32(fadt + 112) & (1 << 8)).toBe(0); // TMR_VAL_EXT clear: 24 bits
  });

  it('the DSDT holds Name (_S5, Package (4) { type, type, 0, 0 }) in AML', () => {
    const dsdt = find('DSDT');
    const aml = [...bytesAt(tables, dsdt.address + 36, dsdt.length - 36)];
    expect(aml).toEqual([0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00]);
    const five = buildAcpiTables({ ...hardware, softOffSleepType: 5 });
    const d5 = five.tables.find((t) => t.signature === 'DSDT')!;
    expect([...bytesAt(five, d5.address + 36, d5.length - 36)]).toEqual([
      0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
    ]);
    expect(() => buildAcpiTables(hardware, 0xf0008)).toThrow(RangeError);
  });
});
