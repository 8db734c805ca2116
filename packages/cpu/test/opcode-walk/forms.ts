/**
 * Every executable form of the CPU's opcode table, as bytes and as the disassembler's AT&T text.
 * A form is (map, opcode, operand size, ModR/M reg field, register or memory operand) with a handler
 * other than #UD; the ESC opcodes are expanded through the x87 table (every register encoding, one
 * memory encoding per reg field).
 */

import { INSTRUCTION_SET } from '../../src/decoder/instruction-set.js';
import { WATCHED_HANDLER_ID } from '../../src/decoder/instruction-watch.js';
import { handlerId, modrmKind, UD_HANDLER } from '../../src/decoder/opcode-table.js';
import { decodeInstruction } from '../../src/disassemble.js';
import { x87Encoding } from '../../src/x87/encodings.js';

export interface Form {
  /** e.g. "0f b6 /2 mem o16". */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The disassembly: mnemonic and operands, as one AT&T statement. */
  readonly text: string;
}

/** Bytes after the opcode and ModR/M: immediates and displacements are read from here. */
const TAIL = [0x44, 0x33, 0x22, 0x11, 0x08, 0x00, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22];

/** A memory operand 0x10(%ebx) (mod 01, rm 011, disp8) or the register form with rm = 1. */
function modrmByte(reg: number, memory: boolean): number[] {
  return memory ? [0x43 | (reg << 3), 0x10] : [0xc1 | (reg << 3)];
}

export function statement(bytes: Uint8Array): { text: string; length: number } | undefined {
  const d = decodeInstruction(bytes, 0, 32);
  if ('invalid' in d) return undefined;
  return { text: d.operands.length ? `${d.mnemonic} ${d.operands.join(',')}` : d.mnemonic, length: d.length };
}

export function executableForms(): Form[] {
  const forms: Form[] = [];
  const add = (name: string, raw: number[]) => {
    const bytes = new Uint8Array([...raw, ...TAIL]);
    const s = statement(bytes);
    if (!s) throw new Error(`${name}: the table executes it but the disassembler rejects it`);
    forms.push({ name, bytes: bytes.subarray(0, s.length), text: s.text });
  };
  for (let map = 0; map < 2; map++) {
    for (let op = 0; op < 256; op++) {
      const key = (map << 8) | op;
      const isEscape = map === 0 && op >= 0xd8 && op <= 0xdf;
      const kind = modrmKind[key];
      for (let op32 = 0; op32 < 2; op32++) {
        const prefix = [...(op32 ? [] : [0x66]), ...(map ? [0x0f] : [])];
        const size = op32 ? 'o32' : 'o16';
        for (let reg = 0; reg < (kind ? 8 : 1); reg++) {
          for (let mem = 0; mem < (kind === 1 ? 2 : 1); mem++) {
            const id = handlerId(map, op, op32, reg, mem);
            // The watch handler sits in a slot of 0F FF (UD0) that no encoding decodes to.
            if (INSTRUCTION_SET.handlers[id] === UD_HANDLER || id === WATCHED_HANDLER_ID) continue;
            const hex = `${map ? '0f ' : ''}${op.toString(16).padStart(2, '0')}`;
            if (isEscape) {
              // The operand size changes only FNSAVE/FRSTOR/FLDENV/FNSTENV: one walk at 32 bits.
              if (!op32) continue;
              if (mem) {
                if (x87Encoding(op, (reg << 3) | 3)) add(`${hex} /${reg} mem`, [op, ...modrmByte(reg, true)]);
              } else {
                for (let rm = 0; rm < 8; rm++) {
                  const modrm = 0xc0 | (reg << 3) | rm;
                  if (x87Encoding(op, modrm)) add(`${hex} ${modrm.toString(16)}`, [op, modrm]);
                }
              }
              continue;
            }
            const form = kind ? `${hex} /${reg} ${mem ? 'mem' : 'reg'} ${size}` : `${hex} ${size}`;
            add(form, [...prefix, op, ...(kind ? modrmByte(reg, mem === 1) : [])]);
          }
        }
      }
    }
  }
  return forms;
}
