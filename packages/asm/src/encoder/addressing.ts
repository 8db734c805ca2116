// ModR/M, SIB and displacement for a memory operand, in the 32-bit and the 16-bit addressing forms,
// choosing the displacement size as GAS does: none for a known 0 (except with %ebp/%bp as base),
// disp8 for a known value in -128..127, the full size otherwise (symbols included).

import { AsmError, type Expr, type SourcePosition } from './interface.js';
import type { MemoryOperand } from './operands.js';

export interface AddressEncoding {
  /** mod and rm bits of the ModR/M byte (reg field zero). */
  readonly modrm: number;
  readonly sib: number | undefined;
  readonly dispSize: 0 | 1 | 2 | 4;
  /** Constant part of the displacement (0 when it is a fixup). */
  readonly dispValue: number;
  /** Set when the displacement is not a known constant: the front end fills it in. */
  readonly dispFixup: Expr | undefined;
  readonly addressSize: 16 | 32;
}

/** The address size a memory operand uses: its registers' size, else the code size. */
export function addressSizeOf(mem: MemoryOperand, codeSize: 16 | 32, position: SourcePosition): 16 | 32 {
  const b = mem.base?.size;
  const i = mem.index?.size;
  if (b !== undefined && i !== undefined && b !== i) {
    throw new AsmError(`\`${mem.text}' is not a valid base/index expression`, position);
  }
  const size = b ?? i;
  return size === 16 ? 16 : size === 32 ? 32 : codeSize;
}

export function encodeAddress(
  mem: MemoryOperand,
  codeSize: 16 | 32,
  position: SourcePosition,
): AddressEncoding {
  const addressSize = addressSizeOf(mem, codeSize, position);
  return addressSize === 32 ? encode32(mem, position) : encode16(mem, position);
}

function encode32(mem: MemoryOperand, position: SourcePosition): AddressEncoding {
  const { base, index } = mem;
  if (index && index.num === 4)
    throw new AsmError(`\`${mem.text}' is not a valid base/index expression`, position);
  const known = mem.disp === undefined ? 0 : signed(mem.dispValue, 32);
  if (!base) {
    // No base: a 32-bit displacement always, with a SIB (base 101) when there is an index.
    const sib = index ? (scaleBits(mem.scale) << 6) | (index.num << 3) | 5 : undefined;
    return displacement(index ? 0x04 : 0x05, sib, 4, mem, known, 32);
  }
  const sib =
    index !== undefined
      ? (scaleBits(mem.scale) << 6) | (index.num << 3) | base.num
      : base.num === 4
        ? 0x24
        : undefined;
  const rm = sib !== undefined ? 4 : base.num;
  if (known === 0 && base.num !== 5) return displacement(rm, sib, 0, mem, 0, 32);
  if (known !== undefined && fitsSignedByte(known)) return displacement(0x40 | rm, sib, 1, mem, known, 32);
  return displacement(0x80 | rm, sib, 4, mem, known, 32);
}

/** The eight 16-bit base/index combinations, by `base,index` register names. */
const RM16: Readonly<Record<string, number>> = {
  'bx,si': 0,
  'bx,di': 1,
  'bp,si': 2,
  'bp,di': 3,
  si: 4,
  di: 5,
  bp: 6,
  bx: 7,
};

function encode16(mem: MemoryOperand, position: SourcePosition): AddressEncoding {
  const known = mem.disp === undefined ? 0 : signed(mem.dispValue, 16);
  if (!mem.base && !mem.index) return displacement(0x06, undefined, 2, mem, known, 16);
  const key = mem.index ? `${mem.base?.name},${mem.index.name}` : `${mem.base?.name}`;
  const rm = mem.scale === 1 && mem.base ? RM16[key] : undefined;
  if (rm === undefined) throw new AsmError(`\`${mem.text}' is not a valid base/index expression`, position);
  if (known === 0 && rm !== 6) return displacement(rm, undefined, 0, mem, 0, 16);
  if (known !== undefined && fitsSignedByte(known))
    return displacement(0x40 | rm, undefined, 1, mem, known, 16);
  return displacement(0x80 | rm, undefined, 2, mem, known, 16);
}

function displacement(
  modrm: number,
  sib: number | undefined,
  dispSize: 0 | 1 | 2 | 4,
  mem: MemoryOperand,
  known: number | undefined,
  addressSize: 16 | 32,
): AddressEncoding {
  const dispFixup = known === undefined ? mem.disp : undefined;
  return { modrm, sib, dispSize, dispValue: known ?? 0, dispFixup, addressSize };
}

function scaleBits(scale: 1 | 2 | 4 | 8): number {
  return scale === 1 ? 0 : scale === 2 ? 1 : scale === 4 ? 2 : 3;
}

/** GAS treats a displacement as a 32-bit (or 16-bit) quantity: 0xffffff80 is -128. */
export function fitsSignedByte(value: number): boolean {
  return value >= -128 && value <= 127;
}

/** A displacement that fits the address size unsigned is read as signed (0xffffff80 is -128). */
function signed(value: number | undefined, bits: 16 | 32): number | undefined {
  if (value === undefined) return undefined;
  const span = bits === 32 ? 0x100000000 : 0x10000;
  return value >= span / 2 && value < span ? value - span : value;
}
