import { decodeInstruction } from '@vmi386/cpu';
import { VROM_CALL_LEN, vmiCalls } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { buildRom, ROM_BASE } from '../src/index.js';

describe('the VMI ROM', () => {
  const rom = buildRom();

  it('fits one page, starts with the VMI signature and has an entry for every call', () => {
    expect(rom.rom.bytes.length).toBeLessThanOrEqual(4096);
    expect(new DataView(rom.rom.bytes.buffer).getUint32(0, true)).toBe(0x696d5663);
    for (const call of vmiCalls) {
      expect(rom.rom.symbols[`entry_${call.name}`]).toBe(ROM_BASE + VROM_CALL_LEN * call.number);
    }
  });

  it('keeps its atomic regions apart and the doorbells inside them', () => {
    const { iret, sysexit, halt } = rom.regions;
    expect(iret.start).toBeLessThan(iret.end);
    expect(iret.end).toBeLessThanOrEqual(sysexit.start);
    expect(sysexit.end).toBeLessThanOrEqual(halt.start);
    expect(rom.doorbells.iret).toBeGreaterThanOrEqual(iret.start);
    expect(rom.doorbells.iret).toBeLessThan(iret.end);
    expect(rom.doorbells.sti).toBeLessThan(iret.start);
  });

  it('is i386 code the CPU decodes: CLI writes the shared page and returns', () => {
    const at = VROM_CALL_LEN * 36; // DisableInterrupts
    const first = decodeInstruction(rom.rom.bytes, at, 32);
    expect(first).toMatchObject({ mnemonic: expect.stringMatching(/^mov/), length: 10 });
    expect('operands' in first && first.operands.join(',')).toBe('$0x0,-0x3fff000'); // the disassembler prints 0xfc001000 signed;
    const second = decodeInstruction(rom.rom.bytes, at + first.length, 32);
    expect(second).toMatchObject({ mnemonic: expect.stringMatching(/^ret/) });
  });
});
