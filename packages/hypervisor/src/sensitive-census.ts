import type { Cpu } from '@vmi386/cpu';
import { PAGE_SIZE, ROM_BASE } from './layout.js';

/**
 * What a deprivileged kernel's *sensitive but unprivileged* instructions got wrong: at CPL 1 they
 * run without a fault and read or ignore the real state instead of the virtual one (the reason the
 * i386 is not classically virtualizable: Robin & Irvine, USENIX Security 2000).
 */
export type SensitiveEffect =
  | 'popf ignored IF'
  | 'iret ignored IF'
  | 'pushf showed the real IF'
  | 'smsw showed the real CR0'
  | 'sgdt showed the monitor’s GDT'
  | 'sidt showed the monitor’s IDT'
  | 'cs/ss showed RPL 1';

const IF_MASK = 0x200;
// LAR/LSL/VERR/VERW read the shadow descriptors too, but those differ from the guest's only for the
// kernel's own segments (DPL 1, limits ending below the monitor), which a kernel has no reason to
// query; they are not counted.
const SENSITIVE_FIRST_BYTES = new Set([0x9d, 0xcf, 0x9c, 0x0e, 0x16, 0x8c, 0x0f]);

/**
 * A lab instrument, not part of the monitor (which by design cannot see these instructions: they
 * do not trap): watches every guest-kernel instruction through the CPU's trace hook and counts
 * each sensitive instruction whose result differs from what the kernel would get in ring 0.
 */
export class SensitiveInstructionCensus {
  readonly counts = new Map<SensitiveEffect, number>();
  /**
   * First opcode byte (after 0x66 prefixes) and the next two, by linear address, one array per 4 KiB
   * page (0: not read yet): code does not change here. The page of the previous instruction is kept
   * apart, since the next one is nearly always in it (a Map lookup per instruction cost more than
   * the rest of the census).
   */
  private readonly opcodePages = new Map<number, Int32Array>();
  private lastPage = -1;
  private lastOpcodes: Int32Array = new Int32Array(0);

  constructor(
    private readonly cpu: Cpu,
    /** The guest kernel's virtual IF. */
    private readonly virtualIf: () => boolean,
  ) {
    const previous = cpu.hooks.trace;
    cpu.hooks.trace = (c) => {
      previous?.(c);
      if (c.cpl === 1) this.inspect();
    };
    cpu.updateAttention();
  }

  private note(effect: SensitiveEffect): void {
    this.counts.set(effect, (this.counts.get(effect) ?? 0) + 1);
  }

  private read32(linear: number): number | undefined {
    const bytes = this.cpu.readLinear(linear >>> 0, 4);
    if (!(bytes instanceof Uint8Array)) return undefined;
    return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  }

  /**
   * The instruction's opcode bytes packed as op | op2 << 8 | modrm << 16 | 1 << 24, or -1 while its
   * page cannot be read (not cached: the kernel may map it before it runs there).
   */
  private opcodeAt(linear: number): number {
    const page = linear >>> 12;
    if (page !== this.lastPage) {
      let opcodes = this.opcodePages.get(page);
      if (opcodes === undefined) {
        opcodes = new Int32Array(PAGE_SIZE);
        this.opcodePages.set(page, opcodes);
      }
      this.lastPage = page;
      this.lastOpcodes = opcodes;
    }
    const offset = linear & (PAGE_SIZE - 1);
    const known = this.lastOpcodes[offset];
    if (known !== 0) return known;
    const code = this.cpu.readLinear(linear, 6);
    if (!(code instanceof Uint8Array)) return -1;
    let i = 0;
    while (code[i] === 0x66 && i < 3) i++;
    // Bit 24 keeps an ADD (00 00 00) apart from 0, "not read yet".
    const packed = code[i] | (code[i + 1] << 8) | (code[i + 2] << 16) | (1 << 24);
    this.lastOpcodes[offset] = packed;
    return packed;
  }

  private inspect(): void {
    const cpu = this.cpu;
    const linear = (cpu.csBase + cpu.ip) >>> 0;
    if (linear >= ROM_BASE && linear < ROM_BASE + PAGE_SIZE) return; // the ROM is written for ring 1
    const packed = this.opcodeAt(linear);
    if (packed < 0 || !SENSITIVE_FIRST_BYTES.has(packed & 0xff)) return;
    const code = [packed & 0xff, (packed >>> 8) & 0xff, (packed >>> 16) & 0xff];
    const i = 0;
    const op = code[i];
    const stack = (offset: number) => this.read32(cpu.getSegment('ss').base + cpu.esp + offset);
    const vif = this.virtualIf();
    switch (op) {
      case 0x9d: {
        const popped = stack(0);
        if (popped !== undefined && ((popped & IF_MASK) !== 0) !== vif) this.note('popf ignored IF');
        return;
      }
      case 0xcf: {
        const flags = stack(8);
        if (flags !== undefined && ((flags & IF_MASK) !== 0) !== vif) this.note('iret ignored IF');
        return;
      }
      case 0x9c:
        if (!vif) this.note('pushf showed the real IF');
        return;
      case 0x0e:
      case 0x16:
        this.note('cs/ss showed RPL 1');
        return;
      case 0x8c: {
        const reg = (code[i + 1] >>> 3) & 7;
        if (reg === 1 || reg === 2) this.note('cs/ss showed RPL 1');
        return;
      }
      case 0x0f: {
        const op2 = code[i + 1];
        const reg = (code[i + 2] >>> 3) & 7;
        if (op2 === 0x01 && reg === 0) this.note('sgdt showed the monitor’s GDT');
        else if (op2 === 0x01 && reg === 1) this.note('sidt showed the monitor’s IDT');
        else if (op2 === 0x01 && reg === 4) this.note('smsw showed the real CR0');
        return;
      }
    }
  }
}
