// Hooks, counters, breakpoints, stop-before-instruction-N and the interrupt pins, on programs built
// with the system-test frame (test/system/program.ts) and @vmi386/asm.
import { describe, expect, it } from 'vitest';
import type { DeliveryEvent } from '../../src/index.js';
import { systemMachine } from '../support/system-program.js';

describe('observation', () => {
  it('beforeDelivery sees faults with the faulting EIP and INT n with the next EIP, and may consume them', () => {
    const m = systemMachine({
      code: `
    SET_GATE 0x40, h40, 0x08, 0xee
    movl $0, %ecx
fault:
    divl %ecx
after_fault:
    int $0x40
after_int:
    RESULT 0, $7
    DONE
h40:
    iret`,
    });
    const events: DeliveryEvent[] = [];
    m.cpu.hooks.beforeDelivery = (ev) => {
      events.push(ev);
      if (ev.vector === 0) {
        // Consume #DE: skip the DIV, as a hypervisor that emulates it would.
        m.cpu.eip = m.at('after_fault');
        return true;
      }
      return false;
    };
    expect(m.cpu.run(100_000).kind).toBe('halt');
    expect(m.result(0)).toBe(7);
    expect(events[0]).toEqual({ vector: 0, kind: 'exception', eip: m.at('fault') });
    expect(events[1]).toEqual({ vector: 0x40, kind: 'software', eip: m.at('after_int') });
    expect(m.cpu.counters.vectors[0x40]).toBe(1);
    expect(m.cpu.counters.vectors[0x30]).toBe(1);
  });

  it('breakpoints stop before the instruction and resume through it', () => {
    const m = systemMachine({
      code: `\n    movl $1, %eax\nbp:\n    movl $2, %eax\n    RESULT 0, %eax\n    DONE`,
    });
    m.cpu.breakpoints.add(m.at('bp'));
    const stop = m.cpu.run(100_000);
    expect(stop).toEqual({ kind: 'breakpoint', eip: m.at('bp') });
    expect(m.cpu.eax).toBe(1);
    expect(m.cpu.run(100_000).kind).toBe('halt');
    expect(m.result(0)).toBe(2);
  });

  it('stopAtInstruction stops before exactly that many instructions; run(n) executes exactly n', () => {
    const m = systemMachine({ code: '1:  incl %eax\n    jmp 1b' });
    m.cpu.run(1000);
    const base = m.cpu.instructionCount;
    expect(base).toBe(1000);
    m.cpu.stopAtInstruction = base + 7;
    expect(m.cpu.run(100)).toEqual({ kind: 'instruction-reached', instruction: base + 7 });
    expect(m.cpu.instructionCount).toBe(base + 7);
    m.cpu.stopAtInstruction = Number.POSITIVE_INFINITY;
    expect(m.cpu.step()).toEqual({ kind: 'limit' });
    expect(m.cpu.instructionCount).toBe(base + 8);
  });

  it('counts CPL transitions from→to and reports them to onCplChange', () => {
    const m = systemMachine({
      code: `
    TO_RING3 user
user:
    int $0x31
    DONE
h31:
    iret`,
      data: '',
    });
    // Install the DPL-3 gate 0x31 before running: patch through the program's SET_GATE at start.
    const seen: string[] = [];
    m.cpu.hooks.onCplChange = (from, to, cause) => seen.push(`${from}->${to} ${cause}`);
    m.cpu.hooks.beforeDelivery = (ev) => {
      if (ev.vector === 0x31) {
        // Deliver as a gate would not exist: emulate "iret" semantics by consuming.
        return true;
      }
      return false;
    };
    expect(m.cpu.run(100_000).kind).toBe('halt');
    const t = m.cpu.counters.cplTransitions;
    expect(t).toEqual([
      { from: 0, to: 3, count: 1 },
      { from: 3, to: 0, count: 1 }, // through the DONE gate
    ]);
    expect(seen).toEqual(['0->3 iret', '3->0 software']);
  });

  it('the interrupt line delivers through interruptAcknowledge when IF = 1, HLT waits for it', () => {
    const m = systemMachine({
      code: `
    SET_GATE 0x20, irq0
    sti
    hlt
    RESULT 1, $1
    DONE
irq0:
    incl %ss:results
    iret`,
    });
    expect(m.cpu.run(100_000)).toEqual({ kind: 'halt' });
    expect(m.cpu.halted).toBe(true);
    expect(m.cpu.run(10)).toEqual({ kind: 'halt' }); // still waiting
    m.cpu.interruptAcknowledge = () => {
      m.cpu.setInterruptLine(false);
      return 0x20;
    };
    m.cpu.setInterruptLine(true);
    expect(m.cpu.run(100_000).kind).toBe('halt');
    expect(m.result(0)).toBe(1);
    expect(m.result(1)).toBe(1);
    expect(m.cpu.counters.halts).toBe(2);
  });

  it('NMI is delivered through vector 2 and blocked until the next IRET', () => {
    const m = systemMachine({
      code: `
    SET_GATE 2, nmi
1:  incl %ebx
    cmpl $2, %ss:results
    jne 1b
    DONE
nmi:
    incl %ss:results
    movl $100, %ecx
2:  loop 2b
    iret`,
    });
    m.cpu.breakpoints.add(m.at('test_main'));
    expect(m.cpu.run(100_000).kind).toBe('breakpoint');
    m.cpu.breakpoints.clear();
    m.cpu.run(20);
    m.cpu.raiseNmi();
    m.cpu.run(5);
    m.cpu.raiseNmi(); // arrives inside the handler: held until its IRET
    m.cpu.run(50);
    expect(m.result(0)).toBe(1);
    expect(m.cpu.run(100_000).kind).toBe('halt');
    expect(m.result(0)).toBe(2);
    expect(m.cpu.counters.vectors[2]).toBe(2);
  });
});
