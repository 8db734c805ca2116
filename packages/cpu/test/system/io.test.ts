// I/O instructions and their protection: IOPL, then the TSS I/O permission bitmap (Intel SDM Vol. 1,
// 19.5 "Protected-Mode I/O": 19.5.1 "I/O Privilege Level" and 19.5.2 "I/O Permission Bit Map").
import { describe, expect, it } from 'vitest';
import type { IoBus } from '../../src/index.js';
import { runProgram } from './run.js';

/** A port bus that records writes and answers reads with the port number. */
function recordingBus() {
  const writes: [number, number, number][] = [];
  const bus: IoBus = {
    read: (port) => port,
    write: (port, size, value) => {
      writes.push([port, size, value]);
    },
  };
  return { bus, writes };
}

describe('I/O protection (SDM Vol. 1, 19.5)', () => {
  it('SDM Vol. 1 19.5.2 "I/O Permission Bit Map": at CPL 3 > IOPL, ports whose bits are clear are allowed, others raise #GP(0)', () => {
    const { bus, writes } = recordingBus();
    const r = runProgram(
      {
        code: `
    andb $~0x01, tss_iomap + 0x10     # port 0x80 allowed
    andb $~0x80, tss_iomap + 0x0f     # port 0x7f allowed
    TO_RING3 user
user:
    movb $0x5a, %al
    outb %al, $0x80
    inb $0x80, %al
    movl %eax, %ss:results + 0
fault:
    outw %ax, $0x7f                   # ports 0x7f and 0x80: both allowed
    movw $0x81, %dx
fault2:
    outb %al, %dx                     # port 0x81: denied
    DONE`,
      },
      { io: bus },
    );
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[0]).toBe(0);
    expect(r.exception.frame[1]).toBe(r.at('fault2'));
    expect(r.result(0) & 0xff).toBe(0x80);
    expect(writes).toEqual([
      [0x80, 1, 0x5a],
      [0x7f, 2, 0x80],
    ]);
  });

  it('SDM Vol. 1 19.5.2: a multi-byte access needs every byte allowed (outw to 0x80 with 0x81 denied)', () => {
    const { bus, writes } = recordingBus();
    const r = runProgram(
      {
        code: `
    andb $~0x01, tss_iomap + 0x10
    TO_RING3 user
user:
fault:
    outw %ax, $0x80
    DONE`,
      },
      { io: bus },
    );
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(writes).toEqual([]);
  });

  it('SDM Vol. 1 19.5.2: ports beyond the TSS limit are denied', () => {
    const { bus, writes } = recordingBus();
    const r = runProgram(
      {
        code: `
    andb $~0xff, tss_iomap + 0x1fff   # ports 0xfff8–0xffff allowed in the map...
    movw $(tss_iomap - tss + 0x1000), gdt + 0x28   # ...but the TSS limit now ends at port 0x7fff
    andb $~0x02, gdt + 0x2d           # clear the busy bit so that LTR accepts it again
    movw $0x28, %ax
    ltr %ax
    TO_RING3 user
user:
    movw $0xfff8, %dx
fault:
    outb %al, %dx
    DONE`,
      },
      { io: bus },
    );
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(writes).toEqual([]);
  });

  it('SDM Vol. 1 19.5.1 "I/O Privilege Level": CPL ≤ IOPL skips the bitmap (CPL 3 with IOPL 3, CPL 0)', () => {
    const { bus, writes } = recordingBus();
    const r = runProgram(
      {
        code: `
    movb $1, %al
    outb %al, $0x81                   # ring 0: no checks
    TO_RING3 user, 0x3002
user:
    movb $2, %al
    outb %al, $0x81                   # IOPL 3: no bitmap check
    DONE`,
      },
      { io: bus },
    );
    expect(r.exception.vector).toBe(-1);
    expect(r.done).toBe(true);
    expect(writes).toEqual([
      [0x81, 1, 1],
      [0x81, 1, 2],
    ]);
  });

  it('SDM Vol. 1 19.5.2 and Vol. 2B "OUTS/OUTSB": string output is checked against the bitmap like OUT', () => {
    const { bus, writes } = recordingBus();
    const r = runProgram(
      {
        data: 'bytes: .byte 1, 2, 3',
        code: `
    andb $~0x01, tss_iomap + 0x10     # port 0x80 allowed
    TO_RING3 user
user:
    cld
    movl $bytes, %esi
    movl $3, %ecx
    movw $0x80, %dx
    rep outsb
    movw $0x81, %dx
    movl $bytes, %esi
fault:
    outsb
    DONE`,
      },
      { io: bus },
    );
    expect(r.exception.vector).toBe(13);
    expect(r.exception.frame[1]).toBe(r.at('fault'));
    expect(writes).toEqual([
      [0x80, 1, 1],
      [0x80, 1, 2],
      [0x80, 1, 3],
    ]);
  });
});
