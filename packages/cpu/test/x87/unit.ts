// Runs the same cases as host-harness.c on the X87 unit: FRSTOR the image, execute, FNSAVE.
import type { FpuBus } from '../../src/x87/contract.js';
import { usesEflags, X87 } from '../../src/x87/index.js';
import { type HostResult, STATE_BYTES, type X87Case } from './host.js';

/** A bus over a few byte regions at given linear addresses (an access outside them is a test bug). */
export function regionBus(regions: { base: number; bytes: Uint8Array }[]): FpuBus {
  const locate = (a: number): [Uint8Array, number] => {
    for (const r of regions) if (a >= r.base && a < r.base + r.bytes.length) return [r.bytes, a - r.base];
    throw new Error(`access outside the test regions at ${a.toString(16)}`);
  };
  const read = (a: number, n: number) => {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) {
      const [b, o] = locate(a + i);
      v = v * 256 + b[o];
    }
    return v;
  };
  const write = (a: number, n: number, v: number) => {
    for (let i = 0; i < n; i++) {
      const [b, o] = locate(a + i);
      b[o] = (v >>> (8 * i)) & 0xff;
    }
  };
  return {
    readU8: (a) => read(a, 1),
    readU16: (a) => read(a, 2),
    readU32: (a) => read(a, 4),
    writeU8: (a, v) => write(a, 1, v),
    writeU16: (a, v) => write(a, 2, v),
    writeU32: (a, v) => write(a, 4, v),
  };
}

const STATE_BASE = 0x10;

export function runOnUnit(c: X87Case, instructionAddress: number, memAddress: number): HostResult {
  const unit = new X87();
  const state = c.state.slice();
  const mem = c.mem.slice();
  const out = new Uint8Array(STATE_BYTES);
  const bus = regionBus([
    { base: STATE_BASE, bytes: state },
    { base: 0x1000, bytes: out },
    { base: memAddress, bytes: mem },
  ]);
  const cs = 0x23;
  unit.execute(0xdd, 0x21, STATE_BASE, bus, true, instructionAddress - 2, cs);
  let eax = memAddress;
  let eflags = c.eflags ?? 0x202;
  let code = c.code;
  let op32 = true;
  if (code[0] === 0x66) {
    op32 = false;
    code = code.slice(1);
  }
  if (code[0] === 0x0f && code[1] === 0xae) {
    if (((code[2] >> 3) & 7) === 0) unit.fxsave(memAddress, bus);
    else unit.fxrstor(memAddress, bus);
  } else if (usesEflags(code[0], code[1])) {
    eflags = unit.executeWithEflags(code[0], code[1], eflags, instructionAddress, cs);
  } else if (code[0] !== 0x9b) {
    const ax = unit.execute(code[0], code[1], memAddress, bus, op32, instructionAddress, cs);
    if (ax !== undefined) eax = ((eax & 0xffff0000) | ax) >>> 0;
  }
  unit.execute(0xdd, 0x32, 0x1000, bus, true, instructionAddress + c.code.length, cs);
  return { state: out, mem, eax, eflags };
}
