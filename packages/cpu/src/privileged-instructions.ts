/**
 * The instructions whose behaviour depends on privilege, as the opcode table declares them (each
 * row's `privilege`, see decoder/opcode-table.ts). Derived from the table, so the lists and the
 * checks the table applies cannot disagree. For the hypervisor, its tests and the docs.
 *
 * An entry is the mnemonic (the first of `pushf|pushfd`-style pairs), with the SDM operand notation
 * appended where the same mnemonic also has rows of another class (`mov Rd,Cd`, `push CS`).
 */
import { INSTRUCTION_SET } from './decoder/instruction-set.js';
import { type OpInfo, Privilege } from './decoder/opcode-table.js';

function instructionsOf(privilege: Privilege): readonly string[] {
  const rows = INSTRUCTION_SET.infos.filter((info): info is OpInfo => info !== undefined);
  const nameOf = (info: OpInfo) => info.mnemonic.split('|')[0];
  const mixed = new Set<string>();
  const classOf = new Map<string, Privilege>();
  for (const info of rows) {
    const name = nameOf(info);
    const seen = classOf.get(name);
    if (seen !== undefined && seen !== info.privilege) mixed.add(name);
    classOf.set(name, info.privilege);
  }
  const names = new Set<string>();
  for (const info of rows) {
    if (info.privilege !== privilege) continue;
    const name = nameOf(info);
    names.add(mixed.has(name) ? `${name} ${info.operands.join(',')}` : name);
  }
  return Object.freeze([...names].sort());
}

/** Raise #GP(0) at CPL > 0 (SDM vol. 3A 5.9 "Privileged Instructions"). */
export const PRIVILEGED_INSTRUCTIONS: readonly string[] = instructionsOf(Privilege.Cpl0);

/**
 * Raise #GP(0) at CPL > IOPL (SDM vol. 1 18.5.1 "I/O Privilege Level"); for the port instructions
 * only when the TSS I/O permission bitmap does not allow the port either (vol. 1 18.5.2).
 */
export const IOPL_SENSITIVE_INSTRUCTIONS: readonly string[] = Object.freeze(
  [...instructionsOf(Privilege.Iopl), ...instructionsOf(Privilege.IoPort)].sort(),
);

/**
 * Run at any CPL without a fault but read privileged state or silently ignore a change to it
 * (Popek–Goldberg sensitive unprivileged instructions; Robin & Irvine, USENIX Security 2000).
 */
export const SENSITIVE_UNPRIVILEGED_INSTRUCTIONS: readonly string[] = instructionsOf(Privilege.Sensitive);
