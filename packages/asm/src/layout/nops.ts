// The padding GNU as 2.40 (`--32`, default -march) puts into code sections for `.align`,
// `.balign` and `.p2align`, measured with `as --32` for every length from 1 to 256:
// the longest single NOP (7 bytes in 32-bit code, 4 in 16-bit code) repeated, then one shorter
// NOP for the rest; from three maximal NOPs' worth on, a jump over the NOPs comes first
// (`jmp rel8` while the rest fits in 127 bytes, then `jmp rel32`, with 0x66 in 16-bit code).

const NOPS_32: readonly (readonly number[])[] = [
  [0x90],
  [0x66, 0x90],
  [0x8d, 0x76, 0x00],
  [0x8d, 0x74, 0x26, 0x00],
  [0x8d, 0x74, 0x26, 0x00, 0x90],
  [0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00],
  [0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00],
];

const NOPS_16: readonly (readonly number[])[] = [
  [0x90],
  [0x66, 0x90],
  [0x8d, 0x74, 0x00],
  [0x8d, 0xb4, 0x00, 0x00],
];

function fillWithNops(out: number[], count: number, table: readonly (readonly number[])[]): void {
  const max = table.length;
  while (count >= max) {
    out.push(...table[max - 1]);
    count -= max;
  }
  if (count > 0) out.push(...table[count - 1]);
}

/** `count` bytes of padding for code of the given size. */
export function nopPadding(count: number, codeSize: 16 | 32): number[] {
  const table = codeSize === 32 ? NOPS_32 : NOPS_16;
  const out: number[] = [];
  if (count < 3 * table.length) {
    fillWithNops(out, count, table);
    return out;
  }
  if (count - 2 <= 127) {
    out.push(0xeb, count - 2);
    fillWithNops(out, count - 2, table);
    return out;
  }
  // GAS uses `jmp rel32` in 16-bit code too, with an operand-size prefix.
  if (codeSize === 16) out.push(0x66);
  const rest = count - out.length - 5;
  out.push(0xe9, rest & 0xff, (rest >> 8) & 0xff, (rest >> 16) & 0xff, (rest >>> 24) & 0xff);
  fillWithNops(out, rest, table);
  return out;
}
