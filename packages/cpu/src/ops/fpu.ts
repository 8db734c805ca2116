/**
 * The integer core's side of the x87 (see x87/contract.ts): it decodes ESC (D8–DF), FWAIT and
 * FXSAVE/FXRSTOR, raises #NM from CR0.EM/TS/MP, resolves memory operands to linear addresses and
 * calls the FpuUnit. Without a unit attached (`fpu: null`), ESC opcodes raise #NM when CR0.EM or CR0.TS
 * is set and #UD otherwise.
 */
import { ARITH_FLAGS, CR0_EM, CR0_MP, CR0_TS, GP, MF, NM } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import { LF_NONE, materializeFlags } from '../flags.js';
import type { FpuBus } from '../x87/contract.js';
import { x87Encoding } from '../x87/encodings.js';
import { X87UnsupportedInstruction } from '../x87/index.js';

/** The FPU's view of memory: linear accesses at the current CPL (may throw #PF). */
export function fpuBusOf(c: Cpu): FpuBus {
  return {
    readU8: (lin) => c.readLin8(lin | 0),
    readU16: (lin) => c.readLin16(lin | 0),
    readU32: (lin) => c.readLin32(lin | 0) >>> 0,
    writeU8: (lin, v) => c.writeLin8(lin | 0, v),
    writeU16: (lin, v) => c.writeLin16(lin | 0, v),
    writeU32: (lin, v) => c.writeLin32(lin | 0, v),
  };
}

function esc(c: Cpu, i: number): void {
  if (c.cr0 & (CR0_EM | CR0_TS)) throw new CpuFault(NM);
  const fpu = c.fpu;
  if (!fpu) throw new CpuFault(6);
  const d = c.decoded;
  const modrm = d.modrm[i];
  const opcode = d.opcode[i] & 0xff;
  const encoding = x87Encoding(opcode, modrm);
  // Reserved encodings count as waiting, and are #UD before any operand is touched.
  if ((encoding?.waiting ?? true) && fpu.exceptionPending) throw new CpuFault(MF);
  if (!encoding) throw new CpuFault(6);
  let linear = 0;
  if (modrm < 0xc0) {
    // The whole operand must fit in the segment (SDM vol. 3A 5.3), checked before the unit runs.
    const size = d.pfx[i] & 16 ? encoding.bytes32 : encoding.bytes16;
    linear = encoding.stores ? c.writeAddr(d.seg[i], c.ea(i), size) : c.readAddr(d.seg[i], c.ea(i), size);
    if (size === 8 || size === 10) c.checkQuadwordAlignment(linear); // double and extended reals
  }
  if (encoding.eflags !== 'none') {
    // FCMOVcc reads EFLAGS, FCOMI writes ZF, PF and CF (and clears OF, SF, AF): the only ESC forms
    // that touch the integer flags.
    materializeFlags(c);
    const flags = fpu.executeWithEflags(opcode, modrm, c.flags, c.startIp >>> 0, c.segSel[1]);
    c.flags = (c.flags & ~ARITH_FLAGS) | (flags & ARITH_FLAGS);
    c.lfOp = LF_NONE;
    return;
  }
  let ax: number | undefined;
  try {
    ax = fpu.execute(opcode, modrm, linear, c.fpuBus, (d.pfx[i] & 16) !== 0, c.startIp >>> 0, c.segSel[1]);
  } catch (e) {
    // Encodings the unit does not execute are #UD, never a silently wrong result.
    if (e instanceof X87UnsupportedInstruction) throw new CpuFault(6);
    throw e;
  }
  if (ax !== undefined) c.r16[0] = ax;
}

function fwait(c: Cpu): void {
  if ((c.cr0 & (CR0_MP | CR0_TS)) === (CR0_MP | CR0_TS)) throw new CpuFault(NM);
  if (c.fpu?.exceptionPending) throw new CpuFault(MF);
}

function fxsaveOrRestore(save: boolean): Handler {
  return (c, i) => {
    if (c.cr0 & (CR0_EM | CR0_TS)) throw new CpuFault(NM);
    const fpu = c.fpu;
    if (!fpu) throw new CpuFault(6);
    const off = c.ea(i);
    const seg = c.decoded.seg[i];
    const lin = save ? c.writeAddr(seg, off, 512) : c.readAddr(seg, off, 512);
    if (lin & 15) throw new CpuFault(GP, 0);
    if (save) fpu.fxsave(lin >>> 0, c.fpuBus);
    else fpu.fxrstor(lin >>> 0, c.fpuBus);
  };
}

export function registerFpu(): void {
  for (let op = 0xd8; op <= 0xdf; op++) {
    define({ op, mnemonic: 'esc', operands: 'Ex', modrm: true, r: esc, m: esc, cost: CostClass.Fpu });
  }
  define({ op: 0x9b, mnemonic: 'fwait', r: fwait, cost: CostClass.Fpu });
  define({
    map: 1,
    op: 0xae,
    reg: 0,
    mnemonic: 'fxsave',
    operands: 'M',
    m: fxsaveOrRestore(true),
    cost: CostClass.Fpu,
  });
  define({
    map: 1,
    op: 0xae,
    reg: 1,
    mnemonic: 'fxrstor',
    operands: 'M',
    m: fxsaveOrRestore(false),
    cost: CostClass.Fpu,
  });
}
