import type { PortDevice } from './port-bus.js';

export const KEYBOARD_IRQ = 1;
export const MOUSE_IRQ = 12;

// Status register bits (port 0x64 read).
const STATUS_OBF = 0x01;
const STATUS_SYS = 0x04;
const STATUS_COMMAND = 0x08; // the last write went to 0x64
const STATUS_NOT_INHIBITED = 0x10;
const STATUS_AUX_OBF = 0x20;

// Controller configuration byte ("command byte") bits.
const CCB_KBD_INT = 0x01;
const CCB_AUX_INT = 0x02;
const CCB_SYS = 0x04;
const CCB_KBD_DISABLED = 0x10;
const CCB_AUX_DISABLED = 0x20;

/** Controller commands that take a parameter byte through port 0x60. */
type PendingWrite = 'ccb' | 'output-port' | 'kbd-loop' | 'aux-loop' | 'aux-device' | 'kbd-device';

export interface I8042State {
  ccb: number;
  outputPort: number;
  status: number;
  /** Bytes waiting for the output buffer: [byte, fromAux]. */
  output: [number, boolean][];
  pending: PendingWrite | null;
}

/**
 * An Intel 8042 keyboard controller as on the PC/AT (data port 0x60, status/command port 0x64) with
 * nothing plugged into its keyboard and auxiliary ports. The controller itself answers: the
 * self-test (0xAA → 0x55), the interface tests (0xAB, 0xA9 → 0x00), the configuration byte
 * (0x20/0x60), the output port (0xD0/0xD1, bit 1 = A20), the loopback writes (0xD2/0xD3) that Linux
 * uses to find the AUX port, and the pulse-reset command (0xFE, reported through `onReset`).
 * Bytes sent to the absent devices get no answer, so drivers waiting for them time out.
 */
export class I8042 implements PortDevice {
  readonly name = 'i8042 keyboard controller';
  readonly byteWide = true;
  private s: I8042State = {
    ccb: CCB_SYS | CCB_KBD_INT,
    outputPort: 0x03, // A20 on, reset line inactive
    status: STATUS_SYS | STATUS_NOT_INHIBITED,
    output: [],
    pending: null,
  };
  private kbdLevel = false;
  private auxLevel = false;
  /** The data port (0x60) and the status/command port (0x64), to register separately. */
  readonly dataPort: PortDevice = {
    name: 'i8042 data',
    byteWide: true,
    read: () => this.read(0),
    write: (_offset, size, value) => this.write(0, size, value),
  };
  readonly commandPort: PortDevice = {
    name: 'i8042 status/command',
    byteWide: true,
    read: () => this.read(4),
    write: (_offset, size, value) => this.write(4, size, value),
  };

  constructor(
    private readonly onIrq: (irq: number, level: boolean) => void = () => {},
    private readonly onReset: () => void = () => {},
    private readonly onA20: (enabled: boolean) => void = () => {},
  ) {}

  /** Whether the output port's A20 gate is open. */
  get a20(): boolean {
    return (this.s.outputPort & 0x02) !== 0;
  }

  private push(byte: number, fromAux = false): void {
    this.s.output.push([byte & 0xff, fromAux]);
    this.update();
  }

  /** IRQ 1 and IRQ 12 levels: the output buffer is full, from that port, and its interrupt enabled. */
  private levels(): [boolean, boolean] {
    const head = this.s.output[0];
    if (head === undefined) return [false, false];
    return [!head[1] && (this.s.ccb & CCB_KBD_INT) !== 0, head[1] && (this.s.ccb & CCB_AUX_INT) !== 0];
  }

  private update(): void {
    const [kbd, aux] = this.levels();
    if (kbd !== this.kbdLevel) {
      this.kbdLevel = kbd;
      this.onIrq(KEYBOARD_IRQ, kbd);
    }
    if (aux !== this.auxLevel) {
      this.auxLevel = aux;
      this.onIrq(MOUSE_IRQ, aux);
    }
  }

  read(offset: number): number {
    const s = this.s;
    if (offset === 4) {
      const head = s.output[0];
      let status = s.status & (STATUS_SYS | STATUS_COMMAND | STATUS_NOT_INHIBITED);
      if (head) status |= STATUS_OBF | (head[1] ? STATUS_AUX_OBF : 0);
      return status;
    }
    if (offset !== 0) return 0xff;
    const head = s.output.shift();
    this.update();
    return head ? head[0] : 0x00;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    value &= 0xff;
    if (offset === 4) this.command(value);
    else if (offset === 0) this.data(value);
  }

  private command(cmd: number): void {
    const s = this.s;
    s.status |= STATUS_COMMAND;
    s.pending = null;
    if (cmd >= 0x20 && cmd <= 0x3f) {
      // Read controller RAM; byte 0 is the configuration byte.
      this.push(cmd === 0x20 ? s.ccb : 0x00);
      return;
    }
    if (cmd >= 0x60 && cmd <= 0x7f) {
      if (cmd === 0x60) s.pending = 'ccb';
      return;
    }
    switch (cmd) {
      case 0xa7:
        s.ccb |= CCB_AUX_DISABLED;
        break;
      case 0xa8:
        s.ccb &= ~CCB_AUX_DISABLED;
        break;
      case 0xa9: // AUX interface test: 0 = no error
      case 0xab: // keyboard interface test
        this.push(0x00);
        break;
      case 0xaa: // controller self-test
        this.push(0x55);
        break;
      case 0xad:
        s.ccb |= CCB_KBD_DISABLED;
        break;
      case 0xae:
        s.ccb &= ~CCB_KBD_DISABLED;
        break;
      case 0xc0: // read input port: keyboard not inhibited, colour display
        this.push(0xa0);
        break;
      case 0xd0:
        this.push(s.outputPort);
        break;
      case 0xd1:
        s.pending = 'output-port';
        break;
      case 0xd2:
        s.pending = 'kbd-loop';
        break;
      case 0xd3:
        s.pending = 'aux-loop';
        break;
      case 0xd4:
        s.pending = 'aux-device';
        break;
      case 0xdd: // A20 off (HP Vectra), 0xDF on
      case 0xdf:
        this.setOutputPort(cmd === 0xdf ? s.outputPort | 0x02 : s.outputPort & ~0x02);
        break;
      default:
        // 0xF0–0xFF pulse output-port lines low for 6 µs: bit 0 low resets the CPU.
        if (cmd >= 0xf0 && (cmd & 0x01) === 0) this.onReset();
        break;
    }
    this.update();
  }

  private data(value: number): void {
    const s = this.s;
    s.status &= ~STATUS_COMMAND;
    const pending = s.pending ?? 'kbd-device';
    s.pending = null;
    switch (pending) {
      case 'ccb':
        s.ccb = value;
        s.status = (s.status & ~STATUS_SYS) | (value & CCB_SYS);
        this.update();
        break;
      case 'output-port':
        this.setOutputPort(value);
        if ((value & 0x01) === 0) this.onReset();
        break;
      case 'kbd-loop':
        this.push(value, false);
        break;
      case 'aux-loop':
        this.push(value, true);
        break;
      case 'aux-device':
      case 'kbd-device':
        break; // nothing is plugged in: no answer
    }
  }

  private setOutputPort(value: number): void {
    const before = this.a20;
    this.s.outputPort = value | 0x01;
    if (this.a20 !== before) this.onA20(this.a20);
  }

  saveState(): I8042State {
    return { ...this.s, output: this.s.output.map(([b, a]) => [b, a]) };
  }

  loadState(state: I8042State): void {
    this.s = { ...state, output: state.output.map(([b, a]) => [b, a]) };
    [this.kbdLevel, this.auxLevel] = this.levels();
  }
}
