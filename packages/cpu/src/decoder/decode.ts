/**
 * The instruction decoder: prefixes, opcode, ModR/M, SIB, displacement and immediates, from a window
 * of already-fetched bytes into one slot of a DecodedInstructions. It is pure: the CPU fetches the
 * bytes (through segmentation and paging) and the disassembler passes a plain byte array.
 */
import { DS, SS } from '../constants.js';
import {
  type DecodedInstructions,
  EA_16,
  EA_32,
  EA_NONE,
  P_ADDR32,
  P_LOCK,
  P_OP32,
  P_REPNZ,
  P_REPZ,
  P_SEGOVR,
} from './decoded.js';
import { handlerId, handlers, Imm, infos, modrmKind, UD_HANDLER, UD_HANDLER_ID } from './opcode-table.js';

/** The window ended before the instruction did: fetch byte number `avail` (it faults) and retry. */
export const NEED_MORE_BYTES = -1;
/** The instruction is longer than 15 bytes: #GP(0). */
export const TOO_LONG = -2;

const NO_REG = 8;

/**
 * Decodes the instruction at `w[0]` into `slot`. Returns its length, or NEED_MORE_BYTES / TOO_LONG.
 * Undefined encodings decode to the #UD handler (length = bytes consumed so far).
 */
export function decodeBytes(
  w: Uint8Array,
  avail: number,
  code32: boolean,
  d: DecodedInstructions,
  slot: number,
): number {
  let k = 0;
  let pfx = 0;
  let seg = -1;
  let op32 = code32;
  let addr32 = code32;
  let b = 0;
  for (;;) {
    if (k >= avail) return NEED_MORE_BYTES;
    if (k >= 15) return TOO_LONG;
    b = w[k];
    if (b === 0x26 || b === 0x2e || b === 0x36 || b === 0x3e) seg = (b >>> 3) & 3;
    else if (b === 0x64 || b === 0x65) seg = b - 0x60;
    else if (b === 0x66) op32 = !code32;
    else if (b === 0x67) addr32 = !code32;
    else if (b === 0xf0) pfx |= P_LOCK;
    else if (b === 0xf2) pfx = (pfx & ~P_REPZ) | P_REPNZ;
    else if (b === 0xf3) pfx = (pfx & ~P_REPNZ) | P_REPZ;
    else break;
    k++;
  }
  k++;
  let map = 0;
  let opcode = b;
  if (b === 0x0f) {
    if (k >= avail) return NEED_MORE_BYTES;
    if (k >= 15) return TOO_LONG;
    map = 1;
    opcode = w[k++];
  }
  const key = (map << 8) | opcode;
  let reg = 0;
  let mem = 0;
  let modrm = 0;
  let eaForm = EA_NONE;
  let base = NO_REG;
  let index = NO_REG;
  let scale = 0;
  let disp = 0;
  let defaultSeg = DS;
  const mk = modrmKind[key];
  if (mk !== 0) {
    if (k >= avail) return NEED_MORE_BYTES;
    if (k >= 15) return TOO_LONG;
    modrm = w[k++];
    reg = (modrm >>> 3) & 7;
    const mod = modrm >>> 6;
    const rm = modrm & 7;
    if (mod !== 3 && mk === 1) {
      mem = 1;
      let dispBytes = 0;
      if (addr32) {
        eaForm = EA_32;
        if (rm === 4) {
          if (k >= avail) return NEED_MORE_BYTES;
          if (k >= 15) return TOO_LONG;
          const sib = w[k++];
          scale = sib >>> 6;
          const idx = (sib >>> 3) & 7;
          if (idx !== 4) index = idx;
          const sb = sib & 7;
          if (sb === 5 && mod === 0) dispBytes = 4;
          else base = sb;
        } else if (rm === 5 && mod === 0) {
          dispBytes = 4;
        } else {
          base = rm;
        }
        if (mod === 1) dispBytes = 1;
        else if (mod === 2) dispBytes = 4;
        if (base === 4 || base === 5) defaultSeg = SS;
      } else {
        eaForm = EA_16;
        if (rm === 6 && mod === 0) {
          dispBytes = 2;
        } else {
          base = rm < 4 ? (rm < 2 ? 3 : 5) : rm === 4 ? 6 : rm === 5 ? 7 : rm === 6 ? 5 : 3;
          if (rm < 4) index = rm & 1 ? 7 : 6;
          if (base === 5) defaultSeg = SS;
        }
        if (mod === 1) dispBytes = 1;
        else if (mod === 2) dispBytes = 2;
      }
      if (k + dispBytes > avail) return NEED_MORE_BYTES;
      if (dispBytes === 1) disp = (w[k] << 24) >> 24;
      else if (dispBytes === 2) disp = ((w[k] | (w[k + 1] << 8)) << 16) >> 16;
      else if (dispBytes === 4) disp = w[k] | (w[k + 1] << 8) | (w[k + 2] << 16) | (w[k + 3] << 24);
      k += dispBytes;
    }
  }
  const info = infos[(key << 3) | reg];
  let hid = UD_HANDLER_ID;
  let imm = 0;
  let imm2 = 0;
  if (info !== undefined) {
    hid = handlerId(map, opcode, op32 ? 1 : 0, reg, mem);
    // A form the table leaves undefined (e.g. LEA with a register operand) is #UD.
    if (handlers[hid] === UD_HANDLER) hid = UD_HANDLER_ID;
    for (let n = 0; n < 2; n++) {
      const kind = n === 0 ? info.imm1 : info.imm2;
      if (kind === Imm.None) break;
      let size = 0;
      let signed = false;
      switch (kind) {
        case Imm.Ib:
          size = 1;
          break;
        case Imm.Ibs:
        case Imm.Jb:
          size = 1;
          signed = true;
          break;
        case Imm.Iw:
          size = 2;
          break;
        case Imm.Iz:
          size = op32 ? 4 : 2;
          break;
        case Imm.Jz:
          size = op32 ? 4 : 2;
          signed = true;
          break;
        case Imm.Ap:
          size = op32 ? 6 : 4;
          break;
        case Imm.O:
          size = addr32 ? 4 : 2;
          break;
      }
      if (k + size > avail) return k + size > 15 ? TOO_LONG : NEED_MORE_BYTES;
      let v = 0;
      if (size === 1) v = signed ? (w[k] << 24) >> 24 : w[k];
      else if (size === 2 || size === 4 || size === 6) {
        v = w[k] | (w[k + 1] << 8);
        if (size === 2 && signed) v = (v << 16) >> 16;
        if (size >= 4) v |= (w[k + 2] << 16) | (w[k + 3] << 24);
        if (size === 6 || (size === 4 && kind === Imm.Ap)) {
          const o = size === 6 ? 4 : 2;
          if (size === 4) v &= 0xffff;
          imm2 = w[k + o] | (w[k + o + 1] << 8);
        }
      }
      k += size;
      if (kind === Imm.O) {
        eaForm = addr32 ? EA_32 : EA_16;
        disp = v;
      } else if (n === 0) imm = v;
      else imm2 = v;
    }
    if (pfx & P_LOCK && (!info.lockable || mem === 0)) hid = UD_HANDLER_ID;
  }
  if (k > 15) return TOO_LONG;
  if (op32) pfx |= P_OP32;
  if (addr32) pfx |= P_ADDR32;
  if (seg >= 0) pfx |= P_SEGOVR;
  d.handler[slot] = hid;
  d.length[slot] = k;
  d.opcode[slot] = key;
  d.modrm[slot] = modrm;
  d.pfx[slot] = pfx;
  d.eaForm[slot] = eaForm;
  d.base[slot] = base;
  d.index[slot] = index;
  d.scale[slot] = scale;
  d.seg[slot] = seg >= 0 ? seg : defaultSeg;
  d.disp[slot] = disp;
  d.imm[slot] = imm;
  d.imm2[slot] = imm2;
  return k;
}
