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
/** The opcodes watched, as the decoder keys them (map · 256 + byte): 0x101 is 0F 01 (SGDT, SIDT, SMSW). */
const SENSITIVE_OPCODES = new Set([0x9d, 0xcf, 0x9c, 0x0e, 0x16, 0x8c, 0x101]);

/**
 * A lab instrument, not part of the monitor (which by design cannot see these instructions: they
 * do not trap): watches the guest kernel's sensitive instructions (`Cpu.watchInstructions`, selected
 * by opcode, so everything else runs at full speed) and counts each one whose result differs from
 * what the kernel would get in ring 0.
 */
export class SensitiveInstructionCensus {
  readonly counts = new Map<SensitiveEffect, number>();

  constructor(
    private readonly cpu: Cpu,
    /** The guest kernel's virtual IF. */
    private readonly virtualIf: () => boolean,
  ) {
    cpu.watchInstructions({
      selects: (_physical, opcode) => SENSITIVE_OPCODES.has(opcode),
      before: (c, opcode, modrm) => {
        if (c.cpl === 1) this.inspect(opcode, modrm);
      },
    });
  }

  private note(effect: SensitiveEffect): void {
    this.counts.set(effect, (this.counts.get(effect) ?? 0) + 1);
  }

  private read32(linear: number): number | undefined {
    const bytes = this.cpu.readLinear(linear >>> 0, 4);
    if (!(bytes instanceof Uint8Array)) return undefined;
    return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  }

  private inspect(opcode: number, modrm: number): void {
    const cpu = this.cpu;
    const linear = (cpu.csBase + cpu.ip) >>> 0;
    if (linear >= ROM_BASE && linear < ROM_BASE + PAGE_SIZE) return; // the ROM is written for ring 1
    const stack = (offset: number) => this.read32(cpu.getSegment('ss').base + cpu.esp + offset);
    const vif = this.virtualIf();
    const reg = (modrm >>> 3) & 7;
    switch (opcode) {
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
      case 0x8c:
        if (reg === 1 || reg === 2) this.note('cs/ss showed RPL 1');
        return;
      case 0x101:
        if (reg === 0) this.note('sgdt showed the monitor’s GDT');
        else if (reg === 1) this.note('sidt showed the monitor’s IDT');
        else if (reg === 4) this.note('smsw showed the real CR0');
        return;
    }
  }
}
