// The x87 FPU of a Pentium II: an eight-register stack of 80-bit values with its control, status and tag
// words (SDM Vol. 1, chapter 8 "Programming with the x87 FPU"). The integer core decodes ESC opcodes and
// calls `execute`; memory goes through the core's `FpuBus` (paging, page faults).
//
// Every instruction reads its memory operands and writes its results to memory before it changes any FPU
// state, so a page fault in the middle leaves the unit as it was and the core can restart the instruction.
import {
  type ArithContext,
  type ArithResult,
  type BinaryOperation,
  binary,
  type CompareResult,
  compare,
  type Operand,
  type Ordering,
  registerOperand,
  roundToIntegral,
  squareRoot,
} from './arithmetic.js';
import { BCD_BYTES, loadBcd, storeBcd } from './bcd.js';
import { loadConstant } from './constants.js';
import type { FpuBus, FpuUnit } from './contract.js';
import {
  loadFloat32,
  loadFloat64,
  loadInteger,
  type StoreResult,
  storeFloat32,
  storeFloat64,
  storeInteger,
} from './conversions.js';
import {
  type X87ArithmeticOperation,
  type X87MemoryFormat,
  type X87Operation,
  x87Encoding,
} from './encodings.js';
import { type Environment, environmentSize, readEnvironment, writeEnvironment } from './environment.js';
import { classify, type Extended, INDEFINITE, makeZero } from './extended.js';
import { partialRemainder } from './remainder.js';
import { extract, scale } from './scale.js';
import {
  BUSY,
  C0,
  C1,
  C2,
  C3,
  CONDITION_CODES,
  CW_DEFAULT,
  DE,
  ES,
  EXCEPTION_FLAGS,
  IE,
  precisionOf,
  roundingOf,
  SF,
  TOP_SHIFT,
} from './status.js';
import { X87UnsupportedInstruction } from './unsupported.js';

const TAG_VALID = 0;
const TAG_ZERO = 1;
const TAG_SPECIAL = 2;
const TAG_EMPTY = 3;

/** Byte size of the 32-bit FNSAVE image, also the format of `saveState`. */
const SAVE_SIZE_32 = 108;

type MemoryLoader = (bus: FpuBus, at: number) => Operand;

const loadM32fp: MemoryLoader = (bus, at) => loadFloat32(bus.readU32(at));
const loadM64fp: MemoryLoader = (bus, at) => loadFloat64(readU64(bus, at));
const loadM16int: MemoryLoader = (bus, at) => loadInteger(BigInt((bus.readU16(at) << 16) >> 16));
const loadM32int: MemoryLoader = (bus, at) => loadInteger(BigInt(bus.readU32(at) | 0));
const loadM64int: MemoryLoader = (bus, at) => loadInteger(BigInt.asIntN(64, readU64(bus, at)));
const unreachableLoader: MemoryLoader = () => {
  throw new Error('x87 table: m80 operands are loaded by loadMemory');
};

/** The loaders of the memory formats that are converted on load. */
const LOADERS: Record<X87MemoryFormat, MemoryLoader> = {
  m16int: loadM16int,
  m32int: loadM32int,
  m64int: loadM64int,
  m32fp: loadM32fp,
  m64fp: loadM64fp,
  m80fp: unreachableLoader,
  m80bcd: unreachableLoader,
};

function readU64(bus: FpuBus, at: number): bigint {
  const lo = BigInt(bus.readU32(at) >>> 0);
  const hi = BigInt(bus.readU32(at + 4) >>> 0);
  return (hi << 32n) | lo;
}

function writeU64(bus: FpuBus, at: number, value: bigint): void {
  bus.writeU32(at, Number(value & 0xffffffffn));
  bus.writeU32(at + 4, Number((value >> 32n) & 0xffffffffn));
}

function readExtended(bus: FpuBus, at: number): Extended {
  return { signExp: bus.readU16(at + 8), sig: readU64(bus, at) };
}

function writeExtended(bus: FpuBus, at: number, x: Extended): void {
  writeU64(bus, at, x.sig);
  bus.writeU16(at + 8, x.signExp);
}

export class X87 implements FpuUnit {
  private cw = CW_DEFAULT;
  /** Status word without TOP (bits 11–13 are kept in `top`). */
  private sw = 0;
  private top = 0;
  /** Physical registers R0–R7. */
  private readonly regs: Extended[] = [0, 1, 2, 3, 4, 5, 6, 7].map(() => makeZero(0));
  /** Bit i set: physical register i is empty. */
  private emptyMask = 0xff;
  private fip = 0;
  private fcs = 0;
  private fop = 0;
  private fdp = 0;
  private fds = 0;

  reset(): void {
    this.init();
  }

  get exceptionPending(): boolean {
    return (this.sw & ES) !== 0;
  }

  /** The status word with TOP, as FNSTSW stores it. */
  get statusWord(): number {
    return (this.sw & ~(7 << TOP_SHIFT)) | (this.top << TOP_SHIFT);
  }

  get controlWord(): number {
    return this.cw;
  }

  /** The full tag word, as FNSTENV/FNSAVE store it. */
  get tagWord(): number {
    let tw = 0;
    for (let i = 0; i < 8; i++) tw |= this.tagOf(i) << (2 * i);
    return tw;
  }

  /** ST(i) as raw 80-bit fields (for tools and tests); undefined when the register is empty. */
  st(i: number): Extended | undefined {
    const p = this.physical(i);
    return this.isEmpty(p) ? undefined : { ...this.regs[p] };
  }

  execute(
    opcode: number,
    modrm: number,
    linear: number,
    bus: FpuBus,
    operandSize32: boolean,
    instructionEip: number,
    instructionCs: number,
  ): number | undefined {
    const encoding = x87Encoding(opcode, modrm);
    if (!encoding) throw new X87UnsupportedInstruction(opcode, modrm, 'reserved');
    // FCMOVcc and FCOMI need EFLAGS, which only `executeWithEflags` has.
    if (encoding.operation.kind === 'not-implemented' || encoding.eflags !== 'none')
      throw new X87UnsupportedInstruction(opcode, modrm, 'not-implemented');
    // The pointers are noted after the instruction, so that one that page-faults changes nothing.
    if (modrm < 0xc0) {
      this.executeMemory(encoding.operation, linear, bus, operandSize32);
      if (!encoding.control) this.notePointers(opcode, modrm, instructionEip, instructionCs, linear);
      return undefined;
    }
    const ax = this.executeRegister(encoding.operation, modrm & 7, modrm);
    if (!encoding.control) this.notePointers(opcode, modrm, instructionEip, instructionCs, undefined);
    return ax;
  }

  fxsave(linear: number, bus: FpuBus): void {
    // FXSAVE layout, 32-bit form (SDM Vol. 2A, FXSAVE, Table 3-53). A Pentium II has no SSE state:
    // MXCSR and the XMM area are left as they are.
    let abridged = 0;
    for (let p = 0; p < 8; p++) if (!this.isEmpty(p)) abridged |= 1 << p;
    bus.writeU16(linear, this.cw);
    bus.writeU16(linear + 2, this.statusWord);
    bus.writeU16(linear + 4, abridged);
    bus.writeU16(linear + 6, this.fop);
    bus.writeU32(linear + 8, this.fip);
    bus.writeU32(linear + 12, this.fcs & 0xffff);
    bus.writeU32(linear + 16, this.fdp);
    bus.writeU32(linear + 20, this.fds & 0xffff);
    for (let i = 0; i < 8; i++) {
      const at = linear + 32 + 16 * i;
      writeExtended(bus, at, this.regs[this.physical(i)]);
      bus.writeU16(at + 10, 0);
      bus.writeU32(at + 12, 0);
    }
  }

  fxrstor(linear: number, bus: FpuBus): void {
    const cw = bus.readU16(linear);
    const sw = bus.readU16(linear + 2);
    const abridged = bus.readU8(linear + 4);
    const fop = bus.readU16(linear + 6) & 0x7ff;
    const fip = bus.readU32(linear + 8) >>> 0;
    const fcs = bus.readU16(linear + 12);
    const fdp = bus.readU32(linear + 16) >>> 0;
    const fds = bus.readU16(linear + 20);
    const top = (sw >> TOP_SHIFT) & 7;
    const values: Extended[] = [];
    for (let i = 0; i < 8; i++) values.push(readExtended(bus, linear + 32 + 16 * i));
    this.cw = controlWordOf(cw);
    this.top = top;
    this.sw = sw;
    this.emptyMask = ~abridged & 0xff;
    for (let i = 0; i < 8; i++) this.regs[(top + i) & 7] = values[i];
    Object.assign(this, { fop, fip, fcs, fdp, fds });
    this.updateSummary();
  }

  /**
   * FCMOVcc, FCOMI/FCOMIP and FUCOMI/FUCOMIP (`usesEflags(opcode, modrm)`): the register forms that read or
   * write EFLAGS. Takes the current EFLAGS and returns the new value (FCOMI sets ZF, PF and CF from the
   * comparison and clears OF, SF and AF; FCMOVcc returns it unchanged).
   */
  executeWithEflags(
    opcode: number,
    modrm: number,
    eflags: number,
    instructionEip: number,
    instructionCs: number,
  ): number {
    const operation = x87Encoding(opcode, modrm)?.operation;
    const i = modrm & 7;
    let result = eflags;
    if (operation?.kind === 'compare-eflags')
      result = this.compareToEflags(i, operation.ordered, operation.pop, eflags);
    else if (operation?.kind === 'fcmov')
      this.conditionalMove(i, fcmovCondition(operation.condition, operation.negated, eflags));
    else throw new X87UnsupportedInstruction(opcode, modrm, 'reserved');
    this.notePointers(opcode, modrm, instructionEip, instructionCs, undefined);
    return result;
  }

  saveState(): Uint8Array {
    const bytes = new Uint8Array(SAVE_SIZE_32);
    this.storeState(arrayBus(bytes), 0, true);
    return bytes;
  }

  loadState(state: Uint8Array): void {
    if (state.length !== SAVE_SIZE_32) throw new RangeError(`x87 state must be ${SAVE_SIZE_32} bytes`);
    this.loadFullState(arrayBus(state), 0, true);
  }

  // ---- stack and status helpers ----

  private physical(i: number): number {
    return (this.top + i) & 7;
  }

  private isEmpty(p: number): boolean {
    return (this.emptyMask & (1 << p)) !== 0;
  }

  private tagOf(p: number): number {
    if (this.isEmpty(p)) return TAG_EMPTY;
    const c = classify(this.regs[p]);
    return c === 'zero' ? TAG_ZERO : c === 'normal' ? TAG_VALID : TAG_SPECIAL;
  }

  private setReg(i: number, x: Extended): void {
    const p = this.physical(i);
    this.regs[p] = x;
    this.emptyMask &= ~(1 << p);
  }

  private pop(): void {
    this.emptyMask |= 1 << this.top;
    this.top = (this.top + 1) & 7;
  }

  private ctx(): ArithContext {
    return { rc: roundingOf(this.cw), precision: precisionOf(this.cw), masks: this.cw & EXCEPTION_FLAGS };
  }

  private masked(flag: number): boolean {
    return (this.cw & flag) !== 0;
  }

  /** ES and B summarise the unmasked exception flags that are set (SDM Vol. 1, 8.1.3.1). */
  private updateSummary(): void {
    if (this.sw & ~this.cw & EXCEPTION_FLAGS) this.sw |= ES | BUSY;
    else this.sw &= ~(ES | BUSY);
  }

  private raise(flags: number): void {
    this.sw |= flags & (EXCEPTION_FLAGS | SF);
    this.updateSummary();
  }

  private setC1(on: boolean): void {
    this.sw = on ? this.sw | C1 : this.sw & ~C1;
  }

  /** Stack underflow (SDM Vol. 1, 8.5.1.1): IE and SF with C1 = 0; returns true when IE is masked. */
  private underflow(): boolean {
    this.raise(IE | SF);
    this.setC1(false);
    return this.masked(IE);
  }

  /** Stack overflow: IE and SF with C1 = 1; returns true when IE is masked. */
  private overflow(): boolean {
    this.raise(IE | SF);
    this.setC1(true);
    return this.masked(IE);
  }

  /** Pushes a value; on overflow the masked response pushes the indefinite. */
  private push(x: Extended): void {
    const p = (this.top - 1) & 7;
    if (!this.isEmpty(p)) {
      if (!this.overflow()) return;
      x = INDEFINITE;
    }
    this.top = p;
    this.setReg(0, x);
  }

  private pushCheckedFree(): boolean {
    return this.isEmpty((this.top - 1) & 7);
  }

  private notePointers(
    opcode: number,
    modrm: number,
    eip: number,
    cs: number,
    data: number | undefined,
  ): void {
    this.fop = ((opcode & 7) << 8) | modrm;
    this.fip = eip >>> 0;
    this.fcs = cs & 0xffff;
    if (data !== undefined) {
      this.fdp = data >>> 0;
      this.fds = 0;
    }
  }

  private init(): void {
    this.cw = CW_DEFAULT;
    this.sw = 0;
    this.top = 0;
    this.emptyMask = 0xff;
    this.fip = 0;
    this.fcs = 0;
    this.fop = 0;
    this.fdp = 0;
    this.fds = 0;
  }

  /** Commits an arithmetic result to ST(dest): flags, C1 (rounded up) and the value unless suppressed. */
  private commit(dest: number, r: ArithResult, popAfter: boolean): void {
    this.raise(r.flags);
    this.setC1(r.roundedUp);
    if (r.value === null) return;
    this.setReg(dest, r.value);
    if (popAfter) this.pop();
  }

  // ---- memory forms ----

  private executeMemory(operation: X87Operation, at: number, bus: FpuBus, op32: boolean): void {
    switch (operation.kind) {
      case 'arithmetic-memory':
        this.arithmeticMemory(operation.op, LOADERS[operation.source](bus, at));
        return;
      case 'compare-memory':
        this.compareMemory(LOADERS[operation.source](bus, at), operation.pops);
        return;
      case 'load':
        this.loadMemory(operation.source, bus, at);
        return;
      case 'store':
        this.storeFormat(operation.format, bus, at, operation.pop);
        return;
      case 'fldenv':
        this.loadEnvironment(readEnvironment(bus, at, op32));
        return;
      case 'fldcw':
        this.cw = controlWordOf(bus.readU16(at));
        this.updateSummary();
        return;
      case 'fnstenv':
        writeEnvironment(bus, at, this.environment(), op32);
        this.cw |= EXCEPTION_FLAGS; // FNSTENV masks all exceptions (SDM Vol. 2A, FSTENV)
        this.updateSummary();
        return;
      case 'fnstcw':
        bus.writeU16(at, this.cw);
        return;
      case 'frstor':
        this.loadFullState(bus, at, op32);
        return;
      case 'fnsave':
        this.storeState(bus, at, op32);
        this.init(); // FNSAVE reinitialises the FPU like FNINIT (SDM Vol. 2A, FSAVE)
        return;
      case 'fnstsw':
        bus.writeU16(at, this.statusWord);
        return;
      default:
        throw new Error(`x87 table: ${operation.kind} is not a memory operation`);
    }
  }

  private loadMemory(source: X87MemoryFormat, bus: FpuBus, at: number): void {
    if (source === 'm80fp') {
      // FLD m80fp loads the encoding as it is (no SNaN or denormal check).
      const value = readExtended(bus, at);
      if (this.pushCheckedFree()) this.setC1(false);
      this.push(value);
      return;
    }
    if (source === 'm80bcd') {
      const bytes = new Uint8Array(BCD_BYTES);
      for (let i = 0; i < BCD_BYTES; i++) bytes[i] = bus.readU8(at + i);
      this.loadOperand(loadBcd(bytes));
      return;
    }
    this.loadOperand(LOADERS[source](bus, at));
  }

  private storeFormat(format: X87MemoryFormat, bus: FpuBus, at: number, pop: boolean): void {
    const rc = roundingOf(this.cw);
    switch (format) {
      case 'm32fp':
        this.storeMemory(bus, at, 4, (x) => storeFloat32(x, rc, this.cw), pop);
        return;
      case 'm64fp':
        this.storeMemory(bus, at, 8, (x) => storeFloat64(x, rc, this.cw), pop);
        return;
      case 'm16int':
        this.storeMemory(bus, at, 2, (x) => storeInteger(x, 16, rc, this.cw), pop);
        return;
      case 'm32int':
        this.storeMemory(bus, at, 4, (x) => storeInteger(x, 32, rc, this.cw), pop);
        return;
      case 'm64int':
        this.storeMemory(bus, at, 8, (x) => storeInteger(x, 64, rc, this.cw), pop);
        return;
      case 'm80fp':
        this.storeMemory(bus, at, 10, (x) => ({ bits: null, flags: 0, roundedUp: false, raw: x }), pop);
        return;
      case 'm80bcd':
        this.storeBcd(bus, at);
        return;
    }
  }

  /** FLD m32fp/m64fp, FILD: SNaN sources are invalid, denormal sources raise DE (SDM Vol. 2A, FLD). */
  private loadOperand(source: Operand): void {
    if (!this.pushCheckedFree()) {
      this.push(INDEFINITE);
      return;
    }
    let value = source.value;
    let flags = 0;
    if (source.cls === 'snan') {
      flags = IE;
      value = { signExp: value.signExp, sig: value.sig | (1n << 62n) };
    } else if (source.cls === 'denormal') {
      flags = DE;
    }
    this.raise(flags);
    this.setC1(false);
    // An unmasked SNaN suppresses the load; a denormal source is loaded even when DE is unmasked.
    if (flags === IE && !this.masked(IE)) return;
    this.push(value);
  }

  /**
   * FST/FSTP/FIST/FISTP/FSTP m80: converts ST(0), writes memory, then updates the status and pops.
   * An unmasked exception stores nothing and leaves the stack unchanged.
   */
  private storeMemory(
    bus: FpuBus,
    at: number,
    size: 2 | 4 | 8 | 10,
    convert: (x: Extended) => StoreResult & { raw?: Extended },
    popAfter: boolean,
  ): void {
    let result: StoreResult & { raw?: Extended };
    let stackFault = false;
    if (this.isEmpty(this.top)) {
      stackFault = true;
      if (!this.masked(IE)) {
        this.underflow();
        return;
      }
      result =
        size === 10 ? { bits: null, flags: 0, roundedUp: false, raw: INDEFINITE } : convert(INDEFINITE);
    } else {
      result = convert(this.regs[this.top]);
    }
    if (result.raw) writeExtended(bus, at, result.raw);
    else if (result.bits !== null) {
      if (size === 2) bus.writeU16(at, Number(result.bits));
      else if (size === 4) bus.writeU32(at, Number(result.bits));
      else writeU64(bus, at, result.bits);
    }
    if (stackFault) {
      this.underflow();
    } else {
      this.raise(result.flags);
      this.setC1(result.roundedUp);
    }
    if (result.bits === null && !result.raw) return;
    if (popAfter) this.pop();
  }

  private arithmeticMemory(op: X87ArithmeticOperation, source: Operand): void {
    if (this.isEmpty(this.top)) {
      if (this.underflow()) this.setReg(0, INDEFINITE);
      return;
    }
    this.commit(0, this.arithmetic(op, registerOperand(this.regs[this.top]), source), false);
  }

  /** FCOM/FCOMP/FICOM/FICOMP with a memory operand. */
  private compareMemory(source: Operand, pops: 0 | 1): void {
    if (this.isEmpty(this.top)) {
      this.compareUnderflow(pops);
      return;
    }
    this.applyComparison(compare(registerOperand(this.regs[this.top]), source, true, this.ctx()), pops);
  }

  private arithmetic(op: X87ArithmeticOperation, dest: Operand, src: Operand): ArithResult {
    const ctx = this.ctx();
    if (op === 'subr') return binary('sub', src, dest, ctx);
    if (op === 'divr') return binary('div', src, dest, ctx);
    return binary(op as BinaryOperation, dest, src, ctx);
  }

  /** A comparison with an empty operand: stack underflow, "unordered"; only the masked response pops. */
  private compareUnderflow(pops: number): undefined {
    const masked = this.underflow();
    this.setCompareCodes('unordered');
    if (masked) for (let i = 0; i < pops; i++) this.pop();
    return undefined;
  }

  /** Sets C3/C2/C0 from a comparison (C1 = 0) and pops; an unmasked exception leaves codes and stack alone. */
  private applyComparison(r: CompareResult, pops: number): undefined {
    this.raise(r.flags);
    this.setC1(false);
    this.setCompareCodes(r.ordering);
    if (r.suppressed) return undefined; // an unmasked exception still reports the codes, but does not pop
    for (let i = 0; i < pops; i++) this.pop();
    return undefined;
  }

  private setCompareCodes(ordering: Ordering): void {
    const codes =
      ordering === 'greater' ? 0 : ordering === 'less' ? C0 : ordering === 'equal' ? C3 : C3 | C2 | C0;
    this.sw = (this.sw & ~(C3 | C2 | C0)) | codes;
  }

  // ---- register forms ----

  private executeRegister(operation: X87Operation, i: number, modrm: number): number | undefined {
    switch (operation.kind) {
      case 'arithmetic-register':
        return operation.destination === 'st0'
          ? this.arithmeticRegister(operation.op, 0, i, operation.pop)
          : this.arithmeticRegister(operation.op, i, 0, operation.pop);
      case 'compare':
        return this.compareRegisters(i, operation.ordered, operation.pops);
      case 'fld-register':
        return this.loadRegister(i);
      case 'fxch':
        return this.exchange(i);
      case 'fst-register':
        return this.storeRegister(i, operation.pop);
      case 'ffree':
        this.emptyMask |= 1 << this.physical(i);
        if (operation.pop)
          this.pop(); // FFREEP (an alias)
        else this.setC1(false);
        return undefined;
      case 'fnop':
      case 'no-op':
        return undefined;
      case 'fchs':
      case 'fabs':
        return this.signOperation(operation.kind === 'fchs' ? 'chs' : 'abs');
      case 'ftst':
        if (this.isEmpty(this.top)) return this.compareUnderflow(0);
        return this.compareWith(registerOperand(this.regs[this.top]), registerOperand(makeZero(0)), true, 0);
      case 'fxam':
        return this.examine();
      case 'load-constant':
        this.setC1(false);
        return void this.push(loadConstant(modrm, roundingOf(this.cw)));
      case 'fdecstp':
        this.top = (this.top - 1) & 7;
        this.setC1(false);
        return undefined;
      case 'fincstp':
        this.top = (this.top + 1) & 7;
        this.setC1(false);
        return undefined;
      case 'fxtract':
        return this.extractTop();
      case 'fprem':
        return this.remainderTop(operation.nearest);
      case 'fscale':
        return this.scaleTop();
      case 'fsqrt':
        return this.unary((a) => squareRoot(a, this.ctx()));
      case 'frndint':
        return this.unary((a) => roundToIntegral(a, this.ctx()));
      case 'fnclex':
        this.sw &= ~(EXCEPTION_FLAGS | SF | ES | BUSY);
        return undefined;
      case 'fninit':
        this.init();
        return undefined;
      case 'fnstsw-ax':
        return this.statusWord;
      default:
        throw new Error(`x87 table: ${operation.kind} is not a register operation of execute`);
    }
  }

  /**
   * FLD ST(i): ST(i) is read before TOP moves. An empty source is a stack underflow whose masked
   * response pushes the indefinite over whatever the next register holds (no overflow is reported).
   */
  private loadRegister(i: number): undefined {
    const p = this.physical(i);
    if (this.isEmpty(p)) {
      if (this.underflow()) {
        this.top = (this.top - 1) & 7;
        this.setReg(0, INDEFINITE);
      }
      return undefined;
    }
    if (this.pushCheckedFree()) this.setC1(false);
    this.push(this.regs[p]);
    return undefined;
  }

  /** FXTRACT: ST(0) becomes the exponent and the significand is pushed. */
  private extractTop(): undefined {
    if (this.isEmpty(this.top)) {
      // The masked response writes the indefinite to both results without checking for overflow.
      if (this.underflow()) {
        this.setReg(0, INDEFINITE);
        this.top = (this.top - 1) & 7;
        this.setReg(0, INDEFINITE);
      }
      return undefined;
    }
    if (!this.pushCheckedFree()) {
      if (this.overflow()) {
        this.setReg(0, INDEFINITE);
        this.top = (this.top - 1) & 7;
        this.setReg(0, INDEFINITE);
      }
      return undefined;
    }
    const r = extract(registerOperand(this.regs[this.top]), this.ctx());
    this.raise(r.flags);
    this.setC1(false);
    if (r.exponent === null || r.significand === null) return undefined;
    this.setReg(0, r.exponent);
    this.push(r.significand);
    return undefined;
  }

  /** FPREM/FPREM1: ST(0) = the partial remainder of ST(0) / ST(1); the quotient's low bits go to C0/C3/C1. */
  private remainderTop(nearest: boolean): undefined {
    const p1 = this.physical(1);
    if (this.isEmpty(this.top) || this.isEmpty(p1)) {
      this.sw &= ~C2;
      if (this.underflow()) this.setReg(0, INDEFINITE);
      return undefined;
    }
    const ctx = this.ctx();
    const r = partialRemainder(
      registerOperand(this.regs[this.top]),
      registerOperand(this.regs[p1]),
      nearest,
      ctx,
    );
    this.commit(0, r, false);
    // Invalid and NaN operands leave C0 and C3 but clear C2 (and C1, through commit).
    if (r.codes !== undefined) this.sw = (this.sw & ~CONDITION_CODES) | r.codes;
    else this.sw &= ~C2;
    return undefined;
  }

  /** FSCALE: ST(0) = ST(0) × 2^trunc(ST(1)). */
  private scaleTop(): undefined {
    const p1 = this.physical(1);
    if (this.isEmpty(this.top) || this.isEmpty(p1)) {
      if (this.underflow()) this.setReg(0, INDEFINITE);
      return undefined;
    }
    const r = scale(registerOperand(this.regs[this.top]), registerOperand(this.regs[p1]), this.ctx());
    this.commit(0, r, false);
    return undefined;
  }

  /** FBSTP m80bcd: stores ST(0) as packed BCD and pops (nothing is stored or popped on an unmasked IE). */
  private storeBcd(bus: FpuBus, at: number): void {
    const empty = this.isEmpty(this.top);
    if (empty && !this.masked(IE)) {
      this.underflow();
      return;
    }
    const r = storeBcd(empty ? INDEFINITE : this.regs[this.top], roundingOf(this.cw), this.cw);
    if (r.bytes) for (let i = 0; i < BCD_BYTES; i++) bus.writeU8(at + i, r.bytes[i]);
    if (empty) this.underflow();
    else {
      this.raise(r.flags);
      this.setC1(r.roundedUp);
    }
    if (r.bytes) this.pop();
  }

  private unary(op: (a: Operand) => ArithResult): undefined {
    if (this.isEmpty(this.top)) {
      if (this.underflow()) this.setReg(0, INDEFINITE);
      return undefined;
    }
    this.commit(0, op(registerOperand(this.regs[this.top])), false);
    return undefined;
  }

  private arithmeticRegister(
    op: X87ArithmeticOperation,
    dest: number,
    src: number,
    popAfter: boolean,
  ): undefined {
    const pd = this.physical(dest);
    const ps = this.physical(src);
    if (this.isEmpty(pd) || this.isEmpty(ps)) {
      if (!this.underflow()) return undefined;
      this.setReg(dest, INDEFINITE);
      if (popAfter) this.pop();
      return undefined;
    }
    const r = this.arithmetic(op, registerOperand(this.regs[pd]), registerOperand(this.regs[ps]));
    this.commit(dest, r, popAfter);
    return undefined;
  }

  private compareRegisters(i: number, ordered: boolean, pops: number): undefined {
    const p0 = this.top;
    const pi = this.physical(i);
    if (this.isEmpty(p0) || this.isEmpty(pi)) return this.compareUnderflow(pops);
    return this.compareWith(registerOperand(this.regs[p0]), registerOperand(this.regs[pi]), ordered, pops);
  }

  private compareWith(a: Operand, b: Operand, ordered: boolean, pops: number): undefined {
    return this.applyComparison(compare(a, b, ordered, this.ctx()), pops);
  }

  /** FCOMI family (SDM Vol. 2A, FCOMI/FCOMIP/FUCOMI/FUCOMIP): the comparison goes to ZF, PF and CF. */
  private compareToEflags(i: number, ordered: boolean, pop: boolean, eflags: number): number {
    const p0 = this.top;
    const pi = this.physical(i);
    let ordering: Ordering;
    let popAllowed: boolean;
    if (this.isEmpty(p0) || this.isEmpty(pi)) {
      popAllowed = this.underflow();
      ordering = 'unordered';
    } else {
      // C1 is left as it was (the SDM leaves it undefined; the host keeps it).
      const r = compare(registerOperand(this.regs[p0]), registerOperand(this.regs[pi]), ordered, this.ctx());
      this.raise(r.flags);
      ordering = r.ordering;
      popAllowed = !r.suppressed;
    }
    if (pop && popAllowed) this.pop();
    const bits =
      ordering === 'greater' ? 0 : ordering === 'less' ? CF : ordering === 'equal' ? ZF : ZF | PF | CF;
    return (eflags & ~(ZF | PF | CF | OF | SF_FLAG | AF)) | bits;
  }

  /** FCMOVcc (SDM Vol. 2A): ST(0) ← ST(i) when the EFLAGS condition holds. */
  private conditionalMove(i: number, condition: boolean): void {
    const pi = this.physical(i);
    if (this.isEmpty(this.top) || this.isEmpty(pi)) {
      // The masked response writes the indefinite whether or not the condition holds.
      if (this.underflow()) this.setReg(0, INDEFINITE);
      return;
    }
    if (condition) this.setReg(0, this.regs[pi]); // C1 unchanged, as on the host
  }

  /** FST/FSTP ST(i): a raw copy of ST(0). */
  private storeRegister(i: number, popAfter: boolean): undefined {
    if (this.isEmpty(this.top)) {
      if (!this.underflow()) return undefined;
      this.setReg(i, INDEFINITE);
    } else {
      this.setC1(false);
      this.setReg(i, this.regs[this.top]);
    }
    if (popAfter) this.pop();
    return undefined;
  }

  /** FXCH: empty registers take part as the indefinite after a (masked) stack underflow. */
  private exchange(i: number): undefined {
    const p0 = this.top;
    const pi = this.physical(i);
    if (this.isEmpty(p0) || this.isEmpty(pi)) {
      if (!this.underflow()) return undefined;
      if (this.isEmpty(p0)) this.setReg(0, INDEFINITE);
      if (this.isEmpty(pi)) this.setReg(i, INDEFINITE);
    } else {
      this.setC1(false);
    }
    const t = this.regs[p0];
    this.regs[p0] = this.regs[pi];
    this.regs[pi] = t;
    return undefined;
  }

  private signOperation(kind: 'chs' | 'abs'): undefined {
    if (this.isEmpty(this.top)) {
      if (this.underflow()) this.setReg(0, INDEFINITE);
      return undefined;
    }
    const x = this.regs[this.top];
    this.setC1(false);
    this.setReg(0, { signExp: kind === 'chs' ? x.signExp ^ 0x8000 : x.signExp & 0x7fff, sig: x.sig });
    return undefined;
  }

  /** FXAM (SDM Vol. 2A, FXAM, Table 3-45): class in C3/C2/C0, sign in C1. */
  private examine(): undefined {
    const x = this.regs[this.top];
    let codes: number;
    if (this.isEmpty(this.top)) codes = C3 | C0;
    else {
      const c = classify(x);
      codes = {
        unsupported: 0,
        qnan: C0,
        snan: C0,
        normal: C2,
        infinity: C2 | C0,
        zero: C3,
        denormal: C3 | C2,
      }[c];
    }
    this.sw = (this.sw & ~CONDITION_CODES) | codes | (x.signExp & 0x8000 ? C1 : 0);
    return undefined;
  }

  // ---- environment and state images ----

  private environment(): Environment {
    return {
      cw: this.cw,
      sw: this.statusWord,
      tw: this.tagWord,
      fip: this.fip,
      fcs: this.fcs,
      fop: this.fop,
      fdp: this.fdp,
      fds: this.fds,
    };
  }

  private loadEnvironment(env: Environment): void {
    this.cw = controlWordOf(env.cw);
    this.sw = env.sw;
    this.top = (env.sw >> TOP_SHIFT) & 7;
    // Only "empty" or "not empty" is taken from the image; the class is recomputed from the contents.
    let empty = 0;
    for (let p = 0; p < 8; p++) if (((env.tw >> (2 * p)) & 3) === TAG_EMPTY) empty |= 1 << p;
    this.emptyMask = empty;
    this.fip = env.fip;
    this.fcs = env.fcs;
    this.fop = env.fop;
    this.fdp = env.fdp;
    this.fds = env.fds;
    this.updateSummary();
  }

  /** FNSAVE's image: the environment, then ST(0)–ST(7) as 10-byte values. */
  private storeState(bus: FpuBus, at: number, op32: boolean): void {
    const base = at + environmentSize(op32);
    for (let i = 0; i < 8; i++) writeExtended(bus, base + 10 * i, this.regs[this.physical(i)]);
    writeEnvironment(bus, at, this.environment(), op32);
  }

  private loadFullState(bus: FpuBus, at: number, op32: boolean): void {
    const env = readEnvironment(bus, at, op32);
    const base = at + environmentSize(op32);
    const values: Extended[] = [];
    for (let i = 0; i < 8; i++) values.push(readExtended(bus, base + 10 * i));
    this.loadEnvironment(env);
    for (let i = 0; i < 8; i++) this.regs[this.physical(i)] = values[i];
  }
}

const CF = 0x001;
const PF = 0x004;
const AF = 0x010;
const ZF = 0x040;
const SF_FLAG = 0x080;
const OF = 0x800;

/** The FCMOVcc condition (SDM Vol. 2A, FCMOVcc): B, E, BE, U on DA, their negations on DB. */
function fcmovCondition(condition: 'b' | 'e' | 'be' | 'u', negated: boolean, eflags: number): boolean {
  const mask = { b: CF, e: ZF, be: CF | ZF, u: PF }[condition];
  return ((eflags & mask) !== 0) !== negated;
}

/** Reserved control-word bits read as 0, except bit 6 which reads as 1 (SDM Vol. 1, Figure 8-6). */
function controlWordOf(value: number): number {
  return (value & 0x1f3f) | 0x40;
}

/** A bus over a byte array, for `saveState`/`loadState`. */
function arrayBus(bytes: Uint8Array): FpuBus {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    readU8: (a) => view.getUint8(a),
    readU16: (a) => view.getUint16(a, true),
    readU32: (a) => view.getUint32(a, true),
    writeU8: (a, v) => view.setUint8(a, v),
    writeU16: (a, v) => view.setUint16(a, v, true),
    writeU32: (a, v) => view.setUint32(a, v >>> 0, true),
  };
}
