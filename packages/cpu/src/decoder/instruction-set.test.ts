import { describe, expect, it } from 'vitest';
import { INSTRUCTION_SET } from './instruction-set.js';
import { CostClass, define } from './opcode-table.js';

describe('the instruction set', () => {
  it('is immutable once built: define throws and the rows are frozen', () => {
    expect(() => define({ op: 0xd6, mnemonic: 'salc', cost: CostClass.Simple })).toThrow(/immutable/);
    expect(Object.isFrozen(INSTRUCTION_SET)).toBe(true);
    const add = INSTRUCTION_SET.infos[0x01 << 3];
    expect(add?.mnemonic).toBe('add');
    expect(Object.isFrozen(add)).toBe(true);
    expect(Object.isFrozen(add?.operands)).toBe(true);
  });
});
