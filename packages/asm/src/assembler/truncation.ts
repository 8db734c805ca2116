import type { DiagnosticSink } from '../diagnostics.js';
import type { SourcePosition } from '../encoder/interface.js';

/** GAS warns (and keeps the low bytes) when a value fits neither signed nor unsigned. */
export function warnTruncation(
  value: bigint,
  size: number,
  position: SourcePosition,
  sink: DiagnosticSink,
): void {
  const mask = BigInt.asUintN(64, ~((1n << BigInt(size * 8)) - 1n));
  const get = BigInt.asUintN(64, value);
  const neg = BigInt.asUintN(64, -value);
  if ((get & mask) !== 0n && (neg & mask) !== 0n) {
    const truncated = value & ((1n << BigInt(size * 8)) - 1n);
    sink.warning(`value 0x${get.toString(16)} truncated to 0x${truncated.toString(16)}`, position);
  }
}
