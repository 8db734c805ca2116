// Names for the vectors a run reports: the architectural exceptions, the PIC's IRQs as the guest
// programs them (base 0x20, as Linux does) and Linux's system call gate.
const exceptionNames = [
  '#DE',
  '#DB',
  'NMI',
  '#BP',
  '#OF',
  '#BR',
  '#UD',
  '#NM',
  '#DF',
  'coprocessor overrun',
  '#TS',
  '#NP',
  '#SS',
  '#GP',
  '#PF',
  'reserved',
  '#MF',
  '#AC',
  '#MC',
  '#XM',
];

export function vectorName(vector: number): string {
  if (vector < exceptionNames.length) return exceptionNames[vector]!;
  if (vector < 32) return 'reserved';
  if (vector < 48) return `IRQ${vector - 32}`;
  if (vector === 0x80) return 'int $0x80';
  return `vector ${vector}`;
}
