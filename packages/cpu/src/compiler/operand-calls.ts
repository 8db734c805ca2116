/**
 * Instructions the block compiler calls through their handler without leaving its register locals:
 * handlers that touch only the registers named by their ModR/M byte (or implied by the opcode), the
 * flags, and their memory operand. Before the call only those registers are written back and the
 * pending flags stored; afterwards only the destination is reloaded. Everything else (control
 * transfers, the stack, string and system instructions) goes through the full handler path.
 */
import { EAX, ECX, EDX } from '../constants.js';

/** What an opcode's handler reads and writes among the general registers. */
interface OperandForm {
  /** The ModR/M reg field names a register (not an opcode extension). */
  readonly regField: boolean;
  /** The ModR/M byte exists (rm is a register or memory operand). */
  readonly modrm: boolean;
  /** Registers it uses implicitly. */
  readonly implicit: readonly number[];
  /** The register in the opcode's low three bits (B0+r, 40+r, …). */
  readonly opcodeRegister?: boolean;
  /** For opcode-extension groups: the /digits that qualify. */
  readonly digits?: readonly number[];
}

const withModrm = (
  regField: boolean,
  implicit: readonly number[] = [],
  digits?: readonly number[],
): OperandForm => ({
  regField,
  modrm: true,
  implicit,
  digits,
});
const noModrm = (implicit: readonly number[], opcodeRegister = false): OperandForm => ({
  regField: false,
  modrm: false,
  implicit,
  opcodeRegister,
});

/** Opcode (map * 256 + byte) → its operand form. */
const FORMS = new Map<number, OperandForm>();
// ALU Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev and AL/eAX,imm for ADD OR ADC SBB AND SUB XOR CMP.
for (let op = 0; op < 8; op++) {
  for (let k = 0; k < 4; k++) FORMS.set(op * 8 + k, withModrm(true));
  FORMS.set(op * 8 + 4, noModrm([EAX]));
  FORMS.set(op * 8 + 5, noModrm([EAX]));
}
for (const opcode of [0x84, 0x85, 0x88, 0x89, 0x8a, 0x8b]) FORMS.set(opcode, withModrm(true));
for (const opcode of [0x80, 0x81, 0x83, 0xc0, 0xc1, 0xd0, 0xd1, 0xc6, 0xc7])
  FORMS.set(opcode, withModrm(false));
FORMS.set(0xd2, withModrm(false, [ECX]));
FORMS.set(0xd3, withModrm(false, [ECX]));
// TEST imm, NOT, NEG (MUL/DIV use EDX:EAX and may raise #DE: not here).
FORMS.set(0xf6, withModrm(false, [], [0, 2, 3]));
FORMS.set(0xf7, withModrm(false, [], [0, 2, 3]));
// INC/DEC r/m (FF /2–/6 are calls, jumps and PUSH).
FORMS.set(0xfe, withModrm(false, [], [0, 1]));
FORMS.set(0xff, withModrm(false, [], [0, 1]));
FORMS.set(0xa8, noModrm([EAX]));
FORMS.set(0xa9, noModrm([EAX]));
FORMS.set(0x98, noModrm([EAX]));
FORMS.set(0x99, noModrm([EAX, EDX]));
for (let r = 0; r < 8; r++) {
  FORMS.set(0x40 + r, noModrm([], true));
  FORMS.set(0x48 + r, noModrm([], true));
  FORMS.set(0xb0 + r, noModrm([], true));
  FORMS.set(0xb8 + r, noModrm([], true));
}
// IMUL Gv,Ev; MOVZX/MOVSX; SETcc; CMOVcc; BT/BTS/BTR/BTC with a register and BSF/BSR are left out
// (BT with a memory operand addresses beyond it).
FORMS.set(0x1af, withModrm(true));
for (const opcode of [0x1b6, 0x1b7, 0x1be, 0x1bf]) FORMS.set(opcode, withModrm(true));
for (let cc = 0; cc < 16; cc++) {
  FORMS.set(0x190 + cc, withModrm(false));
  FORMS.set(0x140 + cc, withModrm(true));
}

/** The registers an operand call reads or writes, or undefined when the opcode is not one. */
export interface OperandRegisters {
  readonly registers: readonly number[];
  readonly memory: boolean;
}

/**
 * The general registers (as 32-bit register numbers) the handler of this decoded instruction may
 * touch, or undefined when it is not an operand call. 8-bit register numbers 4–7 (AH…BH) are parts
 * of registers 0–3; both numbers are listed, which only costs a redundant store.
 */
export function operandRegisters(
  opcode: number,
  modrm: number,
  base: number,
  index: number,
): OperandRegisters | undefined {
  const form = FORMS.get(opcode);
  if (form === undefined) return undefined;
  if (form.digits !== undefined && !form.digits.includes((modrm >>> 3) & 7)) return undefined;
  const registers = new Set<number>(form.implicit);
  const add = (k: number) => {
    registers.add(k);
    registers.add(k & 3);
  };
  let memory = false;
  if (form.opcodeRegister) add(opcode & 7);
  if (form.modrm) {
    if (form.regField) add((modrm >>> 3) & 7);
    if (modrm >= 0xc0) add(modrm & 7);
    else {
      memory = true;
      if (base !== 8) registers.add(base);
      if (index !== 8) registers.add(index);
    }
  }
  return { registers: [...registers], memory };
}
