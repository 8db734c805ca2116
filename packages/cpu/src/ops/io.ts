/**
 * Port I/O: IN and OUT through the CPU's IoBus, with the protected-mode permission check: allowed
 * when CPL <= IOPL, else every bit of the accessed ports in the TSS I/O permission bitmap must be 0
 * (SDM vol. 1, 18.5.2); otherwise #GP(0).
 */
import { GP, IOPL } from '../constants.js';
import type { Cpu } from '../cpu.js';
import { CostClass, define, type Handler, Privilege } from '../decoder/opcode-table.js';
import { CpuFault } from '../fault.js';

export function checkIoPermission(c: Cpu, port: number, size: number): void {
  if (c.cpl <= (c.flags & IOPL) >>> 12) return;
  // Only a 32-bit TSS has a bitmap; its offset is the word at 102.
  if ((c.trType & 8) === 0 || c.trLimit < 103) throw new CpuFault(GP, 0);
  const mapBase = c.sysRead16((c.trBase + 102) | 0);
  const byteOff = mapBase + (port >>> 3);
  // The processor reads two bytes so that a check spanning a byte boundary works.
  if (byteOff + 1 > c.trLimit) throw new CpuFault(GP, 0);
  const bits = c.sysRead16((c.trBase + byteOff) | 0);
  const mask = ((1 << size) - 1) << (port & 7);
  if (bits & mask) throw new CpuFault(GP, 0);
}

function inPort(size: 1 | 2 | 4, fromDx: boolean): Handler {
  return (c, i) => {
    const port = fromDx ? c.r16[4] : c.decoded.imm[i] & 0xff;
    checkIoPermission(c, port, size);
    const v = c.io.read(port, size);
    if (size === 1) c.r8[0] = v;
    else if (size === 2) c.r16[0] = v;
    else c.r32[0] = v;
  };
}

function outPort(size: 1 | 2 | 4, fromDx: boolean): Handler {
  return (c, i) => {
    const port = fromDx ? c.r16[4] : c.decoded.imm[i] & 0xff;
    checkIoPermission(c, port, size);
    const v = size === 1 ? c.r8[0] : size === 2 ? c.r16[0] : c.r32[0] >>> 0;
    c.io.write(port, size, v);
  };
}

export function registerIo(): void {
  const cost = CostClass.Io;
  const privilege = Privilege.IoPort;
  define({ op: 0xe4, mnemonic: 'in', operands: 'AL,Ib', r: inPort(1, false), cost, privilege });
  define({
    op: 0xe5,
    mnemonic: 'in',
    operands: 'eAX,Ib',
    r: [inPort(2, false), inPort(4, false)],
    cost,
    privilege,
  });
  define({ op: 0xe6, mnemonic: 'out', operands: 'Ib,AL', r: outPort(1, false), cost, privilege });
  define({
    op: 0xe7,
    mnemonic: 'out',
    operands: 'Ib,eAX',
    r: [outPort(2, false), outPort(4, false)],
    cost,
    privilege,
  });
  define({ op: 0xec, mnemonic: 'in', operands: 'AL,DX', r: inPort(1, true), cost, privilege });
  define({
    op: 0xed,
    mnemonic: 'in',
    operands: 'eAX,DX',
    r: [inPort(2, true), inPort(4, true)],
    cost,
    privilege,
  });
  define({ op: 0xee, mnemonic: 'out', operands: 'DX,AL', r: outPort(1, true), cost, privilege });
  define({
    op: 0xef,
    mnemonic: 'out',
    operands: 'DX,eAX',
    r: [outPort(2, true), outPort(4, true)],
    cost,
    privilege,
  });
}
