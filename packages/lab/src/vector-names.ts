import { arch } from '@vmi386/cpu';

// Names for the vectors a run reports: the architectural exceptions, the PIC's IRQs as the guest
// programs them (base 0x20, as Linux does) and Linux's system call gate.
export function vectorName(vector: number): string {
  const exception = arch.EXCEPTION_MNEMONICS[vector];
  if (exception !== undefined) return exception;
  if (vector < 32) return 'reserved';
  if (vector < 48) return `IRQ${vector - 32}`;
  if (vector === 0x80) return 'int $0x80';
  return `vector ${vector}`;
}
