import { describe, expect, it } from 'vitest';
import { SerialTypist } from './serial-typist.js';
import { Uart16550 } from './uart.js';

/** 1,000,000 units of virtual time per second: one unit is a microsecond. */
const PER_SECOND = 1_000_000;
const PAUSE = 200_000;
/** 8N1 at 115200 baud: 10 bits, 86.8 µs per character, rounded up. */
const CHARACTER = Math.ceil((10 / 115200) * PER_SECOND);

function line() {
  let now = 0;
  const received: { byte: number; at: number }[] = [];
  let typist: SerialTypist | undefined;
  const uart = new Uart16550(
    'COM1',
    () => typist?.noteOutput(now),
    () => {},
    (listening) => typist?.noteListening(listening, now),
  );
  typist = new SerialTypist(uart, PER_SECOND, 0, PAUSE);
  const out = (offset: number, value: number) => uart.write(offset, 1, value);
  /** Advances virtual time to `until`, typing what falls due and reading it back as a driver would. */
  const runTo = (until: number) => {
    for (let due = typist!.nextTime(); due <= until; due = typist!.nextTime()) {
      now = due;
      typist!.typeDue(now);
      while (uart.read(5) & 1) received.push({ byte: uart.read(0), at: now });
    }
    now = until;
  };
  const listen = () => {
    out(3, 0x83); // DLAB, 8N1
    out(0, 1); // divisor 1: 115200 baud
    out(3, 0x03);
    out(4, 0x0b); // DTR, RTS, OUT2
    out(1, 0x01); // received-data interrupt
  };
  return { typist, uart, out, listen, runTo, received, at: (t: number) => (now = t) };
}

describe('SerialTypist', () => {
  it('types nothing until the guest listens (RX interrupt on, OUT2 on, no loopback)', () => {
    const { typist, out, listen, runTo, received, at } = line();
    typist.append(new TextEncoder().encode('ls\n'));
    runTo(5 * PAUSE);
    expect(received).toEqual([]);
    at(5 * PAUSE);
    listen();
    out(4, 0x1b); // loopback: the receiver is disconnected from the line
    runTo(10 * PAUSE);
    expect(received).toEqual([]);
    at(10 * PAUSE);
    out(4, 0x0b);
    runTo(20 * PAUSE);
    expect(received.map((r) => r.byte)).toEqual([0x6c, 0x73, 0x0a]);
    expect(typist.done).toBe(true);
  });

  it('starts a line after the pause and types one character time apart at the programmed rate', () => {
    const { typist, listen, runTo, received, at } = line();
    at(1000);
    listen();
    typist.append([0x61, 0x62, 0x63]);
    runTo(PAUSE * 3);
    expect(received.map((r) => r.at)).toEqual([
      1000 + PAUSE,
      1000 + PAUSE + CHARACTER,
      1000 + PAUSE + 2 * CHARACTER,
    ]);
  });

  it('waits for the output to pause before each line, not within a line', () => {
    const { typist, uart, listen, runTo, received, at } = line();
    listen();
    typist.append(new TextEncoder().encode('a\nb'));
    runTo(PAUSE + CHARACTER); // 'a' at PAUSE, '\n' one character later
    const newline = PAUSE + CHARACTER;
    at(newline + 5000);
    uart.write(0, 1, 0x24); // the guest prints its prompt 5 ms after the line ended
    runTo(newline + 5000 + PAUSE - 1);
    expect(received.map((r) => r.byte)).toEqual([0x61, 0x0a]);
    runTo(10 * PAUSE);
    expect(received.at(-1)).toEqual({ byte: 0x62, at: newline + 5000 + PAUSE });
  });

  it('counts the bits LCR programs: 7E2 at 9600 baud is 11 bits per character', () => {
    const { typist, out, listen, runTo, received, at } = line();
    listen();
    out(3, 0x80 | 0x0e); // DLAB, 7 data bits, 2 stop bits, parity
    out(0, 12); // 9600 baud
    out(3, 0x0e);
    typist.append([0x31, 0x32]);
    at(0);
    runTo(PAUSE * 2);
    expect(received[1].at - received[0].at).toBe(Math.ceil((11 / 9600) * PER_SECOND));
  });

  it('snapshots and restores its progress', () => {
    const { typist, listen, runTo, received } = line();
    listen();
    typist.append([0x31, 0x32, 0x33]);
    runTo(PAUSE + CHARACTER);
    const saved = typist.saveState();
    runTo(PAUSE * 2);
    expect(typist.done).toBe(true);
    typist.loadState(saved);
    expect(typist.remaining).toBe(1);
    expect(received.length).toBe(3);
  });
});
