/**
 * Thrown by `X87.execute` for an ESC encoding the unit does not execute: `reserved` encodings, or valid
 * Pentium II instructions not implemented here (`not-implemented`: the transcendental group, FBLD/FBSTP,
 * and FCMOVcc/FCOMI/FUCOMI, which need EFLAGS: run those through `X87.executeWithEflags`). The integer
 * core turns it into #UD, so a guest can never observe a wrong result silently.
 */
export class X87UnsupportedInstruction extends Error {
  constructor(
    readonly opcode: number,
    readonly modrm: number,
    readonly reason: 'reserved' | 'not-implemented',
  ) {
    super(
      `x87 ${reason} instruction ${opcode.toString(16).toUpperCase()} ${modrm.toString(16).toUpperCase().padStart(2, '0')}`,
    );
    this.name = 'X87UnsupportedInstruction';
  }
}
