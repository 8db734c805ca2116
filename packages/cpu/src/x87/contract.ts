// The contract between the integer core and the x87 unit. The core decodes the ESC opcodes
// (D8–DF), FWAIT (9B) and FXSAVE/FXRSTOR (0F AE /0, /1), performs the CR0.EM/TS/MP checks that
// raise #NM (device_not_available) itself, resolves a memory operand to a *linear* address (after the
// segment checks) and then calls the unit. The unit reads and writes memory only through `FpuBus`,
// whose accessors go through paging and may throw the core's page-fault value; the unit lets it pass.

export interface FpuBus {
  readU8(linear: number): number;
  readU16(linear: number): number;
  readU32(linear: number): number;
  writeU8(linear: number, value: number): void;
  writeU16(linear: number, value: number): void;
  writeU32(linear: number, value: number): void;
}

export interface FpuUnit {
  /** FNINIT state (also the state after reset, apart from the tag word the SDM gives for RESET). */
  reset(): void;
  /**
   * Executes one ESC instruction. `opcode` is 0xD8–0xDF, `modrm` the ModR/M byte; for memory forms
   * (mod != 3) `linear` is the operand's linear address, else ignored. `operandSize32` selects the
   * 32-bit or 16-bit layout of FNSAVE/FRSTOR/FLDENV/FNSTENV. `instructionEip`/`instructionCs` and
   * `dataLinear` feed the last-instruction and last-operand pointers that FNSAVE stores.
   * Returns the new AX for FNSTSW AX (DF E0), else undefined.
   */
  execute(
    opcode: number,
    modrm: number,
    linear: number,
    bus: FpuBus,
    operandSize32: boolean,
    instructionEip: number,
    instructionCs: number,
  ): number | undefined;
  /**
   * Executes one of the ESC register forms that read or write EFLAGS (`usesEflags(opcode, modrm)`):
   * FCMOVcc, FCOMI/FCOMIP, FUCOMI/FUCOMIP (the P6 additions gcc emits for i686). Takes EFLAGS as it
   * is and returns it as the instruction leaves it.
   */
  executeWithEflags(
    opcode: number,
    modrm: number,
    eflags: number,
    instructionEip: number,
    instructionCs: number,
  ): number;
  /** FXSAVE to a 16-byte aligned 512-byte area (the core checks alignment and raises #GP). */
  fxsave(linear: number, bus: FpuBus): void;
  /** FXRSTOR from a 512-byte area. */
  fxrstor(linear: number, bus: FpuBus): void;
  /** True when an unmasked exception is pending, so FWAIT / the next waiting x87 instruction raises #MF. */
  readonly exceptionPending: boolean;
  /** A copy of the whole unit's state, for machine snapshots. */
  saveState(): Uint8Array;
  loadState(state: Uint8Array): void;
}
