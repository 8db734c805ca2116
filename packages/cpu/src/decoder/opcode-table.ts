/**
 * The declarative opcode table. Each instruction group module (ops/*.ts) describes its opcodes with
 * `define`: opcode, ModR/M reg field for group opcodes, mnemonic, SDM operand notation and the handlers
 * for the register and memory forms at each operand size. At module load this fills
 *  - `handlers`: one function per (map, opcode, operand size, reg field, register/memory form),
 *    indexed by `handlerId`, so the step loop dispatches with one array load;
 *  - `infos`: what the decoder and the disassembler need (immediates, ModR/M, LOCK validity) and
 *    the row's privilege class.
 * A row's privilege class is checked here, once: the handler stored for a CPL-0 or IOPL row raises
 * #GP(0) before the instruction's own handler runs (QEMU's decoder marks rows `chk(cpl0)` alike).
 */
import { GP, IOPL } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CpuFault } from '../fault.js';

/** Executes decoded instruction `i` (a slot of `cpu.decoded`). EIP already points past it. */
export type Handler = (c: Cpu, i: number) => void;
/** A handler per operand size: [16-bit, 32-bit]. One function means: the same for both. */
export type Sized = Handler | readonly [Handler, Handler];

export enum Imm {
  None = 0,
  /** imm8, zero-extended. */
  Ib = 1,
  /** imm8, sign-extended to the operand size. */
  Ibs = 2,
  Iw = 3,
  /** imm16 or imm32 by operand size. */
  Iz = 4,
  /** rel8. */
  Jb = 5,
  /** rel16 or rel32 by operand size. */
  Jz = 6,
  /** ptr16:16 or ptr16:32: offset in imm, selector in imm2. */
  Ap = 7,
  /** moffs: a displacement of the address size, no ModR/M. */
  O = 8,
}

/** Instruction classes of the cost model (see cost-model.ts). */
export enum CostClass {
  Simple = 0,
  Load = 1,
  Store = 2,
  ReadModifyWrite = 3,
  Branch = 4,
  Call = 5,
  Ret = 6,
  Mul = 7,
  Div = 8,
  String = 9,
  Stack = 10,
  SegmentLoad = 11,
  System = 12,
  Io = 13,
  Serializing = 14,
  Fpu = 15,
  FarTransfer = 16,
  Interrupt = 17,
  Iret = 18,
  Sysenter = 19,
  Sysexit = 20,
  Halt = 21,
  Cli = 22,
  Sti = 23,
}

/**
 * What an instruction may do at CPL > 0 (SDM vol. 3A 5.9 "Privileged Instructions"; vol. 1 18.5.1
 * "I/O Privilege Level"; Robin & Irvine, USENIX Security 2000, for the sensitive unprivileged ones).
 */
export enum Privilege {
  /** Runs the same at every CPL. */
  None = 0,
  /** CPL 0 only, else #GP(0): checked by the table before the handler runs. */
  Cpl0 = 1,
  /** CPL <= IOPL only, else #GP(0): checked by the table before the handler runs. */
  Iopl = 2,
  /**
   * Port I/O: CPL <= IOPL, or else the TSS I/O permission bitmap must allow every accessed port
   * (#GP(0) otherwise). The handler checks, since only it knows the port (ops/io.ts).
   */
  IoPort = 3,
  /**
   * Sensitive but unprivileged: runs at any CPL without a fault, yet reveals privileged state (CPL,
   * descriptor tables, CR0) or silently ignores a change to it (IF, IOPL). What makes the i386 not
   * classically virtualizable (Popek & Goldberg).
   */
  Sensitive = 4,
}

export interface OpInfo {
  readonly mnemonic: string;
  /** SDM operand notation, e.g. ['Ev', 'Gv']. */
  readonly operands: readonly string[];
  readonly imm1: Imm;
  readonly imm2: Imm;
  /** LOCK is allowed (with a memory destination). */
  readonly lockable: boolean;
  readonly cost: CostClass;
  readonly privilege: Privilege;
}

export interface OpSpec {
  op: number;
  /** 0: one-byte map, 1: 0F map. */
  map?: 0 | 1;
  /** ModR/M reg field for group opcodes (the entry applies to that /digit only). */
  reg?: number;
  /** The instruction has a ModR/M byte (implied by `reg` and by E/G/M/R/S/C/D operands). */
  modrm?: boolean;
  mnemonic: string;
  operands?: string;
  /** Register form (mod = 3), or the only form for opcodes without ModR/M. */
  r?: Sized;
  /** Memory form (mod != 3). */
  m?: Sized;
  lock?: boolean;
  cost?: CostClass;
  /** What the instruction may do at CPL > 0 (default: Privilege.None). */
  privilege?: Privilege;
}

export const HANDLER_COUNT = 1 << 14;

export function handlerId(map: number, opcode: number, op32: number, reg: number, mem: number): number {
  return (((((((map << 8) | opcode) << 1) | op32) << 3) | reg) << 1) | mem;
}

function raiseUd(c: Cpu): void {
  c.raiseUd();
}

/** Handler for undefined encodings: #UD. */
export const UD_HANDLER: Handler = raiseUd;

export const handlers: Handler[] = new Array<Handler>(HANDLER_COUNT).fill(UD_HANDLER);
/** Cost class per handler id. */
export const handlerCost = new Uint8Array(HANDLER_COUNT);
/** Per (map << 8 | opcode) << 3 | reg. */
export const infos: (OpInfo | undefined)[] = new Array<OpInfo | undefined>(512 * 8).fill(undefined);
/** Per map << 8 | opcode: 1 = has ModR/M, 2 = ModR/M whose mod field is ignored (always a register). */
export const modrmKind = new Uint8Array(512);

const IMM_TOKENS: Record<string, Imm> = {
  Ib: Imm.Ib,
  Ibs: Imm.Ibs,
  Iw: Imm.Iw,
  Iz: Imm.Iz,
  Iv: Imm.Iz,
  Jb: Imm.Jb,
  Jz: Imm.Jz,
  Ap: Imm.Ap,
  Ob: Imm.O,
  Ov: Imm.O,
};

function usesModrm(operands: readonly string[]): boolean {
  return operands.some((o) => /^(E|G|M|R|S|C|D)/.test(o) && !/^(DX|DS|ES|SS|CS|FS|GS|CL)$/.test(o));
}

function pick(h: Sized | undefined, op32: number): Handler | undefined {
  if (h === undefined) return undefined;
  if (typeof h === 'function') return h;
  return h[op32];
}

/** The handler the table stores for a row of class `privilege`: the check, then the instruction. */
function checked(h: Handler, privilege: Privilege): Handler {
  if (privilege === Privilege.Cpl0) {
    return (c, i) => {
      if (c.cpl !== 0) throw new CpuFault(GP, 0);
      h(c, i);
    };
  }
  if (privilege === Privilege.Iopl) {
    return (c, i) => {
      if (c.cpl > (c.flags & IOPL) >>> 12) throw new CpuFault(GP, 0);
      h(c, i);
    };
  }
  return h;
}

let sealed = false;

/** Ends the build: from now on the table is immutable and `define` throws. */
export function sealInstructionSet(): void {
  sealed = true;
}

export function define(spec: OpSpec): void {
  if (sealed) throw new Error(`the instruction set is built and immutable: cannot define ${spec.mnemonic}`);
  const map = spec.map ?? 0;
  const operands = spec.operands ? spec.operands.split(',') : [];
  const imms = operands.map((o) => IMM_TOKENS[o]).filter((x): x is Imm => x !== undefined);
  const hasModrm = spec.modrm ?? (spec.reg !== undefined || usesModrm(operands));
  const key = (map << 8) | spec.op;
  const regOnly = operands.some((o) => o === 'Cd' || o === 'Dd' || o === 'Rd');
  if (hasModrm) modrmKind[key] = regOnly ? 2 : 1;
  const cost = spec.cost ?? CostClass.Simple;
  const privilege = spec.privilege ?? Privilege.None;
  const info: OpInfo = Object.freeze({
    mnemonic: spec.mnemonic,
    operands: Object.freeze(operands),
    imm1: imms[0] ?? Imm.None,
    imm2: imms[1] ?? Imm.None,
    lockable: spec.lock ?? false,
    cost,
    privilege,
  });
  const regs = spec.reg !== undefined ? [spec.reg] : [0, 1, 2, 3, 4, 5, 6, 7];
  for (const reg of regs) {
    if (infos[(key << 3) | reg] !== undefined)
      throw new Error(`opcode ${key.toString(16)}/${reg} defined twice`);
    infos[(key << 3) | reg] = info;
    for (let op32 = 0; op32 < 2; op32++) {
      const plainR = pick(spec.r, op32);
      const plainM = pick(spec.m, op32);
      const r = plainR && checked(plainR, privilege);
      const m = plainM && checked(plainM, privilege);
      if (r) {
        handlers[handlerId(map, spec.op, op32, reg, 0)] = r;
        handlerCost[handlerId(map, spec.op, op32, reg, 0)] = cost;
      }
      if (m) {
        handlers[handlerId(map, spec.op, op32, reg, 1)] = m;
        handlerCost[handlerId(map, spec.op, op32, reg, 1)] =
          cost === CostClass.Simple ? CostClass.Load : cost;
      }
    }
  }
}

/** 0F FF (UD0) is never defined: its slot always holds the #UD handler. */
export const UD_HANDLER_ID = handlerId(1, 0xff, 0, 0, 0);
