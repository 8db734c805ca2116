// The x87 environment image stored by FNSTENV/FNSAVE and loaded by FLDENV/FRSTOR, protected-mode layouts
// (SDM Vol. 1, 8.1.10 "Saving the x87 FPU's State", Figures 8-9 and 8-10).
import type { FpuBus } from './contract.js';

export interface Environment {
  cw: number;
  sw: number;
  /** The full tag word: two bits per physical register (00 valid, 01 zero, 10 special, 11 empty). */
  tw: number;
  fip: number;
  fcs: number;
  /** Last opcode: 11 bits (low 3 bits of the first opcode byte, then the ModR/M byte). */
  fop: number;
  fdp: number;
  fds: number;
}

/** Bytes of the environment image: 28 with a 32-bit operand size, 14 with a 16-bit one. */
export function environmentSize(operandSize32: boolean): number {
  return operandSize32 ? 28 : 14;
}

export function writeEnvironment(bus: FpuBus, at: number, env: Environment, operandSize32: boolean): void {
  if (operandSize32) {
    // The reserved upper halves read back as ones on the processors we compare with.
    bus.writeU32(at, (0xffff0000 | env.cw) >>> 0);
    bus.writeU32(at + 4, (0xffff0000 | env.sw) >>> 0);
    bus.writeU32(at + 8, (0xffff0000 | env.tw) >>> 0);
    bus.writeU32(at + 12, env.fip >>> 0);
    bus.writeU32(at + 16, ((env.fop & 0x7ff) << 16) | (env.fcs & 0xffff));
    bus.writeU32(at + 20, env.fdp >>> 0);
    bus.writeU32(at + 24, (0xffff0000 | env.fds) >>> 0);
  } else {
    bus.writeU16(at, env.cw);
    bus.writeU16(at + 2, env.sw);
    bus.writeU16(at + 4, env.tw);
    bus.writeU16(at + 6, env.fip & 0xffff);
    bus.writeU16(at + 8, env.fcs & 0xffff);
    bus.writeU16(at + 10, env.fdp & 0xffff);
    bus.writeU16(at + 12, env.fds & 0xffff);
  }
}

export function readEnvironment(bus: FpuBus, at: number, operandSize32: boolean): Environment {
  if (operandSize32) {
    const csAndOp = bus.readU32(at + 16);
    return {
      cw: bus.readU16(at),
      sw: bus.readU16(at + 4),
      tw: bus.readU16(at + 8),
      fip: bus.readU32(at + 12) >>> 0,
      fcs: csAndOp & 0xffff,
      fop: (csAndOp >>> 16) & 0x7ff,
      fdp: bus.readU32(at + 20) >>> 0,
      fds: bus.readU16(at + 24),
    };
  }
  return {
    cw: bus.readU16(at),
    sw: bus.readU16(at + 2),
    tw: bus.readU16(at + 4),
    fip: bus.readU16(at + 6),
    fcs: bus.readU16(at + 8),
    fop: 0,
    fdp: bus.readU16(at + 10),
    fds: bus.readU16(at + 12),
  };
}
