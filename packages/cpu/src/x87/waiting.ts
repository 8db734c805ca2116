/**
 * Whether an ESC instruction is a *waiting* one: before executing it the processor checks for a pending
 * unmasked x87 exception and raises #MF (SDM Vol. 1, 8.6 "x87 FPU Exception Synchronization"). The
 * non-waiting control instructions are FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV and FNSAVE (and the
 * 8087 leftovers FNENI/FNDISI/FNSETPM, no-ops since the 387).
 */
export function isWaitingEscape(opcode: number, modrm: number): boolean {
  const reg = (modrm >> 3) & 7;
  if (modrm < 0xc0) {
    if (opcode === 0xd9) return reg !== 6 && reg !== 7;
    if (opcode === 0xdd) return reg !== 6 && reg !== 7;
    return true;
  }
  if (opcode === 0xdb) return !(modrm >= 0xe0 && modrm <= 0xe4);
  if (opcode === 0xdf) return modrm !== 0xe0;
  return true;
}

/**
 * The ESC forms that read or write EFLAGS, which `FpuUnit.execute` cannot express: FCMOVcc (DA/DB C0–DF),
 * FUCOMI/FCOMI (DB E8–F7) and FUCOMIP/FCOMIP (DF E8–F7). The core runs them through
 * `X87.executeWithEflags` (all of them are waiting instructions).
 */
export function usesEflags(opcode: number, modrm: number): boolean {
  if (modrm < 0xc0) return false;
  if (opcode === 0xda) return modrm < 0xe0;
  if (opcode === 0xdb) return modrm < 0xe0 || (modrm >= 0xe8 && modrm < 0xf8);
  if (opcode === 0xdf) return modrm >= 0xe8 && modrm < 0xf8;
  return false;
}
