// The prefix bytes of one instruction, kept in GAS's slots (tc-i386.c: WAIT, SEG, ADDR, DATA, REP,
// LOCK) and emitted in that order. A slot takes one byte: a second prefix of the same kind is an error.

import { AsmError, type SourcePosition } from './interface.js';

export type PrefixSlot = 'wait' | 'seg' | 'addr' | 'data' | 'rep' | 'lock';

const SLOT_INDEX: Readonly<Record<PrefixSlot, number>> = {
  wait: 0,
  seg: 1,
  addr: 2,
  data: 3,
  rep: 4,
  lock: 5,
};
const EMPTY = -1;

export class PrefixSlots {
  private readonly slots = [EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY];
  private filled = 0;

  constructor(private readonly position: SourcePosition) {}

  set(slot: PrefixSlot, byte: number): void {
    const index = SLOT_INDEX[slot];
    if (this.slots[index] !== EMPTY) throw new AsmError('same type of prefix used twice', this.position);
    this.slots[index] = byte;
    this.filled++;
  }

  has(slot: PrefixSlot): boolean {
    return this.slots[SLOT_INDEX[slot]] !== EMPTY;
  }

  /** The byte in a slot, or undefined. */
  get(slot: PrefixSlot): number | undefined {
    const byte = this.slots[SLOT_INDEX[slot]]!;
    return byte === EMPTY ? undefined : byte;
  }

  /** How many prefixes were given or implied. */
  get count(): number {
    return this.filled;
  }

  /** Appends the bytes in emission order. */
  emitInto(bytes: number[]): void {
    for (const byte of this.slots) if (byte !== EMPTY) bytes.push(byte);
  }
}
