import type { Uart16550 } from './uart.js';

/** A snapshot of the typist's progress. */
export interface SerialTypistState {
  text: number[];
  /** Index of the next byte to type. */
  position: number;
  /** Virtual time of the guest's last byte on the line (its output), or of power-on. */
  lastOutputTime: number;
  /** Virtual time the guest started listening, or -1 while it does not listen. */
  listeningSince: number;
  /** Virtual time the previous byte was typed, or -Infinity before the first. */
  lastTypedTime: number;
}

/** Virtual seconds a typist waits after the guest's output stops before typing a line. */
export const TYPIST_PAUSE_SECONDS = 0.2;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Types scripted input into a UART the way a person at a terminal would, in virtual time, so a run with
 * input is as deterministic as one without. Bytes queued at power-on would be lost: Linux's 8250 driver
 * resets the FIFOs while it probes the port and reads nothing until the port is opened. So the typist
 * - types only while the guest listens (`Uart16550.listening`: received-data interrupt on, OUT2 on,
 *   no loopback);
 * - starts each line only once the guest has been quiet on the line for `pauseTime` (its prompt is up,
 *   the previous command has finished printing);
 * - types one character per character time at the rate the guest programmed (start, data, parity and
 *   stop bits at 115200 / divisor baud).
 *
 * The machine asks `nextTime()` to end a time slice exactly when a byte is due and calls `typeDue(now)`
 * then; it reports the guest's output (`noteOutput`) and listening changes (`noteListening`).
 */
export class SerialTypist {
  private s: SerialTypistState;

  /**
   * `timePerSecond` is the machine's units of virtual time per virtual second; `startTime` is when
   * the typist sits down (the guest's output so far counts as before it).
   */
  constructor(
    private readonly uart: Uart16550,
    private readonly timePerSecond: number,
    startTime: number,
    private readonly pauseTime: number = Math.round(TYPIST_PAUSE_SECONDS * timePerSecond),
  ) {
    this.s = {
      text: [],
      position: 0,
      lastOutputTime: startTime,
      listeningSince: uart.listening ? startTime : -1,
      lastTypedTime: -Infinity,
    };
  }

  /** Adds bytes to type after those already queued. */
  append(bytes: Iterable<number>): void {
    for (const byte of bytes) this.s.text.push(byte & 0xff);
  }

  /** True once every byte has been typed. */
  get done(): boolean {
    return this.s.position >= this.s.text.length;
  }

  /** Bytes still to type. */
  get remaining(): number {
    return this.s.text.length - this.s.position;
  }

  noteOutput(now: number): void {
    this.s.lastOutputTime = now;
  }

  noteListening(listening: boolean, now: number): void {
    this.s.listeningSince = listening ? now : -1;
  }

  /** Virtual time one character lasts on the line at the programmed rate (Infinity for divisor 0). */
  private characterTime(): number {
    return Math.ceil(this.uart.characterSeconds * this.timePerSecond);
  }

  /** A line starts at the first byte and after a line end (the LF of a CR LF pair belongs to it). */
  private atLineStart(): boolean {
    const { text, position } = this.s;
    if (position === 0) return true;
    const previous = text[position - 1];
    return previous === LF || (previous === CR && text[position] !== LF);
  }

  /** The virtual time the next byte is due, or Infinity (all typed, or the guest is not listening). */
  nextTime(): number {
    const s = this.s;
    if (this.done || s.listeningSince < 0) return Infinity;
    let due = Math.max(s.listeningSince, s.lastTypedTime + this.characterTime());
    if (this.atLineStart())
      due = Math.max(due, Math.max(s.lastOutputTime, s.listeningSince) + this.pauseTime);
    return due;
  }

  /** Types every byte due at or before `now` into the UART's receiver. */
  typeDue(now: number): void {
    for (let due = this.nextTime(); due <= now; due = this.nextTime()) {
      const s = this.s;
      this.uart.receive([s.text[s.position]]);
      s.position++;
      s.lastTypedTime = due;
    }
  }

  saveState(): SerialTypistState {
    return { ...this.s, text: [...this.s.text] };
  }

  loadState(state: SerialTypistState): void {
    this.s = { ...state, text: [...state.text] };
  }
}
