import type { PortDevice } from './port-bus.js';

/** A snapshot of the UART's registers and queues. */
export interface Uart16550State {
  ier: number;
  lcr: number;
  mcr: number;
  scr: number;
  divisor: number;
  fifoEnabled: boolean;
  fifoTrigger: number;
  receive: number[];
  pendingInput: number[];
  thrInterrupt: boolean;
  msrDelta: number;
  lastModemInputs: number;
  overrun: boolean;
  /** When a character last entered the receiver or the CPU last read RBR (clock units). */
  lastReceiverActivity: number;
}

/** Machine time as the UART sees it: `now()` in units of which `perSecond` make a second. */
export interface UartClock {
  now(): number;
  readonly perSecond: number;
  /** Told when a character timeout starts or restarts in the middle of the machine's time slice. */
  reschedule(): void;
}

const RX_FIFO_DEPTH = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14] as const;
/** The character timeout: four character times without a character received or read (PC16550D). */
const TIMEOUT_CHARACTERS = 4;

/**
 * A National Semiconductor 16550A UART (datasheet: PC16550D). Transmission is instantaneous in virtual
 * time: a byte written to THR goes straight to `onTransmit`, so THRE and TEMT are always set. Received
 * bytes come from a host queue (`receive()`), moved into RBR (or the 16-byte FIFO) as soon as there is
 * room, which is as deterministic as the queue itself. Interrupts follow the datasheet's priorities:
 * receiver line status, received data, THR empty, modem status; `onInterrupt` drives the IRQ line (OUT2
 * in MCR gates it onto the ISA bus, as on a PC).
 *
 * Loopback (MCR bit 4) routes THR into the receiver and MCR's outputs into MSR's inputs, as drivers'
 * probes (Linux's 8250 autoconfig) expect.
 *
 * With the FIFO on and fewer bytes than the trigger level, the data waits for the character timeout:
 * four character times (at the programmed baud rate and LCR's format) after the last character came
 * in or was read. With a `clock`, that is timed (`nextTimeoutTime` says when, `poll` raises it);
 * without one, the timeout has always elapsed.
 */
export class Uart16550 implements PortDevice {
  readonly byteWide = true;
  private s: Uart16550State = {
    ier: 0,
    lcr: 0,
    mcr: 0,
    scr: 0,
    divisor: 12, // 9600 baud, a typical firmware setting
    fifoEnabled: false,
    fifoTrigger: 1,
    receive: [],
    pendingInput: [],
    thrInterrupt: false,
    msrDelta: 0,
    lastModemInputs: 0xb0, // a terminal is attached from power-on, so no delta is pending
    overrun: false,
    lastReceiverActivity: 0,
  };
  private irqLevel = false;

  /**
   * `onListeningChange` is called when `listening` changes (a write to IER or MCR), so that whatever
   * types into the line can start or stop at that instant.
   */
  constructor(
    readonly name: string,
    private readonly onTransmit: (byte: number) => void,
    private readonly onInterrupt: (level: boolean) => void = () => {},
    private readonly onListeningChange: (listening: boolean) => void = () => {},
    private readonly clock?: UartClock,
  ) {}

  /**
   * True while the guest takes received bytes by interrupt: the received-data interrupt is enabled,
   * OUT2 puts it on the IRQ line, and loopback does not disconnect the receiver from the line.
   * Linux's 8250 driver gets here only when the port is opened, after its probe reset the FIFOs.
   */
  get listening(): boolean {
    const s = this.s;
    return (s.ier & 0x01) !== 0 && (s.mcr & 0x18) === 0x08;
  }

  /**
   * Bits on the line per character as LCR programs them: a start bit, 5–8 data bits, an optional
   * parity bit and 1, 1½ (5-bit words) or 2 stop bits.
   */
  get bitsPerCharacter(): number {
    const lcr = this.s.lcr;
    const dataBits = 5 + (lcr & 0x03);
    const parity = lcr & 0x08 ? 1 : 0;
    const stopBits = lcr & 0x04 ? (dataBits === 5 ? 1.5 : 2) : 1;
    return 1 + dataBits + parity + stopBits;
  }

  /** Queues bytes for the guest to receive. */
  receive(bytes: Iterable<number>): void {
    for (const byte of bytes) this.s.pendingInput.push(byte & 0xff);
    this.fillReceiver();
    this.update();
  }

  /** True while received bytes wait in the host queue or the receiver. */
  get hasInput(): boolean {
    return this.s.pendingInput.length > 0 || this.s.receive.length > 0;
  }

  /** Seconds one character lasts on the line at the programmed rate and format (Infinity for divisor 0). */
  get characterSeconds(): number {
    const baud = this.baudRate;
    return baud === 0 ? Infinity : this.bitsPerCharacter / baud;
  }

  /** The line's baud rate as programmed (115200 / divisor). */
  get baudRate(): number {
    return this.s.divisor === 0 ? 0 : 115200 / this.s.divisor;
  }

  private get capacity(): number {
    return this.s.fifoEnabled ? RX_FIFO_DEPTH : 1;
  }

  private fillReceiver(): void {
    const s = this.s;
    const before = s.receive.length;
    while (s.pendingInput.length > 0 && s.receive.length < this.capacity) {
      s.receive.push(s.pendingInput.shift()!);
    }
    if (s.receive.length > before) this.noteReceiverActivity();
  }

  private noteReceiverActivity(): void {
    if (!this.clock) return;
    this.s.lastReceiverActivity = this.clock.now();
    this.rescheduleTimeout();
  }

  /** A timeout that starts now (bytes arrived or were read, IER or FCR changed) needs a slice end. */
  private rescheduleTimeout(): void {
    if (this.clock && this.nextTimeoutTime() !== Infinity) this.clock.reschedule();
  }

  /** When the character timeout of the bytes now in the FIFO elapses (clock units), or Infinity. */
  private timeoutTime(clock: UartClock): number {
    const seconds = TIMEOUT_CHARACTERS * this.characterSeconds;
    return this.s.lastReceiverActivity + Math.ceil(seconds * clock.perSecond);
  }

  /**
   * True when the FIFO holds bytes below its trigger level whose character timeout has not elapsed
   * (never without a clock: then it has always elapsed).
   */
  private waitingForTimeout(): boolean {
    const s = this.s;
    const clock = this.clock;
    return (
      clock !== undefined &&
      s.fifoEnabled &&
      s.receive.length > 0 &&
      s.receive.length < s.fifoTrigger &&
      clock.now() < this.timeoutTime(clock)
    );
  }

  /**
   * When the character timeout interrupt will be raised (clock units), or Infinity when none is on its
   * way (no clock, no bytes waiting below the trigger level, or the interrupt disabled).
   */
  nextTimeoutTime(): number {
    if (!this.clock || (this.s.ier & 0x01) === 0 || !this.waitingForTimeout()) return Infinity;
    return this.timeoutTime(this.clock);
  }

  /** Raises the character timeout interrupt if it has come due. */
  poll(): void {
    this.update();
  }

  /** Modem inputs CTS, DSR, RI, DCD (MSR bits 4–7): from MCR in loopback, else a connected terminal. */
  private modemInputs(): number {
    const mcr = this.s.mcr;
    if (mcr & 0x10) {
      // Loopback: RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD.
      return ((mcr & 0x02) << 3) | ((mcr & 0x01) << 5) | ((mcr & 0x04) << 4) | ((mcr & 0x08) << 4);
    }
    return 0x30 | 0x80; // CTS, DSR and DCD asserted: a terminal is attached
  }

  private refreshModemStatus(): void {
    const s = this.s;
    const now = this.modemInputs();
    const changed = now ^ s.lastModemInputs;
    if (changed & 0x10) s.msrDelta |= 0x01; // DCTS
    if (changed & 0x20) s.msrDelta |= 0x02; // DDSR
    if (changed & 0x40 && (now & 0x40) === 0) s.msrDelta |= 0x04; // TERI: trailing edge of RI
    if (changed & 0x80) s.msrDelta |= 0x08; // DDCD
    s.lastModemInputs = now;
  }

  /** The highest-priority pending interrupt's IIR identification (bits 3–0), or 1 for none. */
  private interruptId(): number {
    const s = this.s;
    if (s.ier & 0x04 && s.overrun) return 0x06;
    if (s.ier & 0x01 && s.receive.length > 0) {
      // With FIFOs the data interrupt waits for the trigger level; below it the character timeout
      // reports the rest once it has elapsed.
      if (!s.fifoEnabled || s.receive.length >= s.fifoTrigger) return 0x04;
      if (!this.waitingForTimeout()) return 0x0c;
    }
    if (s.ier & 0x02 && s.thrInterrupt) return 0x02;
    if (s.ier & 0x08 && s.msrDelta !== 0) return 0x00;
    return 0x01;
  }

  private update(): void {
    // OUT2 gates the interrupt onto the ISA line on PC serial cards.
    const level = this.interruptId() !== 0x01 && (this.s.mcr & 0x08) !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.onInterrupt(level);
    }
  }

  read(offset: number): number {
    const s = this.s;
    const dlab = (s.lcr & 0x80) !== 0;
    let value: number;
    switch (offset) {
      case 0:
        if (dlab) {
          value = s.divisor & 0xff;
        } else {
          value = s.receive.length > 0 ? s.receive.shift()! : 0;
          this.noteReceiverActivity(); // a read restarts the timeout
          this.fillReceiver();
        }
        break;
      case 1:
        value = dlab ? (s.divisor >> 8) & 0xff : s.ier;
        break;
      case 2: {
        value = this.interruptId() | (s.fifoEnabled ? 0xc0 : 0);
        // Reading IIR while it reports THR empty clears that interrupt (datasheet table 4).
        if ((value & 0x0f) === 0x02) s.thrInterrupt = false;
        break;
      }
      case 3:
        value = s.lcr;
        break;
      case 4:
        value = s.mcr;
        break;
      case 5: {
        // DR, THRE, TEMT; OE is cleared by the read.
        value = 0x60 | (s.receive.length > 0 ? 0x01 : 0) | (s.overrun ? 0x02 : 0);
        s.overrun = false;
        break;
      }
      case 6:
        this.refreshModemStatus();
        value = s.lastModemInputs | s.msrDelta;
        s.msrDelta = 0;
        break;
      default:
        value = s.scr;
        break;
    }
    this.update();
    return value;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    const wasListening = this.listening;
    this.writeRegister(offset, value & 0xff);
    if (offset === 1 || offset === 2) this.rescheduleTimeout();
    this.update();
    if (this.listening !== wasListening) this.onListeningChange(this.listening);
  }

  private writeRegister(offset: number, value: number): void {
    const s = this.s;
    const dlab = (s.lcr & 0x80) !== 0;
    switch (offset) {
      case 0:
        if (dlab) {
          s.divisor = (s.divisor & 0xff00) | value;
        } else {
          this.transmit(value);
        }
        break;
      case 1:
        if (dlab) {
          s.divisor = (s.divisor & 0x00ff) | (value << 8);
        } else {
          const enablingThre = (value & 0x02) !== 0 && (s.ier & 0x02) === 0;
          s.ier = value & 0x0f;
          // Enabling the THRE interrupt while THR is empty raises it at once.
          if (enablingThre) s.thrInterrupt = true;
        }
        break;
      case 2: {
        // FCR: bit 0 enables the FIFOs, bits 1/2 clear them, bits 7–6 set the receive trigger level.
        const enable = (value & 0x01) !== 0;
        if (enable !== s.fifoEnabled) s.receive.length = 0; // changing mode resets the FIFOs
        s.fifoEnabled = enable;
        if (enable && value & 0x02) s.receive.length = 0;
        s.fifoTrigger = TRIGGER_LEVELS[value >> 6];
        this.fillReceiver();
        break;
      }
      case 3:
        s.lcr = value;
        break;
      case 4:
        s.mcr = value & 0x1f;
        this.refreshModemStatus();
        break;
      case 5:
      case 6:
        break; // LSR and MSR are read-only (factory test writes are ignored)
      default:
        s.scr = value;
        break;
    }
  }

  private transmit(byte: number): void {
    const s = this.s;
    if (s.mcr & 0x10) {
      // Loopback: the transmitter feeds the receiver; nothing leaves the chip.
      if (s.receive.length < this.capacity) {
        s.receive.push(byte);
        this.noteReceiverActivity();
      } else {
        s.overrun = true;
      }
    } else {
      this.onTransmit(byte);
    }
    // Instantaneous transmission: THR is empty again, so the THRE interrupt is pending again.
    s.thrInterrupt = true;
  }

  saveState(): Uart16550State {
    const s = this.s;
    return { ...s, receive: [...s.receive], pendingInput: [...s.pendingInput] };
  }

  loadState(state: Uart16550State): void {
    this.s = { ...state, receive: [...state.receive], pendingInput: [...state.pendingInput] };
    this.irqLevel = this.interruptId() !== 0x01 && (this.s.mcr & 0x08) !== 0;
  }
}
