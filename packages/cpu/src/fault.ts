/**
 * An architectural exception raised while executing an instruction. The core throws it on its slow
 * paths only and catches it in the step loop, which rolls EIP back to the instruction start and
 * delivers the exception; it never escapes `Cpu.run`.
 */
export class CpuFault {
  readonly vector: number;
  /** The error code pushed with the exception (undefined for vectors without one). */
  readonly errorCode: number | undefined;
  /** For #PF: the faulting linear address (CR2). */
  readonly address: number | undefined;
  constructor(vector: number, errorCode?: number, address?: number) {
    this.vector = vector;
    this.errorCode = errorCode;
    this.address = address;
  }
}

/** Vectors whose exceptions push an error code (SDM vol. 3A, table 6-1). */
export function hasErrorCode(vector: number): boolean {
  return vector === 8 || (vector >= 10 && vector <= 14) || vector === 17;
}
