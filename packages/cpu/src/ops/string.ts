/**
 * String instructions MOVS CMPS STOS LODS SCAS INS OUTS with REP/REPE/REPNE. Each iteration updates
 * ESI/EDI/ECX, so a fault in the middle leaves a restartable state with EIP at the instruction
 * (SDM vol. 2, REP). A repeated instruction runs at most CHUNK iterations per execution and then
 * restarts itself, so interrupts and the instruction budget are honoured during long copies; each
 * chunk counts as one executed instruction.
 */
import { DF, ECX, EDI, ES, ESI } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { SCRATCH } from '../decoder/decoded.js';
import { CostClass, define, type Handler, Privilege } from '../decoder/opcode-table.js';
import { getZF } from '../flags.js';
import { alu } from './arith.js';
import { checkIoPermission } from './io.js';
import { W8, W16, W32, type Width } from './width.js';

const CHUNK = 4096;
const REPZ = 1;
const REPNZ = 2;

/**
 * Whether the instruction (`opcode` and decoded prefix bits `pfx`) is a REP MOVS or REP STOS, whose
 * handler may run the executions after its first (Cpu.repeatsAllowed).
 */
export function repeatsAhead(opcode: number, pfx: number): boolean {
  return (
    (opcode === 0xa4 || opcode === 0xa5 || opcode === 0xaa || opcode === 0xab) && (pfx & (REPZ | REPNZ)) !== 0
  );
}

type Kind = 'movs' | 'cmps' | 'stos' | 'lods' | 'scas' | 'ins' | 'outs';

/** One iteration; returns false when a REPE/REPNE condition ends the loop. */
function iterate(c: Cpu, kind: Kind, w: Width, seg: number, a32: boolean, step: number): void {
  const si = a32 ? c.r32[ESI] >>> 0 : c.r16[ESI << 1];
  const di = a32 ? c.r32[EDI] >>> 0 : c.r16[EDI << 1];
  switch (kind) {
    case 'movs':
      w.write(c, ES, di, w.read(c, seg, si));
      break;
    case 'cmps':
      alu(c, 7, w.read(c, seg, si), w.read(c, ES, di), w.msb);
      break;
    case 'stos':
      w.write(c, ES, di, w.getReg(c, 0));
      break;
    case 'lods':
      w.setReg(c, 0, w.read(c, seg, si));
      break;
    case 'scas':
      alu(c, 7, w.getReg(c, 0), w.read(c, ES, di), w.msb);
      break;
    case 'ins': {
      const port = c.r16[4];
      checkIoPermission(c, port, w.bytes);
      // The destination is checked before the port is read, so a fault does not lose input.
      c.probeWrite(ES, di, w.bytes);
      w.write(c, ES, di, c.io.read(port, w.bytes));
      break;
    }
    case 'outs': {
      const port = c.r16[4];
      checkIoPermission(c, port, w.bytes);
      c.io.write(port, w.bytes, w.read(c, seg, si) & w.mask);
      break;
    }
  }
  const usesSi = kind === 'movs' || kind === 'cmps' || kind === 'lods' || kind === 'outs';
  const usesDi = kind !== 'lods' && kind !== 'outs';
  if (a32) {
    if (usesSi) c.r32[ESI] = c.r32[ESI] + step;
    if (usesDi) c.r32[EDI] = c.r32[EDI] + step;
  } else {
    if (usesSi) c.r16[ESI << 1] = c.r16[ESI << 1] + step;
    if (usesDi) c.r16[EDI << 1] = c.r16[EDI << 1] + step;
  }
}

/**
 * REP MOVS/STOS fast path: copies or fills as many whole elements as lie in RAM that the TLB maps
 * (source readable, destination writable, each physically contiguous), with 32-bit addressing,
 * DF = 0 and flat-enough segments. Returns the number of iterations done (0: take the general path).
 * Nothing it touches can fault, so doing them all at once leaves the state the iterations would.
 * Iterations past `ownIterations` (those of the executions after this one) are not done when the copy
 * would write near the instruction's own bytes at `codePa`.
 */
function fastForward(
  c: Cpu,
  kind: Kind,
  w: Width,
  seg: number,
  count: number,
  codePa: number,
  ownIterations: number,
): number {
  const size = w.bytes;
  const di = c.r32[EDI] >>> 0;
  const want = count * size;
  if (di + want - 1 > c.segWriteMax[ES]) return 0;
  const dLin = (c.segBase[ES] + di) | 0;
  let n = Math.floor(c.softTlb.contiguousRun(dLin, want, c.tlbWrite) / size);
  let sLin = 0;
  if (kind === 'movs') {
    const si = c.r32[ESI] >>> 0;
    if (si + want - 1 > c.segReadMax[seg]) return 0;
    sLin = (c.segBase[seg] + si) | 0;
    if (n > 0) n = Math.min(n, Math.floor(c.softTlb.contiguousRun(sLin, n * size, c.tlbRead) / size));
  }
  if (n <= 0) return 0;
  const de = c.tlb[dLin >>> 12];
  const dPa = (de & -4096) | (dLin & 0xfff);
  // Iterations past this execution's own must not write the 256-byte blocks of the instruction's
  // bytes: that would end its decoded slot, and the next execution would be decoded again.
  const codeStart = codePa & ~0xff;
  const codeEnd = (codePa + 15 + 0x100) & ~0xff;
  if (n > ownIterations && dPa < codeEnd && codeStart < dPa + n * size) {
    n = ownIterations;
    if (n <= 0) return 0;
  }
  const bytes = n * size;
  c.memory.noteWrite(dPa, bytes);
  const ram = c.ram;
  if (kind === 'movs') {
    const sPa = (c.tlb[sLin >>> 12] & -4096) | (sLin & 0xfff);
    if (sPa < dPa && sPa + bytes > dPa) {
      // Overlapping forward copy: element by element, as the hardware does.
      for (let k = 0; k < bytes; k++) ram[dPa + k] = ram[sPa + k];
    } else {
      ram.copyWithin(dPa, sPa, sPa + bytes);
    }
    c.r32[ESI] = c.r32[ESI] + bytes;
  } else {
    const v = c.r32[0];
    if (size === 1) ram.fill(v & 0xff, dPa, dPa + bytes);
    else {
      for (let k = 0; k < bytes; k += size) {
        if (size === 4) c.ramView.setInt32(dPa + k, v, true);
        else c.ramView.setUint16(dPa + k, v, true);
      }
    }
  }
  c.r32[EDI] = c.r32[EDI] + bytes;
  c.r32[ECX] = c.r32[ECX] - n;
  return n;
}

/**
 * Executions of a REP MOVS/STOS that one handler call may do beyond the first: the step loop's
 * `repeatsAllowed`, at most MAX_REPEATS (so the low counters stay small), and none when the
 * instruction is not in the decoded cache (its physical address unknown) or when a fractional cost
 * per iteration would round differently over a different split of the copy.
 */
const MAX_REPEATS = 64;
function repeatsFor(c: Cpu, i: number, kind: Kind): number {
  if ((kind !== 'movs' && kind !== 'stos') || i === SCRATCH || c.attention !== 0) return 0;
  if (!Number.isInteger(c.classCycles[CostClass.String])) return 0;
  return Math.max(0, Math.min(c.repeatsAllowed, MAX_REPEATS));
}

function stringOp(kind: Kind, w: Width): Handler {
  const conditional = kind === 'cmps' || kind === 'scas';
  return (c, i) => {
    const pfx = c.decoded.pfx[i];
    const a32 = (pfx & 8) !== 0;
    const seg = c.decoded.seg[i];
    const step = c.flags & DF ? -w.bytes : w.bytes;
    if ((pfx & (REPZ | REPNZ)) === 0) {
      iterate(c, kind, w, seg, a32, step);
      return;
    }
    let budget = CHUNK;
    // Executions after this one that the step loop would run next with nothing in between: done here,
    // so that one copy can span them (each still counts as an instruction, with its own cycles).
    let repeats = repeatsFor(c, i, kind);
    // The instruction's decoded slot: a copy past this execution's iterations must not write near its
    // bytes, and the next execution is done here only while the slot still holds it.
    const tag = c.decoded.tagWord[i << 1];
    const codePa = tag & 0x7fffffff;
    for (;;) {
      const count = a32 ? c.r32[ECX] >>> 0 : c.r16[ECX << 1];
      if (count === 0) return;
      if (budget === 0) {
        if (repeats === 0 || c.attention !== 0 || c.decoded.tagWord[i << 1] !== tag) {
          c.ip = c.startIp; // restart: more iterations remain
          return;
        }
        // The execution that ended at its chunk's end counts as the step loop would count it.
        repeats--;
        c.countExecuted(i);
        budget = CHUNK;
      }
      if (a32 && step > 0 && (kind === 'movs' || kind === 'stos')) {
        const span = Math.min(count, budget + repeats * CHUNK);
        let done = fastForward(c, kind, w, seg, span, codePa, budget);
        // A longer run can fail a segment's limit that this execution's own iterations pass.
        if (done === 0 && repeats > 0)
          done = fastForward(c, kind, w, seg, Math.min(count, budget), codePa, budget);
        if (done > 0) {
          // This execution's share, then whole executions of CHUNK iterations and a part of one.
          const cost = c.classCycles[CostClass.String];
          for (;;) {
            const part = Math.min(done, budget);
            c.addCycles(part * cost);
            budget -= part;
            done -= part;
            if (done === 0) break;
            repeats--;
            c.countExecuted(i);
            budget = CHUNK;
          }
          continue;
        }
      }
      iterate(c, kind, w, seg, a32, step);
      if (a32) c.r32[ECX] = c.r32[ECX] - 1;
      else c.r16[ECX << 1] = c.r16[ECX << 1] - 1;
      budget--;
      c.addCycles(c.classCycles[CostClass.String]);
      if (conditional) {
        const zf = getZF(c);
        if (pfx & REPZ ? zf === 0 : zf === 1) return;
      }
    }
  };
}

export function registerString(): void {
  const ops: [number, Kind, string, string][] = [
    [0xa4, 'movs', 'Yb,Xb', 'Yv,Xv'],
    [0xa6, 'cmps', 'Xb,Yb', 'Xv,Yv'],
    [0xaa, 'stos', 'Yb,AL', 'Yv,eAX'],
    [0xac, 'lods', 'AL,Xb', 'eAX,Xv'],
    [0xae, 'scas', 'AL,Yb', 'eAX,Yv'],
    [0x6c, 'ins', 'Yb,DX', 'Yz,DX'],
    [0x6e, 'outs', 'DX,Xb', 'DX,Xz'],
  ];
  for (const [op, kind, ob, ov] of ops) {
    const io = kind === 'ins' || kind === 'outs';
    const cost = io ? CostClass.Io : CostClass.String;
    const privilege = io ? Privilege.IoPort : Privilege.None;
    define({ op, mnemonic: kind, operands: ob, r: stringOp(kind, W8), cost, privilege });
    define({
      op: op + 1,
      mnemonic: kind,
      operands: ov,
      r: [stringOp(kind, W16), stringOp(kind, W32)],
      cost,
      privilege,
    });
  }
}
