/**
 * The instructions a deprivileged guest kernel traps on (#GP at CPL 1), decoded from their bytes
 * so the monitor can emulate them: the monitor's whole instruction emulator. Everything else that
 * faults is reflected to the guest as the fault it is.
 */

export type SimpleInstruction =
  | 'cli'
  | 'sti'
  | 'hlt'
  | 'clts'
  | 'wrmsr'
  | 'rdmsr'
  | 'sysexit'
  | 'invd'
  | 'wbinvd';

export type TrappedInstruction =
  | { readonly name: SimpleInstruction; readonly length: number }
  | {
      readonly name: 'in' | 'out';
      /** An immediate port, or the port in DX. */
      readonly port: number | 'dx';
      readonly size: 1 | 2 | 4;
      readonly length: number;
    }
  | {
      readonly name: 'mov-from-cr' | 'mov-to-cr';
      readonly cr: number;
      readonly register: number;
      readonly length: number;
    }
  | { readonly name: 'lgdt' | 'lidt' | 'invlpg'; readonly address: number; readonly length: number }
  | {
      readonly name: 'lldt' | 'ltr' | 'lmsw';
      readonly operand: { readonly register: number } | { readonly address: number };
      readonly length: number;
    };

export type TrappedInstructionName = TrappedInstruction['name'];

/** What the decoder needs from the guest: its code bytes, registers and segment bases. */
export interface DecodeContext {
  /** The byte at code offset `eip + i`, or undefined when it cannot be read. */
  byte(i: number): number | undefined;
  /** General register `n` (0 = EAX … 7 = EDI). */
  register(n: number): number;
  /** Base of segment register `n` (0 = ES, 1 = CS, 2 = SS, 3 = DS, 4 = FS, 5 = GS). */
  segmentBase(n: number): number;
}

export type DecodeResult =
  | { readonly kind: 'instruction'; readonly instruction: TrappedInstruction }
  | { readonly kind: 'unsupported'; readonly bytes: readonly number[] };

const SEGMENT_PREFIXES: Record<number, number> = { 38: 0, 46: 1, 54: 2, 62: 3, 100: 4, 101: 5 };
const DS = 3;
const SS = 2;

export function decodeTrapped(ctx: DecodeContext): DecodeResult {
  let i = 0;
  let opsize16 = false;
  let segment: number | undefined;
  const seen: number[] = [];
  const next = (): number => {
    const b = ctx.byte(i++);
    if (b === undefined) throw new RangeError('unreadable');
    seen.push(b);
    return b;
  };
  const unsupported = (): DecodeResult => ({ kind: 'unsupported', bytes: seen.slice() });
  try {
    let op = next();
    for (;;) {
      if (op === 0x66) opsize16 = true;
      else if (SEGMENT_PREFIXES[op] !== undefined) segment = SEGMENT_PREFIXES[op];
      else break;
      op = next();
    }
    const done = (instruction: TrappedInstruction): DecodeResult => ({ kind: 'instruction', instruction });
    const simple = (name: SimpleInstruction) => done({ name, length: i });
    const wide = opsize16 ? 2 : 4;

    // ModR/M with 32-bit addressing: the register field and either a register or a linear address.
    const modrm = () => {
      const m = next();
      const mod = m >>> 6;
      const reg = (m >>> 3) & 7;
      const rm = m & 7;
      if (mod === 3) return { reg, rm: { register: rm } as const };
      let offset = 0;
      let defaultSegment = DS;
      if (rm === 4) {
        const sib = next();
        const scale = sib >>> 6;
        const index = (sib >>> 3) & 7;
        const base = sib & 7;
        if (index !== 4) offset += ctx.register(index) << scale;
        if (base === 5 && mod === 0) offset += disp32();
        else {
          offset += ctx.register(base);
          if (base === 4 || base === 5) defaultSegment = SS;
        }
      } else if (rm === 5 && mod === 0) {
        offset += disp32();
      } else {
        offset += ctx.register(rm);
        if (rm === 5) defaultSegment = SS;
      }
      if (mod === 1) offset += (next() << 24) >> 24;
      else if (mod === 2) offset += disp32();
      const base = ctx.segmentBase(segment ?? defaultSegment);
      return { reg, rm: { address: (base + offset) >>> 0 } as const };
    };
    const disp32 = () => next() | (next() << 8) | (next() << 16) | (next() << 24);

    switch (op) {
      case 0xfa:
        return simple('cli');
      case 0xfb:
        return simple('sti');
      case 0xf4:
        return simple('hlt');
      case 0xe4:
      case 0xe5:
      case 0xe6:
      case 0xe7: {
        const port = next();
        return done({ name: op < 0xe6 ? 'in' : 'out', port, size: op & 1 ? wide : 1, length: i });
      }
      case 0xec:
      case 0xed:
      case 0xee:
      case 0xef:
        return done({ name: op < 0xee ? 'in' : 'out', port: 'dx', size: op & 1 ? wide : 1, length: i });
      case 0x0f:
        break;
      default:
        return unsupported();
    }
    const op2 = next();
    switch (op2) {
      case 0x06:
        return simple('clts');
      case 0x08:
        return simple('invd');
      case 0x09:
        return simple('wbinvd');
      case 0x30:
        return simple('wrmsr');
      case 0x32:
        return simple('rdmsr');
      case 0x35:
        return simple('sysexit');
      case 0x20:
      case 0x22: {
        const m = next(); // MOV to/from CRn always uses the register form (mod is ignored)
        return done({
          name: op2 === 0x20 ? 'mov-from-cr' : 'mov-to-cr',
          cr: (m >>> 3) & 7,
          register: m & 7,
          length: i,
        });
      }
      case 0x00: {
        const { reg, rm } = modrm();
        if (reg === 2) return done({ name: 'lldt', operand: rm, length: i });
        if (reg === 3) return done({ name: 'ltr', operand: rm, length: i });
        return unsupported();
      }
      case 0x01: {
        const { reg, rm } = modrm();
        if (reg === 6) return done({ name: 'lmsw', operand: rm, length: i });
        if ('register' in rm) return unsupported();
        if (reg === 2) return done({ name: 'lgdt', address: rm.address, length: i });
        if (reg === 3) return done({ name: 'lidt', address: rm.address, length: i });
        if (reg === 7) return done({ name: 'invlpg', address: rm.address, length: i });
        return unsupported();
      }
      default:
        return unsupported();
    }
  } catch (e) {
    if (e instanceof RangeError) return unsupported();
    throw e;
  }
}
