/** Segment register moves and far-pointer loads: MOV Sreg, MOV from Sreg, LDS LES LSS LFS LGS. */
import { CS, SS } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler, Privilege } from '../decoder/opcode-table.js';
import { loadSegment } from '../system/descriptors.js';
import { readFarPointer } from './control.js';
import { readE, regField, W16, W32, type Width } from './width.js';

function movFromSeg(op32: boolean): { r: Handler; m: Handler } {
  return {
    r: (c, i) => {
      const seg = regField(c, i);
      if (seg > 5) c.raiseUd();
      // A 32-bit register destination receives the selector zero-extended (P6 family).
      if (op32) c.r32[c.decoded.modrm[i] & 7] = c.segSel[seg];
      else c.r16[(c.decoded.modrm[i] & 7) << 1] = c.segSel[seg];
    },
    m: (c, i) => {
      const seg = regField(c, i);
      if (seg > 5) c.raiseUd();
      c.write16(c.decoded.seg[i], c.ea(i), c.segSel[seg]);
    },
  };
}

function movToSeg(c: Cpu, i: number): void {
  const seg = regField(c, i);
  if (seg === CS || seg > 5) c.raiseUd();
  loadSegment(c, seg, readE(c, i, W16));
  // MOV SS inhibits interrupts until after the next instruction (SDM vol. 2, MOV).
  if (seg === SS) {
    c.inhibitAt = c.icount + 1;
    c.debugInhibitAt = c.icount + 1;
  }
}

function loadFar(seg: number, w: Width): Handler {
  return (c, i) => {
    const [off, sel] = readFarPointer(c, i, w.bytes === 4);
    loadSegment(c, seg, sel);
    w.setReg(c, regField(c, i), off);
  };
}

export function registerSegment(): void {
  const f16 = movFromSeg(false);
  const f32 = movFromSeg(true);
  // Only reg fields naming ES..GS are defined; MOV to CS is #UD.
  for (let seg = 0; seg < 6; seg++) {
    // A selector's RPL shows the CPL it was loaded at (CS, SS: the current CPL).
    define({
      op: 0x8c,
      reg: seg,
      mnemonic: 'mov',
      operands: 'Ev,Sw',
      r: [f16.r, f32.r],
      m: [f16.m, f32.m],
      privilege: Privilege.Sensitive,
    });
    if (seg === CS) continue;
    const cost = CostClass.SegmentLoad;
    define({ op: 0x8e, reg: seg, mnemonic: 'mov', operands: 'Sw,Ew', r: movToSeg, m: movToSeg, cost });
  }
  const loads: [0 | 1, number, number, string][] = [
    [0, 0xc4, 0, 'les'],
    [0, 0xc5, 3, 'lds'],
    [1, 0xb2, 2, 'lss'],
    [1, 0xb4, 4, 'lfs'],
    [1, 0xb5, 5, 'lgs'],
  ];
  for (const [map, op, seg, name] of loads) {
    define({
      map,
      op,
      mnemonic: name,
      operands: 'Gv,Mp',
      m: [loadFar(seg, W16), loadFar(seg, W32)],
      cost: CostClass.SegmentLoad,
    });
  }
  void W32;
}
