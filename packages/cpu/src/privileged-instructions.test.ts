import { describe, expect, it } from 'vitest';
import { Cpu } from './cpu.js';
import { INSTRUCTION_SET } from './decoder/instruction-set.js';
import { handlerId, Privilege, UD_HANDLER } from './decoder/opcode-table.js';
import { CpuFault } from './fault.js';
import { PhysicalMemory } from './memory/physical-memory.js';
import {
  IOPL_SENSITIVE_INSTRUCTIONS,
  PRIVILEGED_INSTRUCTIONS,
  SENSITIVE_UNPRIVILEGED_INSTRUCTIONS,
} from './privileged-instructions.js';

describe('the privilege classes declared in the opcode table', () => {
  it('CPL 0 only: the list of SDM vol. 3A 5.9 "Privileged Instructions" a Pentium II has, and SYSEXIT', () => {
    // SDM vol. 3A 5.9: LGDT, LLDT, LTR, LIDT, MOV to and from control registers, LMSW, CLTS, MOV to
    // and from debug registers, INVD, WBINVD, INVLPG, HLT, RDMSR, WRMSR; RDPMC and RDTSC only when
    // CR4.PCE = 0 / CR4.TSD = 1 (checked by their handlers, so not listed). Vol. 2 SYSEXIT: #GP(0)
    // "if CPL != 0".
    expect(PRIVILEGED_INSTRUCTIONS).toEqual(
      [
        'clts',
        'hlt',
        'invd',
        'invlpg',
        'lgdt',
        'lidt',
        'lldt',
        'lmsw',
        'ltr',
        'mov Cd,Rd', // to CRn
        'mov Dd,Rd', // to DRn
        'mov Rd,Cd', // from CRn
        'mov Rd,Dd', // from DRn
        'rdmsr',
        'sysexit',
        'wbinvd',
        'wrmsr',
      ].sort(),
    );
  });

  it('CPL <= IOPL: SDM vol. 1 18.5.1 "I/O Privilege Level" (IN, INS, OUT, OUTS, CLI, STI)', () => {
    expect(IOPL_SENSITIVE_INSTRUCTIONS).toEqual(['cli', 'in', 'ins', 'out', 'outs', 'sti']);
  });

  it('sensitive but unprivileged: those of Robin & Irvine (USENIX Security 2000) that reveal or silently ignore privileged state', () => {
    // Robin & Irvine's seventeen: SGDT, SIDT, SLDT, SMSW, PUSHF, POPF, LAR, LSL, VERR, VERW, POP,
    // PUSH, CALL, JMP, INT n, RET, STR, MOV. Listed here are those that run without a fault at any
    // CPL and reveal privileged state (descriptor-table registers, CR0, IOPL and the real IF, a
    // selector's RPL = CPL through PUSH/MOV from a segment register, descriptors through
    // LAR/LSL/VERR/VERW) or drop a change to it (POPF and IRET leave IF/IOPL unchanged at CPL > IOPL
    // / CPL > 0). Far CALL/JMP/RET, INT n and loads of segment registers check the CPL against
    // descriptor privilege and fault: they are not in this class.
    expect(SENSITIVE_UNPRIVILEGED_INSTRUCTIONS).toEqual(
      [
        'iret',
        'lar',
        'lsl',
        'mov Ev,Sw',
        'popf',
        'push CS',
        'push DS',
        'push ES',
        'push FS',
        'push GS',
        'push SS',
        'pushf',
        'sgdt',
        'sidt',
        'sldt',
        'smsw',
        'str',
        'verr',
        'verw',
      ].sort(),
    );
  });

  it('the lists are frozen', () => {
    expect(Object.isFrozen(PRIVILEGED_INSTRUCTIONS)).toBe(true);
    expect(Object.isFrozen(IOPL_SENSITIVE_INSTRUCTIONS)).toBe(true);
    expect(Object.isFrozen(SENSITIVE_UNPRIVILEGED_INSTRUCTIONS)).toBe(true);
  });
});

/** Every defined handler (both operand sizes, register and memory forms) of rows of `privilege`. */
function handlersOf(privilege: Privilege): { name: string; run: (c: Cpu) => void }[] {
  const out: { name: string; run: (c: Cpu) => void }[] = [];
  INSTRUCTION_SET.infos.forEach((info, key) => {
    if (info?.privilege !== privilege) return;
    const map = key >>> 11;
    const op = (key >>> 3) & 0xff;
    const reg = key & 7;
    for (let op32 = 0; op32 < 2; op32++) {
      for (let mem = 0; mem < 2; mem++) {
        const h = INSTRUCTION_SET.handlers[handlerId(map, op, op32, reg, mem)];
        if (h === UD_HANDLER) continue;
        out.push({
          name: `${info.mnemonic} ${map ? '0f ' : ''}${op.toString(16)}/${reg}`,
          run: (c) => h(c, 0),
        });
      }
    }
  });
  return out;
}

function gpOf(run: () => void): CpuFault | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof CpuFault) return e;
    throw e;
  }
  return undefined;
}

describe('the table applies the check before the instruction runs', () => {
  const cpu = () => new Cpu({ memory: new PhysicalMemory(1 << 20) });

  it('every CPL-0 row raises #GP(0) at CPL 1, 2 and 3 without touching state', () => {
    const rows = handlersOf(Privilege.Cpl0);
    expect(rows.length).toBeGreaterThan(PRIVILEGED_INSTRUCTIONS.length);
    const c = cpu();
    for (const cpl of [1, 2, 3]) {
      c.cpl = cpl;
      const before = c.saveState();
      for (const row of rows) {
        const fault = gpOf(() => row.run(c));
        expect({ row: row.name, cpl, vector: fault?.vector, code: fault?.errorCode }).toEqual({
          row: row.name,
          cpl,
          vector: 13,
          code: 0,
        });
      }
      expect(c.saveState()).toEqual(before);
    }
  });

  it('CLI and STI raise #GP(0) at CPL > IOPL and run at CPL <= IOPL', () => {
    const rows = handlersOf(Privilege.Iopl);
    expect(new Set(rows.map((r) => r.name.split(' ')[0]))).toEqual(new Set(['cli', 'sti']));
    const c = cpu();
    for (const row of rows) {
      for (let iopl = 0; iopl < 4; iopl++) {
        for (let cpl = 0; cpl < 4; cpl++) {
          c.cpl = cpl;
          c.flags = (c.flags & ~0x3000) | (iopl << 12);
          const fault = gpOf(() => row.run(c));
          expect({ row: row.name, cpl, iopl, vector: fault?.vector }).toEqual({
            row: row.name,
            cpl,
            iopl,
            vector: cpl > iopl ? 13 : undefined,
          });
        }
      }
    }
  });
});
