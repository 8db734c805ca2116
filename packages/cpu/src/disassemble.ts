/**
 * decodeInstruction: the decoder's view of one instruction as AT&T text, driven by the same opcode
 * table the CPU executes (for traces, the iced-x86 comparison and the web app).
 */

import { decodeBytes } from './decoder/decode.js';
import { DecodedInstructions, EA_NONE } from './decoder/decoded.js';
import { INSTRUCTION_SET } from './decoder/instruction-set.js';
import { UD_HANDLER_ID } from './decoder/opcode-table.js';
import { x87Text } from './decoder/x87-names.js';

export type DecodedText =
  | { length: number; mnemonic: string; operands: string[] }
  | { length: 0; invalid: true };

const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const R8N = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const SEG = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

/** Instructions whose memory operand is a word at either operand size (SLDT, STR, SMSW store 16 bits). */
const WORD_MEMORY = new Set(['sldt', 'str', 'smsw']);

/**
 * The table's `16-bit|32-bit` Intel names (pusha|pushad, iret|iretd, cbw|cwde…) as GAS spells them:
 * the conversions keep their names; the others are the 16-bit name, with a w or l suffix when the
 * operand size is not the code size's.
 */
function gasSizedName(names: string, op32: boolean, codeSize: 16 | 32): string {
  const [name16, name32] = names.split('|') as [string, string];
  if (/^c[bwdq]/.test(name16)) return op32 ? name32 : name16;
  if (op32 === (codeSize === 32)) return name16;
  return `${name16}${op32 ? 'l' : 'w'}`;
}

function hex(v: number): string {
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

export function decodeInstruction(bytes: Uint8Array, offset: number, codeSize: 16 | 32): DecodedText {
  const d = new DecodedInstructions(1);
  const w = bytes.subarray(offset, offset + 15);
  const n = decodeBytes(w, w.length, codeSize === 32, d, 0);
  if (n <= 0 || d.handler[0] === UD_HANDLER_ID) return { length: 0, invalid: true };
  const key = d.opcode[0];
  const modrm = d.modrm[0];
  const reg = (modrm >>> 3) & 7;
  const info = INSTRUCTION_SET.infos[(key << 3) | reg];
  if (!info) return { length: 0, invalid: true };
  const op32 = (d.pfx[0] & 16) !== 0;
  const a32 = (d.pfx[0] & 8) !== 0;
  const regs = (bits: number) => (bits === 8 ? R8N : bits === 16 ? R16 : R32);
  const vbits = op32 ? 32 : 16;
  const memText = (): string => {
    const seg = d.pfx[0] & 32 ? `%${SEG[d.seg[0]]}:` : '';
    const names = a32 ? R32 : R16;
    const b = d.base[0];
    const x = d.index[0];
    const disp = d.disp[0];
    let inner = '';
    if (b !== 8 || x !== 8) {
      inner = `(${b !== 8 ? `%${names[b]}` : ''}${x !== 8 ? `,%${names[x]}${a32 ? `,${1 << d.scale[0]}` : ''}` : ''})`;
    }
    const dispText = disp !== 0 || inner === '' ? hex(a32 || inner !== '' ? disp : disp & 0xffff) : '';
    return `${seg}${dispText}${inner}`;
  };
  const isMem = d.eaForm[0] !== EA_NONE && modrm < 0xc0;
  if (key >= 0xd8 && key <= 0xdf) {
    const x = x87Text(key, modrm);
    if (!x) return { length: 0, invalid: true };
    return { length: n, mnemonic: x.mnemonic, operands: x.operands ?? [memText()] };
  }
  const next = offset + n;
  const ops: string[] = [];
  let sizeFromRegister = false;
  let immIndex = 0;
  for (const o of info.operands) {
    switch (o) {
      case 'Eb':
      case 'Ew':
      case 'Ev':
      case 'Ed':
      case 'Ex':
      case 'M':
      case 'Mp':
      case 'Ms':
      case 'Mq':
      case 'Ma': {
        const bits = o === 'Eb' ? 8 : o === 'Ew' ? 16 : o === 'Ed' ? 32 : vbits;
        ops.push(isMem ? memText() : `%${regs(bits)[modrm & 7]}`);
        if (!isMem) sizeFromRegister = true;
        break;
      }
      case 'Mb': {
        // XLAT: (%ebx) with its segment.
        const seg = d.pfx[0] & 32 ? `%${SEG[d.seg[0]]}:` : '';
        ops.push(`${seg}(%${a32 ? 'ebx' : 'bx'})`);
        break;
      }
      case 'Gb':
      case 'Gw':
      case 'Gv':
        ops.push(`%${regs(o === 'Gb' ? 8 : o === 'Gw' ? 16 : vbits)[reg]}`);
        sizeFromRegister = true;
        break;
      case 'Sw':
        ops.push(`%${SEG[reg] ?? `seg${reg}`}`);
        break;
      case 'Cd':
        ops.push(`%cr${reg}`);
        break;
      case 'Dd':
        ops.push(`%db${reg}`);
        break;
      case 'Rd':
        ops.push(`%${R32[modrm & 7]}`);
        sizeFromRegister = true;
        break;
      case 'Ib':
      case 'Iw': {
        const v = immIndex++ === 0 ? d.imm[0] : d.imm2[0];
        ops.push(`$${hex(v & (o === 'Ib' ? 0xff : 0xffff))}`);
        break;
      }
      case 'Ibs':
      case 'Iz':
      case 'Iv':
        ops.push(`$${hex(op32 ? d.imm[0] >>> 0 : d.imm[0] & 0xffff)}`);
        break;
      case 'Jb':
      case 'Jz': {
        const t = next + d.imm[0];
        ops.push(hex(op32 ? t >>> 0 : t & 0xffff));
        break;
      }
      case 'Ap':
        ops.push(`$${hex(d.imm[0] >>> 0)}`, `$${hex(d.imm2[0])}`);
        break;
      case 'Ob':
      case 'Ov':
        ops.push(memText());
        break;
      case 'Zb':
        ops.push(`%${R8N[key & 7]}`);
        sizeFromRegister = true;
        break;
      case 'Zv':
        ops.push(`%${regs(vbits)[key & 7]}`);
        sizeFromRegister = true;
        break;
      case 'AL':
        ops.push('%al');
        sizeFromRegister = true;
        break;
      case 'eAX':
        ops.push(`%${op32 ? 'eax' : 'ax'}`);
        sizeFromRegister = true;
        break;
      case 'CL':
        ops.push('%cl');
        break;
      case 'DX':
        ops.push('(%dx)');
        break;
      case '1':
        ops.push('$1');
        break;
      case 'Xb':
      case 'Xv':
      case 'Xz':
        ops.push(`%${SEG[d.seg[0]]}:(%${a32 ? 'esi' : 'si'})`);
        break;
      case 'Yb':
      case 'Yv':
      case 'Yz':
        ops.push(`%es:(%${a32 ? 'edi' : 'di'})`);
        break;
      default:
        ops.push(`%${o.toLowerCase()}`);
    }
  }
  // Indirect near/far branches take a '*' in AT&T syntax.
  if (key === 0xff && reg >= 2 && reg <= 5) ops[0] = `*${ops[0]}`;
  let mnemonic = info.mnemonic;
  if (mnemonic.includes('|')) mnemonic = gasSizedName(mnemonic, op32, codeSize);
  const byteOp = info.operands.some((o) => o.endsWith('b') && o !== 'Ib' && o !== 'Jb' && o !== 'Ibs');
  if (!sizeFromRegister && (isMem || /^(movs|cmps|stos|lods|scas|ins|outs)$/.test(mnemonic))) {
    // GAS spells a memory operand's size as a suffix: none where the size is not an integer's
    // (invlpg, fxsave, cmpxchg8b), w where the memory operand is a word whatever the operand size.
    const sizeless = info.operands.some((o) => o === 'M' || o === 'Mq');
    const word = info.operands.some((o) => o === 'Ew' || o === 'Sw') || WORD_MEMORY.has(mnemonic);
    if (!sizeless) mnemonic += byteOp ? 'b' : word ? 'w' : op32 ? 'l' : 'w';
  }
  const prefix = d.pfx[0] & 1 ? 'rep ' : d.pfx[0] & 2 ? 'repnz ' : '';
  // GAS keeps Intel's operand order for ENTER and BOUND.
  const keepOrder = key === 0xc8 || key === 0x62;
  return { length: n, mnemonic: prefix + mnemonic, operands: keepOrder ? ops : ops.reverse() };
}
