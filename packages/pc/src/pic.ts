import type { PortDevice } from './port-bus.js';

/** The state of one 8259A, for machine snapshots. */
export interface Pic8259State {
  irr: number;
  isr: number;
  imr: number;
  lineLevels: number;
  vectorBase: number;
  priorityBase: number;
  initStep: number;
  expectIcw4: boolean;
  singleMode: boolean;
  levelTriggered: boolean;
  /** The edge/level control register of PIIX-era chipsets (ELCR): level-triggered IRQs as a mask. */
  edgeLevelControl: number;
  autoEoi: boolean;
  rotateOnAutoEoi: boolean;
  specialFullyNested: boolean;
  specialMask: boolean;
  readIsr: boolean;
  poll: boolean;
  cascade: number;
}

/**
 * One Intel 8259A programmable interrupt controller (datasheet 231468), edge-triggered as on the PC.
 * Ports: offset 0 = command (ICW1, OCW2, OCW3; reads IRR or ISR), offset 1 = data (ICW2–ICW4, OCW1; reads
 * IMR). Priorities rotate from `priorityBase` (the IRQ with the highest priority, 0 after ICW1).
 * `onOutput` is told when the INT pin changes.
 */
export class Pic8259 implements PortDevice {
  readonly byteWide = true;
  private s: Pic8259State = Pic8259.initialState();

  constructor(
    readonly name: string,
    private readonly onOutput: (level: boolean) => void,
  ) {}

  private static initialState(): Pic8259State {
    return {
      irr: 0,
      isr: 0,
      imr: 0xff, // masked until initialised, so an uninitialised PIC never interrupts
      lineLevels: 0,
      vectorBase: 0,
      priorityBase: 0,
      initStep: 0,
      expectIcw4: false,
      singleMode: false,
      levelTriggered: false,
      edgeLevelControl: 0,
      autoEoi: false,
      rotateOnAutoEoi: false,
      specialFullyNested: false,
      specialMask: false,
      readIsr: false,
      poll: false,
      cascade: 0,
    };
  }

  private output = false;

  get irr(): number {
    return this.s.irr;
  }
  get isr(): number {
    return this.s.isr;
  }
  get imr(): number {
    return this.s.imr;
  }
  get vectorBase(): number {
    return this.s.vectorBase;
  }
  /** True while ICW2–ICW4 are still expected after an ICW1. */
  get initialising(): boolean {
    return this.s.initStep !== 0;
  }

  /** The IRQs (as a mask) that are level-triggered: all of them with ICW1's LTIM, else the ELCR's. */
  private levelMask(): number {
    return this.s.levelTriggered ? 0xff : this.s.edgeLevelControl;
  }

  /** The ELCR: which of this chip's inputs are level-triggered (PIIX4 datasheet, ports 0x4D0/0x4D1). */
  get edgeLevelControl(): number {
    return this.s.edgeLevelControl;
  }

  setEdgeLevelControl(mask: number): void {
    this.s.edgeLevelControl = mask & 0xff;
    // A line that is high and now level-triggered requests service, as it would on its next sample.
    this.s.irr |= this.s.lineLevels & this.s.edgeLevelControl;
    this.update();
  }

  /**
   * Drives input line `irq` (0–7). A rising edge latches a request into IRR (edge-triggered); a
   * level-triggered input requests service for as long as it is high.
   */
  setLine(irq: number, level: boolean): void {
    const bit = 1 << irq;
    const s = this.s;
    const levelTriggered = (this.levelMask() & bit) !== 0;
    if (level) {
      if ((s.lineLevels & bit) === 0 || levelTriggered) s.irr |= bit;
      s.lineLevels |= bit;
    } else {
      s.lineLevels &= ~bit;
      // Edge mode keeps the latched request (as QEMU does); level mode drops it with the line.
      if (levelTriggered) s.irr &= ~bit;
    }
    this.update();
  }

  /** The highest-priority IRQ in `mask` counting from `priorityBase`, or -1. */
  private highest(mask: number): number {
    if (mask === 0) return -1;
    for (let i = 0; i < 8; i++) {
      const irq = (this.s.priorityBase + i) & 7;
      if (mask & (1 << irq)) return irq;
    }
    return -1;
  }

  /** Priority rank of `irq` (0 = highest). */
  private rank(irq: number): number {
    return (irq - this.s.priorityBase) & 7;
  }

  /** The IRQ this chip would present now, or -1 (datasheet: "priority resolver"). */
  pendingIrq(): number {
    const s = this.s;
    const request = this.highest(s.irr & ~s.imr);
    if (request < 0) return -1;
    // In special mask mode masked in-service levels do not block; in special fully nested mode (master
    // only) the cascade input may interrupt its own level, so a second slave request gets through.
    let inService = s.isr;
    if (s.specialMask) inService &= ~s.imr;
    if (s.specialFullyNested) inService &= ~s.cascade;
    const blocking = this.highest(inService);
    if (blocking >= 0 && this.rank(blocking) <= this.rank(request)) return -1;
    return request;
  }

  private update(): void {
    const level = this.pendingIrq() >= 0;
    if (level !== this.output) {
      this.output = level;
      this.onOutput(level);
    }
  }

  /**
   * The first INTA pulse: the pending IRQ moves from IRR to ISR (or is ended at once in AEOI mode).
   * Returns the IRQ, or 7 for a spurious interrupt (nothing pending any more; ISR is left alone).
   */
  acknowledge(): number {
    const s = this.s;
    const irq = this.pendingIrq();
    if (irq < 0) {
      this.update();
      return 7;
    }
    const bit = 1 << irq;
    if ((this.levelMask() & bit) === 0) s.irr &= ~bit;
    if (s.autoEoi) {
      if (s.rotateOnAutoEoi) s.priorityBase = (irq + 1) & 7;
    } else {
      s.isr |= bit;
    }
    this.update();
    return irq;
  }

  /** Whether `irq` is a cascade input (master ICW3 bit). */
  isCascade(irq: number): boolean {
    return !this.s.singleMode && (this.s.cascade & (1 << irq)) !== 0;
  }

  /** True if `irq` is unmasked, so a request on it could reach the INT pin. */
  unmasked(irq: number): boolean {
    return (this.s.imr & (1 << irq)) === 0 && this.s.initStep === 0;
  }

  read(offset: number): number {
    const s = this.s;
    if (s.poll) {
      // Poll command: the read acts as INTA and returns 0x80 | level, or 0 when nothing is pending.
      s.poll = false;
      const irq = this.pendingIrq();
      if (irq < 0) return 0;
      this.acknowledge();
      return 0x80 | irq;
    }
    if (offset === 1) return s.imr;
    return s.readIsr ? s.isr : s.irr;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    value &= 0xff;
    const s = this.s;
    if (offset === 0) {
      if (value & 0x10) this.icw1(value);
      else if (value & 0x08) this.ocw3(value);
      else this.ocw2(value);
    } else {
      switch (s.initStep) {
        case 0:
          s.imr = value; // OCW1
          break;
        case 2: // ICW2: vector base; the low three bits come from the IRQ number
          s.vectorBase = value & 0xf8;
          s.initStep = s.singleMode ? (s.expectIcw4 ? 4 : 0) : 3;
          break;
        case 3: // ICW3: master = which inputs have slaves; slave = its cascade identity
          s.cascade = value;
          s.initStep = s.expectIcw4 ? 4 : 0;
          break;
        case 4: // ICW4: bit 1 AEOI, bit 4 special fully nested (bit 0, 8086 mode, is assumed)
          s.autoEoi = (value & 0x02) !== 0;
          s.specialFullyNested = (value & 0x10) !== 0;
          s.initStep = 0;
          break;
      }
    }
    this.update();
  }

  /** ICW1 starts the initialisation sequence and resets the chip's working state. */
  private icw1(value: number): void {
    const s = this.s;
    s.expectIcw4 = (value & 0x01) !== 0;
    s.singleMode = (value & 0x02) !== 0;
    s.levelTriggered = (value & 0x08) !== 0;
    // Datasheet: ICW1 clears the IMR and the edge-sense latches, gives IR7 the lowest priority,
    // clears special mask mode and selects IRR for status reads. Like QEMU we also drop IRR and ISR,
    // so a re-initialised PIC starts clean.
    s.imr = 0;
    s.irr = 0;
    s.isr = 0;
    s.lineLevels = 0;
    s.priorityBase = 0;
    s.specialMask = false;
    s.readIsr = false;
    s.poll = false;
    s.autoEoi = false;
    s.rotateOnAutoEoi = false;
    s.specialFullyNested = false;
    s.initStep = 2;
  }

  /** OCW2: end of interrupt and priority rotation (bits 7–5 = R, SL, EOI; bits 2–0 = level). */
  private ocw2(value: number): void {
    const s = this.s;
    const level = value & 7;
    switch (value >> 5) {
      case 0b001: {
        // Non-specific EOI: end the highest-priority in-service level.
        const irq = this.highest(s.isr);
        if (irq >= 0) s.isr &= ~(1 << irq);
        break;
      }
      case 0b011: // Specific EOI
        s.isr &= ~(1 << level);
        break;
      case 0b101: {
        // Rotate on non-specific EOI: the ended level becomes the lowest priority.
        const irq = this.highest(s.isr);
        if (irq >= 0) {
          s.isr &= ~(1 << irq);
          s.priorityBase = (irq + 1) & 7;
        }
        break;
      }
      case 0b111: // Rotate on specific EOI
        s.isr &= ~(1 << level);
        s.priorityBase = (level + 1) & 7;
        break;
      case 0b110: // Set priority: `level` becomes the lowest priority
        s.priorityBase = (level + 1) & 7;
        break;
      case 0b100:
        s.rotateOnAutoEoi = true;
        break;
      case 0b000:
        s.rotateOnAutoEoi = false;
        break;
      // 0b010: no operation
    }
  }

  /** OCW3: status register select, poll, special mask mode. */
  private ocw3(value: number): void {
    const s = this.s;
    if (value & 0x02) s.readIsr = (value & 0x01) !== 0;
    if (value & 0x04) s.poll = true;
    if (value & 0x40) s.specialMask = (value & 0x20) !== 0;
  }

  saveState(): Pic8259State {
    return { ...this.s };
  }

  loadState(state: Pic8259State): void {
    this.s = { ...state };
    this.output = this.pendingIrq() >= 0;
  }
}

/** A snapshot of the master/slave pair. */
export interface PicPairState {
  master: Pic8259State;
  slave: Pic8259State;
}

/**
 * The PC/AT pair: master at 0x20/0x21, slave at 0xA0/0xA1 cascaded into master IRQ2. The master's INT
 * pin drives `onInterruptLine` (the CPU's INTR); `acknowledge()` is the CPU's INTA cycle and returns the
 * vector, running the slave's INTA when the master selected its cascade input.
 */
export class PicPair {
  readonly master: Pic8259;
  readonly slave: Pic8259;
  private interruptLine = false;

  constructor(private readonly onInterruptLine: (asserted: boolean) => void) {
    this.master = new Pic8259('8259A master', (level) => {
      this.interruptLine = level;
      this.onInterruptLine(level);
    });
    this.slave = new Pic8259('8259A slave', (level) => this.master.setLine(2, level));
  }

  /** Drives ISA IRQ line 0–15. */
  setIrq(irq: number, level: boolean): void {
    if (irq < 8) this.master.setLine(irq, level);
    else this.slave.setLine(irq - 8, level);
  }

  /** A rising then falling edge on `irq`: one edge-triggered request. */
  pulseIrq(irq: number): void {
    this.setIrq(irq, true);
    this.setIrq(irq, false);
  }

  /** The state of the master's INT pin (the CPU's INTR line). */
  get intr(): boolean {
    return this.interruptLine;
  }

  /** INTA: returns the vector the CPU reads from the bus. */
  acknowledge(): number {
    const irq = this.master.acknowledge();
    if (this.master.isCascade(irq)) {
      const slaveIrq = this.slave.acknowledge();
      return (this.slave.vectorBase + slaveIrq) & 0xff;
    }
    return (this.master.vectorBase + irq) & 0xff;
  }

  /** True if a request on `irq` could reach the CPU (its mask bits, and the cascade's, are clear). */
  canDeliver(irq: number): boolean {
    if (irq < 8) return this.master.unmasked(irq);
    return this.slave.unmasked(irq - 8) && this.master.unmasked(2);
  }

  saveState(): PicPairState {
    return { master: this.master.saveState(), slave: this.slave.saveState() };
  }

  loadState(state: PicPairState): void {
    this.slave.loadState(state.slave);
    this.master.loadState(state.master);
    this.interruptLine = this.master.pendingIrq() >= 0;
  }
}
