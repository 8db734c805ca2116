import { describe, expect, it } from 'vitest';
import {
  ACPI_PM_PORTS,
  AcpiPowerManagement,
  PM_TIMER,
  PM1_CONTROL,
  PM1_ENABLE,
  PM1_STATUS,
  SOFT_OFF_SLEEP_TYPE,
} from './acpi-pm.js';
import { PortBus } from './port-bus.js';

/** A PM block at 0x600 on a bus, with a clock the test sets (in PM timer counts). */
function pmBlock() {
  const log: string[] = [];
  const clock = { now: 0 };
  const pm = new AcpiPowerManagement(
    () => clock.now,
    (level) => log.push(`sci ${level ? 'high' : 'low'}`),
    () => log.push('soft-off'),
  );
  const bus = new PortBus();
  bus.register(pm, 0x600, ACPI_PM_PORTS);
  return { pm, bus, clock, log };
}

const TMR_STS = 1;
const SLP_EN = 1 << 13;

describe('ACPI power-management block (PM1 and the PM timer)', () => {
  it('the timer shows the low 24 bits of the count, in any access width', () => {
    const { bus, clock } = pmBlock();
    clock.now = 0x12345678;
    expect(bus.read(0x600 + PM_TIMER, 4)).toBe(0x345678);
    expect(bus.read(0x600 + PM_TIMER, 2)).toBe(0x5678);
    expect(bus.read(0x600 + PM_TIMER + 2, 1)).toBe(0x34);
    expect(bus.read(0x600 + PM_TIMER + 3, 1)).toBe(0);
    bus.write(0x600 + PM_TIMER, 4, 0); // read-only
    expect(bus.read(0x600 + PM_TIMER, 4)).toBe(0x345678);
  });

  it('TMR_STS is set when bit 23 of the timer changes, and a 1 written to it clears it', () => {
    const { bus, clock } = pmBlock();
    clock.now = 0x7fffff;
    expect(bus.read(0x600 + PM1_STATUS, 2) & TMR_STS).toBe(0);
    clock.now = 0x800000;
    expect(bus.read(0x600 + PM1_STATUS, 2) & TMR_STS).toBe(TMR_STS);
    bus.write(0x600 + PM1_STATUS, 2, 0xfffe); // other bits: nothing to clear
    expect(bus.read(0x600 + PM1_STATUS, 2) & TMR_STS).toBe(TMR_STS);
    bus.write(0x600 + PM1_STATUS, 2, TMR_STS);
    expect(bus.read(0x600 + PM1_STATUS, 2)).toBe(0);
    clock.now = 0xffffff;
    expect(bus.read(0x600 + PM1_STATUS, 2)).toBe(0);
    clock.now = 0x1000000; // the 24-bit wrap changes bit 23 too
    expect(bus.read(0x600 + PM1_STATUS, 2)).toBe(TMR_STS);
  });

  it('raises the SCI (level) while TMR_STS and TMR_EN are both set, and schedules the next carry', () => {
    const { pm, bus, clock, log } = pmBlock();
    expect(pm.nextSciCount()).toBe(Infinity); // TMR_EN clear
    bus.write(0x600 + PM1_ENABLE, 2, 0xffff);
    expect(bus.read(0x600 + PM1_ENABLE, 2)).toBe(0x0721); // TMR, GBL, PWRBTN, SLPBTN, RTC
    expect(pm.nextSciCount()).toBe(0x800000);
    clock.now = 0x800000;
    pm.poll();
    expect(log).toEqual(['sci high']);
    expect(pm.nextSciCount()).toBe(Infinity); // already raised
    bus.write(0x600 + PM1_STATUS, 2, TMR_STS);
    expect(log).toEqual(['sci high', 'sci low']);
    expect(pm.nextSciCount()).toBe(0x1000000);
  });

  it('SCI_EN always reads 1; SLP_EN with the soft-off type powers off, any other type does not', () => {
    const { bus, log } = pmBlock();
    expect(bus.read(0x600 + PM1_CONTROL, 2)).toBe(1);
    bus.write(0x600 + PM1_CONTROL, 2, 5 << 10); // SLP_TYP alone: stored, nothing happens
    expect(bus.read(0x600 + PM1_CONTROL, 2)).toBe((5 << 10) | 1);
    bus.write(0x600 + PM1_CONTROL, 2, (5 << 10) | SLP_EN);
    expect(log).toEqual([]);
    expect(bus.read(0x600 + PM1_CONTROL, 2) & SLP_EN).toBe(0); // write-only
    bus.write(0x600 + PM1_CONTROL, 2, (SOFT_OFF_SLEEP_TYPE << 10) | SLP_EN);
    expect(log).toEqual(['soft-off']);
  });

  it('saves and restores its registers', () => {
    const { pm, bus, clock } = pmBlock();
    bus.write(0x600 + PM1_ENABLE, 2, 1);
    clock.now = 0x900000;
    bus.write(0x600 + PM1_STATUS, 2, TMR_STS);
    const state = pm.saveState();
    const other = pmBlock();
    other.clock.now = 0x900000;
    other.pm.loadState(state);
    expect(other.bus.read(0x600 + PM1_ENABLE, 2)).toBe(1);
    expect(other.pm.nextSciCount()).toBe(0x1000000);
  });
});
