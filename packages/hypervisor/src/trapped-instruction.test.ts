import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { decodeTrapped } from './trapped-instruction.js';

/** Assembles one instruction with @vmi386/asm (byte-identical to GNU as) and decodes it. */
function decode(source: string, registers: number[] = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80]) {
  const bytes = linkFlat(assemble({ files: { 't.S': `${source}\n` }, main: 't.S' })).bytes;
  return decodeTrapped({
    byte: (i) => bytes[i],
    register: (n) => registers[n] as number,
    segmentBase: (n) => (n === 2 ? 0x1000 : 0),
  });
}

describe('decodeTrapped: the monitor’s decoder of trapping instructions', () => {
  it.each([
    ['cli', { name: 'cli', length: 1 }],
    ['sti', { name: 'sti', length: 1 }],
    ['hlt', { name: 'hlt', length: 1 }],
    ['clts', { name: 'clts', length: 2 }],
    ['wrmsr', { name: 'wrmsr', length: 2 }],
    ['sysexit', { name: 'sysexit', length: 2 }],
    ['outb %al, $0xf4', { name: 'out', port: 0xf4, size: 1, length: 2 }],
    ['inw %dx, %ax', { name: 'in', port: 'dx', size: 2, length: 2 }],
    ['outl %eax, %dx', { name: 'out', port: 'dx', size: 4, length: 1 }],
    ['movl %cr3, %ecx', { name: 'mov-from-cr', cr: 3, register: 1, length: 3 }],
    ['movl %eax, %cr0', { name: 'mov-to-cr', cr: 0, register: 0, length: 3 }],
    ['lgdt 0xc0104400', { name: 'lgdt', address: 0xc0104400, length: 7 }],
    ['lidt 8(%eax,%ebx,4)', { name: 'lidt', address: 0x10 + 0x40 * 4 + 8, length: 5 }],
    ['invlpg (%ebp)', { name: 'invlpg', address: 0x1000 + 0x60, length: 4 }],
    ['lldt %ax', { name: 'lldt', operand: { register: 0 }, length: 3 }],
    ['ltr 4(%esp)', { name: 'ltr', operand: { address: 0x1000 + 0x50 + 4 }, length: 5 }],
  ])('%s', (source, expected) => {
    expect(decode(source)).toEqual({ kind: 'instruction', instruction: expected });
  });

  it('reports what it does not emulate with the bytes it read', () => {
    expect(decode('movl %eax, %ebx')).toEqual({ kind: 'unsupported', bytes: [0x89] });
    expect(decode('sgdt 0x100')).toMatchObject({ kind: 'unsupported' });
  });
});
