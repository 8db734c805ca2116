import {
  type CostModel,
  Cpu,
  type CpuOptions,
  type CpuState,
  type IoBus,
  type MemorySnapshot,
  PhysicalMemory,
} from '@vmi386/cpu';
import {
  ACPI_PM_PORTS,
  type AcpiPmState,
  AcpiPowerManagement,
  PM_TIMER,
  PM_TIMER_COUNTS_PER_PIT_TICK,
  PM1_CONTROL,
  SOFT_OFF_SLEEP_TYPE,
} from './acpi-pm.js';
import { type AcpiTables, buildAcpiTables } from './acpi-tables.js';
import { checkMachineOptions } from './argument-checks.js';
import { DebugExitPort } from './debug-exit.js';
import { EdgeLevelControl } from './elcr.js';
import { FastA20Port } from './fast-a20-port.js';
import { I8042, type I8042State } from './i8042.js';
import { enterLinuxState, type LinuxBoot, type LinuxBootOptions, loadLinux } from './linux-loader.js';
import { loadMultiboot, type MultibootBoot, type MultibootOptions } from './multiboot.js';
import { enterMultibootState } from './multiboot-cpu-state.js';
import { PciConfigPorts } from './pci-config.js';
import { PicPair, type PicPairState } from './pic.js';
import { PIT_INPUT_HZ, Pit8254, type PitChannelState } from './pit.js';
import { PortBus } from './port-bus.js';
import { PostCodePort } from './post-port.js';
import { DEFAULT_RTC_DATE, Mc146818Rtc, type Mc146818State, RTC_IRQ } from './rtc.js';
import { SerialTypist, type SerialTypistState } from './serial-typist.js';
import { SystemControlPort } from './system-control-port.js';
import { Uart16550, type Uart16550State } from './uart.js';

/**
 * Virtual time: PIT input ticks per retired instruction is 1 / `instructionsPerPitTick`. The default
 * models a 300 MHz Pentium II retiring about one instruction per clock: 300e6 / 1.193182e6 ≈ 251
 * instructions per PIT tick, so a PIT programmed for 100 Hz (count 11932) interrupts every
 * 2,994,932 instructions.
 */
export const DEFAULT_INSTRUCTIONS_PER_PIT_TICK = 251;
export const DEFAULT_MEMORY_SIZE = 64 * 1024 * 1024;
/**
 * About how long one I/O port access takes on a PC of the Pentium II era: an ISA bus cycle, about
 * 1 µs (the reason Linux uses a write to port 0x80 as a 1 µs delay). Linux's fast TSC calibration
 * depends on it: it reads PIT channel 2 right after loading it and expects the count to have started.
 */
export const ISA_PORT_ACCESS_NANOSECONDS = 1000;

export const COM1_PORT = 0x3f8;
export const COM1_IRQ = 4;
export const DEBUG_EXIT_PORT = 0xf4;
export const TIMER_IRQ = 0;
/** The ACPI power-management block (PM1 status/enable, PM1 control, PM timer), where PIIX4 has it. */
export const ACPI_PM_PORT = 0x600;
/** The ACPI system control interrupt, as on PIIX4 boards. */
export const ACPI_SCI_IRQ = 9;

export interface PcMachineOptions {
  /** RAM in bytes (a multiple of 4096); default 64 MiB. */
  memorySize?: number;
  /** Receives the guest's serial output (COM1) as text, decoded as UTF-8 as it arrives. */
  console?: (text: string) => void;
  /** Receives every byte the guest transmits on COM1. */
  serialOutput?: (byte: number) => void;
  /** Bytes queued for the guest to read from COM1. */
  input?: string | Uint8Array;
  /** How many retired instructions one PIT input tick lasts (an integer ≥ 1). */
  instructionsPerPitTick?: number;
  costModel?: CostModel;
  /** The date the real-time clock shows at power-on; default 2000-01-01 00:00:00 UTC. */
  rtcDate?: Date;
  /**
   * Virtual nanoseconds the CPU waits on each I/O port access (IN, OUT, one element of INS/OUTS);
   * default 0, so port accesses take no time. `ISA_PORT_ACCESS_NANOSECONDS` models a PC's ISA bus.
   */
  portAccessNanoseconds?: number;
  /** The CPU's block compiler (default on). Every count and result is the same with it off. */
  compile?: CpuOptions['compile'];
}

/** Distributes Omit over a union's members. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type PcStopReason =
  | 'exit'
  | 'power-off'
  | 'halt'
  | 'limit'
  | 'triple-fault'
  | 'reset'
  | 'breakpoint'
  | 'stop-requested'
  | 'instruction-reached';

/** How long a `PcMachine.run` lasted, whatever stopped it. */
export interface PcRunCounts {
  /** Instructions retired during this run. */
  instructions: number;
  /** Virtual time that passed during this run, in instructions (halted time included). */
  elapsed: number;
  /** Machine virtual time at the end, in instructions since power-on. */
  time: number;
}

/** Why `PcMachine.run` returned: a discriminated union on `reason`, with the run's counts. */
export type PcRunResult = PcRunCounts &
  (
    | /** The guest wrote isa-debug-exit: `exitCode` is `(value << 1) | 1`. */ {
        reason: 'exit';
        exitCode: number;
      }
    | /** The CPU shut down; `detail` says why (as in the CPU's `StopReason`). */ {
        reason: 'triple-fault';
        detail: string;
      }
    | /** The CPU stopped before the instruction at `eip`. */ { reason: 'breakpoint'; eip: number }
    | /** The guest entered ACPI soft-off (S5) through PM1 control. */ { reason: 'power-off' }
    | { reason: 'halt' | 'limit' | 'reset' | 'stop-requested' | 'instruction-reached' }
  );

function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

/** A restorable point of the whole machine (see `PcMachine.snapshot`). */
export interface PcSnapshot {
  readonly cpu: CpuState;
  readonly memory: MemorySnapshot;
  readonly pic: PicPairState;
  readonly pit: PitChannelState[];
  readonly serial: Uart16550State;
  readonly rtc: Mc146818State;
  readonly keyboardController: I8042State;
  readonly acpiPm: AcpiPmState;
  readonly fastA20: number;
  readonly pciAddress: number;
  readonly systemControl: number;
  readonly idleTime: number;
  readonly busWaitTime: number;
  readonly typist: SerialTypistState | undefined;
  readonly timerSeenTick: number;
  readonly exitCode: number | undefined;
  readonly poweredOff: boolean;
}

/**
 * A deterministic PC: RAM, the port bus with an 8259A pair, an 8254, a 16550 at COM1 (IRQ4), the
 * isa-debug-exit port at 0xF4, system control port B, an ACPI power-management block at 0x600
 * (PM timer, soft-off; SCI on IRQ 9) and the ELCR at 0x4D0, around one `Cpu`. Time is the instruction
 * counter plus the time skipped while halted; `run()` cuts the CPU's work into slices that end exactly
 * at the next timer edge, so IRQ0 is raised after a precise number of instructions.
 */
export class PcMachine {
  readonly memory: PhysicalMemory;
  readonly bus = new PortBus();
  readonly cpu: Cpu;
  readonly pic: PicPair;
  readonly pit: Pit8254;
  readonly serial: Uart16550;
  readonly systemControl: SystemControlPort;
  readonly rtc: Mc146818Rtc;
  readonly keyboardController: I8042;
  readonly fastA20: FastA20Port;
  readonly acpiPm: AcpiPowerManagement;
  readonly pciConfig = new PciConfigPorts();
  readonly postCode = new PostCodePort();
  readonly instructionsPerPitTick: number;
  /** Virtual time (in instructions) one I/O port access lasts; 0 when accesses take no time. */
  readonly portAccessTime: number;

  private idleTime = 0; // virtual time spent halted, in instructions
  private busWaitTime = 0; // virtual time spent waiting on I/O port accesses, in instructions
  private typist: SerialTypist | undefined;
  private timerSeenTick = 0; // IRQ0 edges at ticks ≤ this have been delivered to the PIC
  private exitCode: number | undefined;
  private poweredOff = false;
  private inSlice = false; // inside cpu.run: a device's schedule change ends the slice
  private resetRequested = false;
  private readonly decoder = new TextDecoder();

  constructor(options: PcMachineOptions = {}) {
    checkMachineOptions(options);
    const perTick = options.instructionsPerPitTick ?? DEFAULT_INSTRUCTIONS_PER_PIT_TICK;
    if (!Number.isInteger(perTick) || perTick < 1) {
      throw new RangeError(`instructionsPerPitTick must be an integer ≥ 1, got ${perTick}`);
    }
    this.instructionsPerPitTick = perTick;
    const accessNanoseconds = options.portAccessNanoseconds ?? 0;
    if (!Number.isFinite(accessNanoseconds) || accessNanoseconds < 0) {
      throw new RangeError(`portAccessNanoseconds must be a number ≥ 0, got ${accessNanoseconds}`);
    }
    this.portAccessTime = Math.round(accessNanoseconds * 1e-9 * this.timePerSecond);
    this.memory = new PhysicalMemory(options.memorySize ?? DEFAULT_MEMORY_SIZE);
    this.cpu = new Cpu({
      memory: this.memory,
      io: this.cpuPortBus(),
      costModel: options.costModel,
      compile: options.compile,
    });

    this.pic = new PicPair((asserted) => this.cpu.setInterruptLine(asserted));
    this.cpu.interruptAcknowledge = () => this.pic.acknowledge();
    // One clock: the TSC counts one cycle per unit of machine time (a retired or idle instruction),
    // so it runs at instructionsPerPitTick × 1.193182 MHz against the PIT and the RTC.
    this.cpu.timeStampCounter = () => this.time;

    const ticksNow = () => this.ticks();
    this.pit = new Pit8254(ticksNow, () => this.reschedule());
    this.systemControl = new SystemControlPort(this.pit, ticksNow);
    this.rtc = new Mc146818Rtc(
      ticksNow,
      (level) => this.pic.setIrq(RTC_IRQ, level),
      options.rtcDate ?? DEFAULT_RTC_DATE,
      () => this.stopCpuSoon(),
    );
    const requestReset = () => {
      this.resetRequested = true;
      this.stopCpuSoon();
    };
    this.keyboardController = new I8042((irq, level) => this.pic.setIrq(irq, level), requestReset);
    this.fastA20 = new FastA20Port(requestReset);
    this.acpiPm = new AcpiPowerManagement(
      () => this.pmTimerCount(),
      (level) => this.pic.setIrq(ACPI_SCI_IRQ, level),
      () => {
        this.poweredOff = true;
        this.stopCpuSoon();
      },
    );

    const { console: consoleSink, serialOutput } = options;
    this.serial = new Uart16550(
      '16550A COM1',
      (byte) => {
        this.typist?.noteOutput(this.time);
        serialOutput?.(byte);
        if (consoleSink) {
          const text = this.decoder.decode(new Uint8Array([byte]), { stream: true });
          if (text) consoleSink(text);
        }
      },
      (level) => this.pic.setIrq(COM1_IRQ, level),
      (listening) => {
        if (!this.typist) return;
        this.typist.noteListening(listening, this.time);
        if (!this.typist.done) this.stopCpuSoon(); // the next byte may now be due: reschedule
      },
      { now: () => this.time, perSecond: this.timePerSecond, reschedule: () => this.stopCpuSoon() },
    );

    this.bus.register(this.pic.master, 0x20, 2);
    this.bus.register(this.pic.slave, 0xa0, 2);
    this.bus.register(this.pit, 0x40, 4);
    this.bus.register(this.systemControl, 0x61, 1);
    this.bus.register(this.serial, COM1_PORT, 8);
    this.bus.register(this.rtc, 0x70, 2);
    this.bus.register(this.keyboardController.dataPort, 0x60, 1);
    this.bus.register(this.keyboardController.commandPort, 0x64, 1);
    this.bus.register(this.postCode, 0x80, 1);
    this.bus.register(this.fastA20, 0x92, 1);
    this.bus.register(this.pciConfig, 0xcf8, 8);
    this.bus.register(this.acpiPm, ACPI_PM_PORT, ACPI_PM_PORTS);
    this.bus.register(new EdgeLevelControl(this.pic), 0x4d0, 2);
    this.bus.register(
      new DebugExitPort((code) => {
        this.exitCode = code;
        this.stopCpuSoon();
      }),
      DEBUG_EXIT_PORT,
      4,
    );

    if (options.input !== undefined) this.sendInput(options.input);
  }

  /**
   * Machine virtual time in instructions: retired instructions plus time skipped while halted plus
   * time spent waiting on port accesses.
   */
  get time(): number {
    return this.cpu.instructionCount + this.idleTime + this.busWaitTime;
  }

  /** Units of virtual time (instructions) per virtual second. */
  get timePerSecond(): number {
    return PIT_INPUT_HZ * this.instructionsPerPitTick;
  }

  /**
   * The port bus as the CPU sees it: with a port access time, each access first lets that much
   * virtual time pass (the bus cycle), then ends the CPU's slice so timer edges stay exact.
   */
  private cpuPortBus(): IoBus {
    if (this.portAccessTime === 0) return this.bus;
    const bus = this.bus;
    return {
      read: (port, size) => {
        this.waitForBus();
        return bus.read(port, size);
      },
      write: (port, size, value) => {
        this.waitForBus();
        bus.write(port, size, value);
      },
    };
  }

  private waitForBus(): void {
    this.busWaitTime += this.portAccessTime;
    this.stopCpuSoon();
  }

  /** The ACPI PM timer's count since power-on: three per PIT input tick, from the same clock. */
  private pmTimerCount(): number {
    return Math.floor((this.time * PM_TIMER_COUNTS_PER_PIT_TICK) / this.instructionsPerPitTick);
  }

  /** The current PIT input tick. */
  ticks(): number {
    return Math.floor(this.time / this.instructionsPerPitTick);
  }

  /**
   * Queues text (UTF-8) or bytes for the guest to read from COM1 at once (as fast as its receiver
   * takes them). For a guest that polls COM1, or for what a person types at a terminal right now.
   */
  sendInput(input: string | Uint8Array): void {
    this.serial.receive(toBytes(input));
  }

  /**
   * Types text (UTF-8) or bytes into COM1 as a person would (`SerialTypist`): only while the guest
   * listens, each line once its output has paused, at the line's character rate. For scripted input
   * to a guest that opens the port later (Linux's shell). Deterministic: typing instants are virtual.
   * Called during `run` (from a console callback), it takes effect at the next slice boundary.
   */
  typeInput(input: string | Uint8Array): void {
    this.typist ??= new SerialTypist(this.serial, this.timePerSecond, this.time);
    this.typist.append(toBytes(input));
  }

  /** Bytes of `typeInput` not typed yet. */
  get inputToType(): number {
    return this.typist?.remaining ?? 0;
  }

  /**
   * Loads a Multiboot v1 image and puts the CPU in the state the specification defines (section 3.2):
   * EAX = 0x2BADB002, EBX = the boot information address, flat 32-bit code and data segments,
   * protected mode without paging, IF = 0, EIP = the entry point.
   */
  loadMultiboot(image: Uint8Array, options: MultibootOptions = {}): MultibootBoot {
    const boot = loadMultiboot(this.memory, image, options);
    enterMultibootState(this.cpu, this.memory, boot);
    return boot;
  }

  /**
   * Loads a bzImage (with an optional initrd and command line) for the 32-bit Linux boot protocol and
   * puts the CPU at its protected-mode entry with ESI = boot_params. The ACPI tables go into the BIOS
   * area as a BIOS would leave them (`writeAcpiTables`), so Linux finds the PM timer and can power off.
   */
  loadLinux(image: Uint8Array, options: LinuxBootOptions = {}): LinuxBoot {
    const boot = loadLinux(this.memory, image, options);
    this.writeAcpiTables();
    enterLinuxState(this.cpu, this.memory, boot);
    return boot;
  }

  /**
   * Writes the ACPI 1.0 tables that describe this machine's power-management block (RSDP at 0xF0000,
   * found by the standard scan of 0xE0000–0xFFFFF) and returns where they are.
   */
  writeAcpiTables(): AcpiTables {
    const tables = buildAcpiTables({
      pm1EventPort: ACPI_PM_PORT,
      pm1ControlPort: ACPI_PM_PORT + PM1_CONTROL,
      pmTimerPort: ACPI_PM_PORT + PM_TIMER,
      sciIrq: ACPI_SCI_IRQ,
      softOffSleepType: SOFT_OFF_SLEEP_TYPE,
    });
    this.memory.write(tables.base, tables.bytes);
    return tables;
  }

  /**
   * Runs until the guest exits through isa-debug-exit, halts with no interrupt able to wake it, triple
   * faults, reaches a breakpoint, or `maxInstructions` of virtual time pass (time spent halted counts,
   * so a halted guest waiting for a far timer cannot run forever).
   */
  run(options: { maxInstructions: number }): PcRunResult {
    const cpu = this.cpu;
    const startInstructions = cpu.instructionCount;
    const startTime = this.time;
    const deadline = startTime + Math.max(0, options.maxInstructions);
    const result = (stop: DistributiveOmit<PcRunResult, keyof PcRunCounts>): PcRunResult => ({
      ...stop,
      instructions: cpu.instructionCount - startInstructions,
      elapsed: this.time - startTime,
      time: this.time,
    });

    for (;;) {
      if (this.exitCode !== undefined) return result({ reason: 'exit', exitCode: this.exitCode });
      if (this.poweredOff) return result({ reason: 'power-off' });
      if (this.resetRequested) return result({ reason: 'reset' });
      this.deliverTimerEdges();
      this.rtc.poll();
      this.acpiPm.poll();
      this.serial.poll();
      const now = this.time;
      this.typist?.typeDue(now);
      if (now >= deadline) return result({ reason: 'limit' });
      const sliceEnd = Math.min(
        deadline,
        this.nextTimerEdgeTime(),
        this.nextRtcTime(),
        this.nextSciTime(),
        this.serial.nextTimeoutTime(),
        this.typist?.nextTime() ?? Infinity,
      );

      if (cpu.halted && !this.interruptDeliverableNow()) {
        if (!this.canEverWake()) return result({ reason: 'halt' });
        this.idleTime += sliceEnd - now; // nothing happens until the next timer edge or typed byte
        continue;
      }

      this.inSlice = true;
      let stop: ReturnType<Cpu['run']>;
      try {
        stop = cpu.run(sliceEnd - now);
      } finally {
        this.inSlice = false;
      }
      switch (stop.kind) {
        case 'limit':
        case 'halt':
        case 'slice-end':
          break;
        case 'stop-requested':
          return result({ reason: 'stop-requested' });
        case 'breakpoint':
          return result({ reason: 'breakpoint', eip: stop.eip });
        case 'triple-fault':
          return result({ reason: 'triple-fault', detail: stop.detail });
        default:
          // Cpu.stopAtInstruction was reached (the event injector's "stop before instruction N").
          return result({ reason: 'instruction-reached' });
      }
    }
  }

  /** True when the CPU would take an interrupt at the next boundary (INTR asserted and IF = 1). */
  private interruptDeliverableNow(): boolean {
    return this.pic.intr && (this.cpu.eflags & 0x200) !== 0;
  }

  /**
   * Whether a halted CPU can ever be woken: it needs IF = 1 and a timer edge or a typed byte that the
   * PIC would pass on. (Input sent with `sendInput` interrupts at once when it arrives, so it never
   * wakes a CPU later; once IRR0 is latched but blocked by a higher in-service level, further edges
   * change nothing while halted.)
   */
  private canEverWake(): boolean {
    if ((this.cpu.eflags & 0x200) === 0) return false;
    if (this.pic.canDeliver(COM1_IRQ)) {
      if (this.typist && this.typist.nextTime() !== Infinity) return true;
      if (this.serial.nextTimeoutTime() !== Infinity) return true;
    }
    if (this.pic.canDeliver(RTC_IRQ) && this.rtc.nextInterruptTick() !== Infinity) return true;
    if (this.pic.canDeliver(ACPI_SCI_IRQ) && this.acpiPm.nextSciCount() !== Infinity) return true;
    if (!this.pic.canDeliver(TIMER_IRQ)) return false;
    if (this.pic.master.irr & (1 << TIMER_IRQ)) return false;
    return this.pit.nextRisingEdge(0, this.ticks()) !== Infinity;
  }

  /** Pulses IRQ0 once for each channel-0 rising edge up to now. */
  private deliverTimerEdges(): void {
    const now = this.ticks();
    for (;;) {
      const edge = this.pit.nextRisingEdge(0, this.timerSeenTick);
      if (edge > now) break;
      this.timerSeenTick = edge;
      this.pic.pulseIrq(TIMER_IRQ);
    }
    if (this.timerSeenTick < now) this.timerSeenTick = now;
  }

  /** Virtual time (instructions) of the next channel-0 edge, or Infinity. */
  private nextTimerEdgeTime(): number {
    return this.timeAtTick(this.pit.nextRisingEdge(0, this.ticks()));
  }

  /** Virtual time (instructions) of the RTC's next interrupt, or Infinity. */
  private nextRtcTime(): number {
    return this.timeAtTick(this.rtc.nextInterruptTick());
  }

  /** Virtual time (instructions) at PIT input tick `tick` (Infinity stays Infinity). */
  private timeAtTick(tick: number): number {
    return tick === Infinity ? Infinity : tick * this.instructionsPerPitTick;
  }

  /** Virtual time (instructions) at which the ACPI timer carry raises the SCI, or Infinity. */
  private nextSciTime(): number {
    const count = this.acpiPm.nextSciCount();
    return count === Infinity
      ? Infinity
      : Math.ceil((count * this.instructionsPerPitTick) / PM_TIMER_COUNTS_PER_PIT_TICK);
  }

  /** A device changed the schedule during a slice: end the slice after this instruction. */
  private reschedule(): void {
    this.timerSeenTick = Math.max(this.timerSeenTick, this.ticks());
    this.stopCpuSoon();
  }

  /**
   * A device changed what the run loop must look at: end the current slice after this instruction
   * (`Cpu.endSlice`, which never hides a stop the caller requested at the same boundary). Between
   * slices there is nothing to end: the loop looks at everything before the next one.
   */
  private stopCpuSoon(): void {
    if (!this.inSlice) return;
    this.cpu.endSlice();
  }

  /**
   * Snapshots the whole machine. Memory is copy-on-write (PhysicalMemory.snapshot), so taking one is
   * cheap and restoring costs the pages written since; only the latest snapshot can be restored.
   */
  snapshot(): PcSnapshot {
    return {
      cpu: this.cpu.saveState(),
      memory: this.memory.snapshot(),
      pic: this.pic.saveState(),
      pit: this.pit.saveState(),
      serial: this.serial.saveState(),
      rtc: this.rtc.saveState(),
      keyboardController: this.keyboardController.saveState(),
      acpiPm: this.acpiPm.saveState(),
      fastA20: this.fastA20.saveState(),
      pciAddress: this.pciConfig.saveState(),
      systemControl: this.systemControl.saveState(),
      idleTime: this.idleTime,
      busWaitTime: this.busWaitTime,
      typist: this.typist?.saveState(),
      timerSeenTick: this.timerSeenTick,
      exitCode: this.exitCode,
      poweredOff: this.poweredOff,
    };
  }

  /** Returns the machine to `snapshot` (the latest one taken). */
  restore(snapshot: PcSnapshot): void {
    this.memory.restore(snapshot.memory);
    this.cpu.loadState(snapshot.cpu);
    this.pit.loadState(snapshot.pit);
    this.serial.loadState(snapshot.serial);
    this.rtc.loadState(snapshot.rtc);
    this.keyboardController.loadState(snapshot.keyboardController);
    this.acpiPm.loadState(snapshot.acpiPm);
    this.fastA20.loadState(snapshot.fastA20);
    this.pciConfig.loadState(snapshot.pciAddress);
    this.systemControl.loadState(snapshot.systemControl);
    this.pic.loadState(snapshot.pic);
    this.cpu.setInterruptLine(this.pic.intr);
    this.idleTime = snapshot.idleTime;
    this.busWaitTime = snapshot.busWaitTime;
    if (snapshot.typist) {
      this.typist ??= new SerialTypist(this.serial, this.timePerSecond, 0);
      this.typist.loadState(snapshot.typist);
    } else {
      this.typist = undefined;
    }
    this.timerSeenTick = snapshot.timerSeenTick;
    this.exitCode = snapshot.exitCode;
    this.poweredOff = snapshot.poweredOff;
  }
}
