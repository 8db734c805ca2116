import { describe, expect, it } from 'vitest';
import { Uart16550 } from './uart.js';

function com1() {
  const sent: number[] = [];
  const irq: boolean[] = [];
  const uart = new Uart16550(
    'COM1',
    (b) => sent.push(b),
    (level) => irq.push(level),
  );
  return {
    uart,
    sent,
    irq,
    out: (offset: number, value: number) => uart.write(offset, 1, value),
    inb: (offset: number) => uart.read(offset),
  };
}

describe('16550A UART', () => {
  it('transmits THR bytes to the sink; LSR always shows THRE and TEMT', () => {
    const { sent, out, inb } = com1();
    out(0, 0x41);
    out(0, 0x42);
    expect(sent).toEqual([0x41, 0x42]);
    expect(inb(5) & 0x60).toBe(0x60);
  });

  it('DLAB switches offsets 0/1 to the divisor latch', () => {
    const { uart, sent, out, inb } = com1();
    out(3, 0x80);
    out(0, 0x01);
    out(1, 0x00);
    expect(uart.baudRate).toBe(115200);
    expect(inb(0)).toBe(1);
    out(3, 0x03); // 8N1, DLAB off
    expect(inb(3)).toBe(0x03);
    out(0, 0x58);
    expect(sent).toEqual([0x58]);
  });

  it('receives queued input through RBR with DR in LSR', () => {
    const { uart, inb } = com1();
    uart.receive([0x68, 0x69]);
    expect(inb(5) & 1).toBe(1);
    expect(inb(0)).toBe(0x68);
    expect(inb(0)).toBe(0x69);
    expect(inb(5) & 1).toBe(0);
  });

  it('identifies interrupts by priority in IIR and raises the line only with OUT2', () => {
    const { uart, irq, out, inb } = com1();
    out(1, 0x03); // receive data + THRE
    expect(inb(2)).toBe(0x02); // THRE pending; reading IIR clears it
    expect(inb(2)).toBe(0x01);
    expect(irq).toEqual([]); // OUT2 is off
    out(4, 0x08);
    uart.receive([0x7a]);
    expect(irq).toEqual([true]);
    expect(inb(2)).toBe(0x04);
    inb(0);
    expect(inb(2)).toBe(0x01);
    expect(irq).toEqual([true, false]);
  });

  it('writing THR re-arms the THRE interrupt', () => {
    const { out, inb } = com1();
    out(1, 0x02);
    inb(2);
    out(0, 0x20);
    expect(inb(2)).toBe(0x02);
  });

  it('FIFO mode: IIR bits 7–6 set, 16-byte receive FIFO', () => {
    const { uart, inb, out } = com1();
    out(2, 0x07);
    expect(inb(2) & 0xc0).toBe(0xc0);
    uart.receive(Array.from({ length: 20 }, (_, i) => i));
    const got: number[] = [];
    while (inb(5) & 1) got.push(inb(0));
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('scratch register and loopback as Linux 8250 autoconfig probes them', () => {
    const { sent, out, inb } = com1();
    out(7, 0xa5);
    expect(inb(7)).toBe(0xa5);
    out(4, 0x10 | 0x0a); // loopback, RTS, OUT2
    expect(inb(6) & 0xf0).toBe(0x90); // CTS and DCD
    out(0, 0x55);
    expect(sent).toEqual([]);
    expect(inb(0)).toBe(0x55);
  });

  it('snapshots and restores the receive queue', () => {
    const { uart, inb } = com1();
    uart.receive([1, 2, 3]);
    const state = uart.saveState();
    inb(0);
    inb(0);
    uart.loadState(state);
    expect(inb(0)).toBe(1);
  });

  it('with the FIFO on, bytes below the trigger level wait four character times (a timed clock)', () => {
    const time = { now: 0, reschedules: 0 };
    const irq: boolean[] = [];
    const clock = { now: () => time.now, perSecond: 1e6, reschedule: () => time.reschedules++ };
    const uart = new Uart16550(
      'COM1',
      () => {},
      (level) => irq.push(level),
      undefined,
      clock,
    );
    const out = (offset: number, value: number) => uart.write(offset, 1, value);
    out(3, 0x80); // 9600 baud: one 8N1 character is 10 bits, 1041.7 µs
    out(0, 12);
    out(1, 0);
    out(3, 0x03);
    out(2, 0x81); // FIFO on, trigger level 8
    out(4, 0x08); // OUT2
    out(1, 0x01); // received-data interrupt
    time.now = 100;
    uart.receive([0x61, 0x62]);
    const due = 100 + Math.ceil((4 * 10 * 1e6) / 9600); // 4167 µs after the last byte came in
    expect(uart.nextTimeoutTime()).toBe(due);
    expect(time.reschedules).toBeGreaterThan(0);
    expect(uart.read(2) & 0x0f).toBe(0x01); // nothing yet
    time.now = due - 1;
    uart.poll();
    expect(irq).toEqual([]);
    time.now = due;
    uart.poll();
    expect(irq).toEqual([true]);
    expect(uart.read(2) & 0x0f).toBe(0x0c); // character timeout
    expect(uart.read(0)).toBe(0x61); // a read restarts the timer for the byte left
    expect(irq).toEqual([true, false]);
    expect(uart.nextTimeoutTime()).toBe(due + Math.ceil((4 * 10 * 1e6) / 9600));
    // Eight bytes reach the trigger level: the data interrupt comes at once, no timeout involved.
    uart.receive([1, 2, 3, 4, 5, 6, 7]);
    expect(uart.read(2) & 0x0f).toBe(0x04);
    expect(uart.nextTimeoutTime()).toBe(Infinity);
  });

  it('without a clock the character timeout has always elapsed', () => {
    const { uart, out, inb } = com1();
    out(2, 0xc1); // FIFO on, trigger 14
    out(1, 0x01);
    uart.receive([0x31]);
    expect(inb(2) & 0x0f).toBe(0x0c);
    expect(uart.nextTimeoutTime()).toBe(Infinity);
  });
});
