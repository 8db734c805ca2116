/**
 * System instructions: flag control (CLC STC CMC CLD STD CLI STI), HLT, descriptor-table registers
 * (LGDT LIDT LLDT LTR SGDT SIDT SLDT STR), LMSW SMSW CLTS, MOV to/from CR0–CR4 and DR0–DR7, INVLPG,
 * INVD WBINVD, LAR LSL VERR VERW ARPL, CPUID RDTSC RDMSR WRMSR, SYSENTER SYSEXIT, UD2.
 */
import {
  CF,
  CR0_CD,
  CR0_NW,
  CR0_PE,
  CR0_PG,
  CR0_TS,
  CR4_DE,
  CR4_PCE,
  CR4_SUPPORTED,
  CR4_TSD,
  CS,
  DF,
  EAX,
  EBX,
  ECX,
  EDX,
  GP,
  IF,
  NP,
  RF,
  SS,
  VM,
  ZF,
} from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler, Privilege } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';
import { getCF, materializeFlags } from '../flags.js';
import { readDescriptor } from '../system/descriptors.js';
import type { SegmentDescriptor } from '../system/segment-descriptor.js';
import { readE, regField, W16, writeE } from './width.js';

function setFlag(bit: number, on: boolean): Handler {
  return (c) => {
    materializeFlags(c);
    c.flags = on ? c.flags | bit : c.flags & ~bit;
  };
}

function cli(c: Cpu): void {
  c.flags &= ~IF;
}

function sti(c: Cpu): void {
  // Interrupts stay inhibited until after the next instruction if IF was 0 (the STI shadow).
  if (!(c.flags & IF)) c.inhibitAt = c.icount + 1;
  c.flags |= IF;
}

function hlt(c: Cpu): void {
  c.enterHalt();
}

/** Reads the 6-byte pseudo-descriptor of LGDT/LIDT: [limit, base]. */
function readPseudoDescriptor(c: Cpu, i: number): [number, number] {
  const seg = c.decoded.seg[i];
  const ea = c.ea(i);
  const limit = c.read16(seg, ea);
  const next = c.decoded.pfx[i] & 8 ? (ea + 2) >>> 0 : (ea + 2) & 0xffff;
  let base = c.read32(seg, next);
  if (!(c.decoded.pfx[i] & 16)) base &= 0x00ffffff;
  return [limit, base];
}

function writePseudoDescriptor(c: Cpu, i: number, limit: number, base: number): void {
  const seg = c.decoded.seg[i];
  const ea = c.ea(i);
  const next = c.decoded.pfx[i] & 8 ? (ea + 2) >>> 0 : (ea + 2) & 0xffff;
  c.probeWrite(seg, ea, 2);
  c.probeWrite(seg, next, 4);
  c.write16(seg, ea, limit);
  c.write32(seg, next, c.decoded.pfx[i] & 16 ? base : base & 0x00ffffff);
}

function lldt(c: Cpu, i: number): void {
  const sel = readE(c, i, W16);
  if ((sel & 0xfffc) === 0) {
    c.setLdtRegister(sel, 0, 0);
    return;
  }
  if (sel & 4) throw new CpuFault(GP, sel & 0xfffc);
  const d = readDescriptor(c, sel, GP);
  if (d.systemType !== 0x02) throw new CpuFault(GP, sel & 0xfffc);
  if (!d.present) throw new CpuFault(NP, sel & 0xfffc);
  c.setLdtRegister(sel, d.base, d.limit);
}

function ltr(c: Cpu, i: number): void {
  const sel = readE(c, i, W16);
  if ((sel & 0xfffc) === 0) throw new CpuFault(GP, 0);
  if (sel & 4) throw new CpuFault(GP, sel & 0xfffc);
  const d = readDescriptor(c, sel, GP);
  const type = d.systemType;
  if (type !== 0x09 && type !== 0x01) throw new CpuFault(GP, sel & 0xfffc);
  if (!d.present) throw new CpuFault(NP, sel & 0xfffc);
  // Mark the TSS busy.
  c.sysWrite8((d.address + 5) | 0, ((d.hi >>> 8) & 0xff) | 0x02);
  c.setTaskRegister(sel, d.base, d.limit, type === 0x09);
}

/** Stores a selector-sized system value: 32-bit register destinations get it zero-extended. */
function storeSelector(c: Cpu, i: number, v: number): void {
  const m = c.decoded.modrm[i];
  if (m >= 0xc0 && c.decoded.pfx[i] & 16) c.r32[m & 7] = v;
  else writeE(c, i, W16, v);
}

/**
 * Reads the descriptor for LAR/LSL/VERR/VERW without faulting: returns undefined (ZF = 0) when the
 * selector is null, beyond its table, or not visible at CPL/RPL.
 */
function visibleDescriptor(c: Cpu, sel: number, validSystemTypes: number[]): SegmentDescriptor | undefined {
  if ((sel & 0xfffc) === 0) return undefined;
  const index = sel & 0xfff8;
  const limit = sel & 4 ? c.ldtLimit : c.gdtLimit;
  if (sel & 4 && (c.ldtSel & 0xfffc) === 0) return undefined;
  if (index + 7 > limit) return undefined;
  const d = readDescriptor(c, sel, GP);
  const dpl = d.dpl;
  if (d.isSegment) {
    if (!d.conforming && (dpl < c.cpl || dpl < (sel & 3))) return undefined;
    return d;
  }
  if (!validSystemTypes.includes(d.type)) return undefined;
  return dpl < c.cpl || dpl < (sel & 3) ? undefined : d;
}

function setZf(c: Cpu, on: boolean): void {
  materializeFlags(c);
  c.flags = on ? c.flags | ZF : c.flags & ~ZF;
}

function lar(c: Cpu, i: number): void {
  const sel = readE(c, i, W16);
  const d = visibleDescriptor(c, sel, [1, 2, 3, 4, 5, 9, 11, 12]);
  if (!d) {
    setZf(c, false);
    return;
  }
  const reg = regField(c, i);
  if (c.decoded.pfx[i] & 16)
    c.r32[reg] = d.hi & 0x00ffff00; // bits 19:16 are undefined by the SDM; P6 returns the raw dword (as Bochs does)
  else c.r16[reg << 1] = d.hi & 0xff00;
  setZf(c, true);
}

function lsl(c: Cpu, i: number): void {
  const sel = readE(c, i, W16);
  const d = visibleDescriptor(c, sel, [1, 2, 3, 9, 11]);
  if (!d) {
    setZf(c, false);
    return;
  }
  const limit = d.limit;
  const reg = regField(c, i);
  if (c.decoded.pfx[i] & 16) c.r32[reg] = limit;
  else c.r16[reg << 1] = limit;
  setZf(c, true);
}

function verify(write: boolean): Handler {
  return (c, i) => {
    const sel = readE(c, i, W16);
    const d = visibleDescriptor(c, sel, []);
    if (!d?.isSegment) {
      setZf(c, false);
      return;
    }
    setZf(c, write ? !d.isCode && (d.hi & 0x200) !== 0 : d.readable);
  };
}

function arpl(c: Cpu, i: number): void {
  const dst = readE(c, i, W16);
  const src = c.r16[regField(c, i) << 1];
  if ((dst & 3) < (src & 3)) {
    writeE(c, i, W16, (dst & ~3) | (src & 3));
    setZf(c, true);
  } else setZf(c, false);
}

function movFromCr(c: Cpu, i: number): void {
  const n = regField(c, i);
  let v: number;
  if (n === 0) v = c.cr0;
  else if (n === 2) v = c.cr2;
  else if (n === 3) v = c.cr3;
  else if (n === 4) v = c.cr4;
  else throw new CpuFault(6);
  c.r32[c.decoded.modrm[i] & 7] = v;
}

function movToCr(c: Cpu, i: number): void {
  const n = regField(c, i);
  const v = c.r32[c.decoded.modrm[i] & 7];
  if (n === 0) {
    if (v & CR0_PG && !(v & CR0_PE)) throw new CpuFault(GP, 0);
    if (v & CR0_NW && !(v & CR0_CD)) throw new CpuFault(GP, 0);
    c.setCr0(v);
  } else if (n === 2) c.cr2 = v;
  else if (n === 3) c.setCr3(v);
  else if (n === 4) {
    if (v & ~CR4_SUPPORTED) throw new CpuFault(GP, 0);
    c.setCr4(v);
  } else throw new CpuFault(6);
}

function debugIndex(c: Cpu, n: number): number {
  if (n === 4 || n === 5) {
    if (c.cr4 & CR4_DE) throw new CpuFault(6);
    return n + 2;
  }
  return n;
}

function movFromDr(c: Cpu, i: number): void {
  c.r32[c.decoded.modrm[i] & 7] = c.dr[debugIndex(c, regField(c, i))];
}

function movToDr(c: Cpu, i: number): void {
  const n = debugIndex(c, regField(c, i));
  let v = c.r32[c.decoded.modrm[i] & 7];
  if (n === 6) v = (v | 0xffff0ff0) & ~0x1000;
  if (n === 7) v = (v | 0x400) & ~0xd800;
  c.dr[n] = v;
}

/**
 * CPUID: a Pentium II (family 6, model 5, stepping 2), "GenuineIntel", highest basic leaf 2 (the
 * Pentium II has leaf 2, the cache and TLB descriptors).
 */
function cpuid(c: Cpu): void {
  let leaf = c.r32[EAX] >>> 0;
  if (leaf > 2) leaf = 2; // beyond the maximum: the highest basic leaf's data (SDM vol. 2, CPUID)
  if (leaf === 2) {
    // One round (AL = 1) of descriptor bytes, as the SDM's CPUID example shows them for a Pentium II
    // with a 512 KiB L2: 01/02/03/04 instruction and data TLBs, 08 16 KiB L1 I, 0C 16 KiB L1 D,
    // 43 512 KiB 4-way L2.
    c.r32[EAX] = 0x03020101;
    c.r32[EBX] = 0;
    c.r32[ECX] = 0;
    c.r32[EDX] = 0x0c040843;
    return;
  }
  if (leaf === 0) {
    c.r32[EAX] = 2;
    c.r32[EBX] = 0x756e6547; // "Genu"
    c.r32[EDX] = 0x49656e69; // "ineI"
    c.r32[ECX] = 0x6c65746e; // "ntel"
    return;
  }
  // EDX features: FPU(0, when an x87 unit is attached) PSE(3) TSC(4) MSR(5) CX8(8) SEP(11) CMOV(15) FXSR(24)
  let edx = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8) | (1 << 11) | (1 << 15) | (1 << 24);
  if (c.fpu) edx |= 1;
  c.r32[EAX] = 0x652;
  c.r32[EBX] = 0;
  c.r32[ECX] = 0;
  c.r32[EDX] = edx;
}

/**
 * RDPMC and RDTSC are privileged only when CR4 says so (PCE clear, TSD set): their handlers check, and
 * their table rows stay Privilege.None.
 *
 * RDPMC (SDM vol. 2): at CPL > 0 without CR4.PCE, #GP(0); ECX selects one of the Pentium II's two
 * counters (anything else is #GP(0)). The core does not model performance events: both read 0.
 */
function rdpmc(c: Cpu): void {
  if (!(c.cr4 & CR4_PCE) && c.cpl !== 0) throw new CpuFault(GP, 0);
  const counter = c.r32[ECX] >>> 0;
  if (counter > 1) throw new CpuFault(GP, 0);
  // PERFCTR0/1 (MSRs C1H/C2H), 40 bits: EDX gets bits 39–32 (SDM vol. 2, RDPMC).
  const value = BigInt(c.readMsr(0xc1 + counter));
  c.r32[EAX] = Number(value & 0xffffffffn) | 0;
  c.r32[EDX] = Number((value >> 32n) & 0xffn);
}

function rdtsc(c: Cpu): void {
  if (c.cr4 & CR4_TSD && c.cpl !== 0) throw new CpuFault(GP, 0);
  const t = c.readTimeStampCounter();
  c.r32[EAX] = t % 4294967296;
  c.r32[EDX] = Math.floor(t / 4294967296);
}

function rdmsr(c: Cpu): void {
  const v = BigInt(c.readMsr(c.r32[ECX] >>> 0));
  c.r32[EAX] = Number(BigInt.asUintN(32, v));
  c.r32[EDX] = Number(BigInt.asUintN(32, v >> 32n));
}

function wrmsr(c: Cpu): void {
  const v = (BigInt(c.r32[EDX] >>> 0) << 32n) | BigInt(c.r32[EAX] >>> 0);
  c.writeMsr(c.r32[ECX] >>> 0, v);
}

const FLAT_CODE = 0xc09b; // G, D, P, DPL 0, S, code execute/read accessed
const FLAT_DATA = 0xc093; // G, B, P, DPL 0, S, data read/write accessed

function sysenter(c: Cpu): void {
  if (!(c.cr0 & CR0_PE) || (c.sysenterCs & 0xfffc) === 0) throw new CpuFault(GP, 0);
  materializeFlags(c);
  c.flags &= ~(VM | IF | RF);
  const cs = c.sysenterCs & 0xfffc;
  c.loadCache(CS, cs, 0, 0xffffffff, FLAT_CODE);
  c.loadCache(SS, (cs + 8) & 0xfffc, 0, 0xffffffff, FLAT_DATA);
  c.setCpl(0, 'sysenter');
  c.r32[4] = c.sysenterEsp;
  c.ip = c.sysenterEip;
  c.updateAttention();
}

function sysexit(c: Cpu): void {
  if (!(c.cr0 & CR0_PE) || (c.sysenterCs & 0xfffc) === 0) throw new CpuFault(GP, 0);
  const cs = c.sysenterCs;
  c.loadCache(CS, ((cs + 16) & 0xfffc) | 3, 0, 0xffffffff, FLAT_CODE | 0x60);
  c.loadCache(SS, ((cs + 24) & 0xfffc) | 3, 0, 0xffffffff, FLAT_DATA | 0x60);
  c.setCpl(3, 'sysexit');
  c.r32[4] = c.r32[ECX];
  c.ip = c.r32[EDX];
}

export function registerSystem(): void {
  define({ op: 0xf8, mnemonic: 'clc', r: setFlag(CF, false) });
  define({ op: 0xf9, mnemonic: 'stc', r: setFlag(CF, true) });
  define({
    op: 0xf5,
    mnemonic: 'cmc',
    r: (c) => {
      const cf = getCF(c);
      materializeFlags(c);
      c.flags = cf ? c.flags & ~CF : c.flags | CF;
    },
  });
  define({ op: 0xfc, mnemonic: 'cld', r: setFlag(DF, false) });
  define({ op: 0xfd, mnemonic: 'std', r: setFlag(DF, true) });
  const { Cpl0, Iopl, Sensitive } = Privilege;
  define({ op: 0xfa, mnemonic: 'cli', r: cli, cost: CostClass.Cli, privilege: Iopl });
  define({ op: 0xfb, mnemonic: 'sti', r: sti, cost: CostClass.Sti, privilege: Iopl });
  define({ op: 0xf4, mnemonic: 'hlt', r: hlt, cost: CostClass.Halt, privilege: Cpl0 });
  const sys = CostClass.System;
  define({
    map: 1,
    op: 0x00,
    reg: 0,
    mnemonic: 'sldt',
    operands: 'Ev',
    r: (c, i) => storeSelector(c, i, c.ldtSel),
    m: (c, i) => storeSelector(c, i, c.ldtSel),
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x00,
    reg: 1,
    mnemonic: 'str',
    operands: 'Ev',
    r: (c, i) => storeSelector(c, i, c.trSel),
    m: (c, i) => storeSelector(c, i, c.trSel),
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x00,
    reg: 2,
    mnemonic: 'lldt',
    operands: 'Ew',
    r: lldt,
    m: lldt,
    cost: sys,
    privilege: Cpl0,
  });
  define({
    map: 1,
    op: 0x00,
    reg: 3,
    mnemonic: 'ltr',
    operands: 'Ew',
    r: ltr,
    m: ltr,
    cost: sys,
    privilege: Cpl0,
  });
  const verr = verify(false);
  const verw = verify(true);
  define({
    map: 1,
    op: 0x00,
    reg: 4,
    mnemonic: 'verr',
    operands: 'Ew',
    r: verr,
    m: verr,
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x00,
    reg: 5,
    mnemonic: 'verw',
    operands: 'Ew',
    r: verw,
    m: verw,
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x01,
    reg: 0,
    mnemonic: 'sgdt',
    operands: 'Ms',
    m: (c, i) => writePseudoDescriptor(c, i, c.gdtLimit, c.gdtBase),
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x01,
    reg: 1,
    mnemonic: 'sidt',
    operands: 'Ms',
    m: (c, i) => writePseudoDescriptor(c, i, c.idtLimit, c.idtBase),
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x01,
    reg: 2,
    mnemonic: 'lgdt',
    operands: 'Ms',
    m: (c, i) => {
      const [limit, base] = readPseudoDescriptor(c, i);
      c.gdtLimit = limit;
      c.gdtBase = base | 0;
    },
    cost: sys,
    privilege: Cpl0,
  });
  define({
    map: 1,
    op: 0x01,
    reg: 3,
    mnemonic: 'lidt',
    operands: 'Ms',
    m: (c, i) => {
      const [limit, base] = readPseudoDescriptor(c, i);
      c.idtLimit = limit;
      c.idtBase = base | 0;
    },
    cost: sys,
    privilege: Cpl0,
  });
  const smsw: Handler = (c, i) => {
    const m = c.decoded.modrm[i];
    if (m >= 0xc0 && c.decoded.pfx[i] & 16) c.r32[m & 7] = c.cr0;
    else writeE(c, i, W16, c.cr0);
  };
  define({
    map: 1,
    op: 0x01,
    reg: 4,
    mnemonic: 'smsw',
    operands: 'Ev',
    r: smsw,
    m: smsw,
    privilege: Sensitive,
  });
  const lmsw: Handler = (c, i) => {
    const v = readE(c, i, W16);
    // LMSW changes PE MP EM TS only, and cannot clear PE.
    c.setCr0((c.cr0 & ~0xe) | (v & 0xf) | (c.cr0 & CR0_PE));
  };
  define({
    map: 1,
    op: 0x01,
    reg: 6,
    mnemonic: 'lmsw',
    operands: 'Ew',
    r: lmsw,
    m: lmsw,
    cost: sys,
    privilege: Cpl0,
  });
  define({
    map: 1,
    op: 0x01,
    reg: 7,
    mnemonic: 'invlpg',
    operands: 'M',
    m: (c, i) => {
      c.invalidatePage((c.segBase[c.decoded.seg[i]] + c.ea(i)) | 0);
    },
    cost: sys,
    privilege: Cpl0,
  });
  define({
    map: 1,
    op: 0x02,
    mnemonic: 'lar',
    operands: 'Gv,Ev',
    r: lar,
    m: lar,
    cost: sys,
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x03,
    mnemonic: 'lsl',
    operands: 'Gv,Ev',
    r: lsl,
    m: lsl,
    cost: sys,
    privilege: Sensitive,
  });
  define({
    map: 1,
    op: 0x06,
    mnemonic: 'clts',
    r: (c) => {
      c.cr0 &= ~CR0_TS;
    },
    cost: sys,
    privilege: Cpl0,
  });
  // The core has no caches to invalidate or write back: only the privilege check remains.
  const noCache: Handler = () => {};
  define({ map: 1, op: 0x08, mnemonic: 'invd', r: noCache, cost: sys, privilege: Cpl0 });
  define({ map: 1, op: 0x09, mnemonic: 'wbinvd', r: noCache, cost: sys, privilege: Cpl0 });
  define({ map: 1, op: 0x0b, mnemonic: 'ud2', r: (c) => c.raiseUd() });
  define({ map: 1, op: 0x20, mnemonic: 'mov', operands: 'Rd,Cd', r: movFromCr, cost: sys, privilege: Cpl0 });
  define({ map: 1, op: 0x22, mnemonic: 'mov', operands: 'Cd,Rd', r: movToCr, cost: sys, privilege: Cpl0 });
  define({ map: 1, op: 0x21, mnemonic: 'mov', operands: 'Rd,Dd', r: movFromDr, cost: sys, privilege: Cpl0 });
  define({ map: 1, op: 0x23, mnemonic: 'mov', operands: 'Dd,Rd', r: movToDr, cost: sys, privilege: Cpl0 });
  define({ map: 1, op: 0x30, mnemonic: 'wrmsr', r: wrmsr, cost: CostClass.Serializing, privilege: Cpl0 });
  define({ map: 1, op: 0x31, mnemonic: 'rdtsc', r: rdtsc, cost: CostClass.Serializing });
  define({ map: 1, op: 0x33, mnemonic: 'rdpmc', r: rdpmc, cost: CostClass.Serializing });
  define({ map: 1, op: 0x32, mnemonic: 'rdmsr', r: rdmsr, cost: CostClass.Serializing, privilege: Cpl0 });
  define({ map: 1, op: 0x34, mnemonic: 'sysenter', r: sysenter, cost: CostClass.Sysenter });
  define({ map: 1, op: 0x35, mnemonic: 'sysexit', r: sysexit, cost: CostClass.Sysexit, privilege: Cpl0 });
  define({ map: 1, op: 0xa2, mnemonic: 'cpuid', r: cpuid, cost: CostClass.Serializing });
  define({ op: 0x63, mnemonic: 'arpl', operands: 'Ew,Gw', r: arpl, m: arpl });
}
