// Linking: flat images, ELF ET_REL through GNU ld, ELF ET_EXEC through objdump and QEMU.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf32 } from '@vmi386/elf';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { assemble, formatListing, linkElfExecutable, linkFlat, writeElfRelocatable } from '../src/index.js';
import { MULTIBOOT_KERNEL } from './fixtures-multiboot.js';

const scratch = mkdtempSync(join(tmpdir(), 'vmi386-link-'));
const ld = externalTool('ld', 'binutils');
const objdump = externalTool('objdump', 'binutils');
const qemu = externalTool('qemu-system-i386', 'qemu-system-x86');

describe('linkFlat', () => {
  it('places sections at the origin and applies relocations', () => {
    const result = assemble(
      `
	.code16
start:	jmp main
msg:	.ascii "hi"
main:	movw $msg, %si
	call far_away
	.word msg, data_word
	.data
data_word: .word 0x1234
	.text
far_away: ret
`,
    );
    expect(result.diagnostics).toEqual([]);
    const image = linkFlat(result, { origin: 0x7c00 });
    expect(image.ok).toBe(true);
    const msg = image.symbols.find((s) => s.name === 'msg')!.value;
    expect(msg).toBe(0x7c02);
    const text = result.sections.find((s) => s.name === '.text')!;
    // movw $msg, %si: be 02 7c
    const at = image.bytes.indexOf(0xbe);
    expect([...image.bytes.subarray(at, at + 3)]).toEqual([0xbe, 0x02, 0x7c]);
    const dataWord = image.symbols.find((s) => s.name === 'data_word')!.value;
    expect(dataWord).toBe(0x7c00 + text.size);
    expect(image.bytes[dataWord - 0x7c00]).toBe(0x34);
  });

  it('gives common symbols space after the last section', () => {
    const result = assemble('movl $buf, %eax\n.comm buf, 16, 8\n.bss\n.skip 3\n');
    const image = linkFlat(result, { origin: 0x1000 });
    expect(image.ok).toBe(true);
    const buf = image.symbols.find((s) => s.name === 'buf')!;
    expect(buf).toMatchObject({ value: 0x1008, section: 'COMMON' });
    expect([...image.bytes.subarray(0, 5)]).toEqual([0xb8, 0x08, 0x10, 0x00, 0x00]);
  });

  it('reports undefined symbols as diagnostics', () => {
    const image = linkFlat(assemble('call nowhere\n.long elsewhere\n'));
    expect(image.ok).toBe(false);
    expect(image.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("undefined symbol 'nowhere'"),
      expect.stringContaining("undefined symbol 'elsewhere'"),
    ]);
  });
});

describe.skipIf(!ld.path)('writeElfRelocatable + ld -m elf_i386', () => {
  it('links to an executable whose code and data match', () => {
    const result = assemble(MULTIBOOT_KERNEL, { fileName: 'kernel.s' });
    expect(result.diagnostics).toEqual([]);
    const object = join(scratch, 'kernel.o');
    writeFileSync(object, writeElfRelocatable(result));
    const linked = join(scratch, 'kernel.ld.elf');
    execFileSync('ld', ['-m', 'elf_i386', '-Ttext=0x100000', '-e', '_start', object, '-o', linked]);
    const elf = readElf32(readFileSync(linked));
    const text = elf.sections.find((s) => s.name === '.text')!;
    const start = elf.symbols.find((s) => s.name === '_start')!;
    expect(start.value).toBe(text.addr);
    const message = elf.symbols.find((s) => s.name === 'message')!;
    // movl $(message - PAGE_OFFSET), %esi = be <imm32>: the relocated address.
    const imm = new DataView(text.bytes.buffer, text.bytes.byteOffset).getUint32(1, true);
    expect(imm).toBe((message.value - 0xc0000000) >>> 0);
  });
});

describe('linkElfExecutable', () => {
  const result = assemble(MULTIBOOT_KERNEL, { fileName: 'kernel.s' });
  const exe = linkElfExecutable(result, {
    base: 0xc0100000,
    physicalBase: 0x00100000,
    sectionOrder: ['.multiboot', '.text', '.rodata', '.data', '.bss'],
    entry: '_start',
  });

  it('links at the virtual base, loads at the physical base, enters at the physical entry', () => {
    expect(exe.diagnostics).toEqual([]);
    const elf = readElf32(exe.image);
    expect(elf.type).toBe(2);
    expect(elf.programHeaders.map((p) => [p.vaddr - p.paddr])).toEqual(
      elf.programHeaders.map(() => [0xc0000000]),
    );
    expect(exe.sections[0]).toMatchObject({ name: '.multiboot', vaddr: 0xc0100000, paddr: 0x00100000 });
    const start = exe.symbols.find((s) => s.name === '_start')!;
    expect(exe.entry).toBe(start.value - 0xc0000000);
    const data = exe.sections.find((s) => s.name === '.data')!;
    const message = exe.symbols.find((s) => s.name === 'message')!;
    const word = new DataView(exe.image.buffer).getUint32(data.offset, true);
    expect(word).toBe(message.value);
  });

  it('exposes the relocated bytes of each section (an annotation section read by code)', () => {
    const annotated = assemble(
      '\t.text\nhook:\tcli\n\t.fill 4, 1, 0x90\n\t.section .vmi_annotate, "a"\n\t.long hook, 5\n',
    );
    const linked = linkElfExecutable(annotated, { base: 0xc0100000, physicalBase: 0x100000 });
    const notes = linked.sections.find((s) => s.name === '.vmi_annotate')!;
    const view = new DataView(notes.bytes.buffer, notes.bytes.byteOffset);
    expect(view.getUint32(0, true)).toBe(linked.symbols.find((s) => s.name === 'hook')!.value);
    expect(view.getUint32(4, true)).toBe(5);
    expect(annotated.sections.find((s) => s.name === '.vmi_annotate')!.bytes).toEqual(
      new Uint8Array([0, 0, 0, 0, 5, 0, 0, 0]),
    );
  });

  it.skipIf(!objdump.path)('disassembles with objdump -d to the source instructions', () => {
    const file = join(scratch, 'kernel.elf');
    writeFileSync(file, exe.image);
    const text = execFileSync('objdump', ['-d', file], { encoding: 'utf8' });
    expect(text).toContain('<_start>:');
    expect(text).toMatch(/c010000c:\s+be [0-9a-f ]+\s+mov\s+\$0x100\w+,%esi/);
    expect(text).toMatch(/out\s+%al,\(%dx\)/);
    expect(text).toMatch(/loop\s+c0100\w+ <_start\+0x\w+>/);
  });

  it.skipIf(!qemu.path)('boots under qemu-system-i386 -kernel (Multiboot) and prints on COM1', () => {
    const file = join(scratch, 'kernel-qemu.elf');
    writeFileSync(file, exe.image);
    const run = spawnSync(
      'qemu-system-i386',
      [
        '-kernel',
        file,
        '-nographic',
        '-no-reboot',
        '-device',
        'isa-debug-exit,iobase=0xf4,iosize=4',
        '-display',
        'none',
        '-serial',
        'stdio',
        '-monitor',
        'none',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(run.stdout).toContain('hello from vmi386 asm');
    expect(run.status).toBe((0x10 << 1) | 1);
  });
});

describe('formatListing', () => {
  it('maps every emitted byte range to file:line and the source text', () => {
    const result = assemble('start:\n\tmovl $1, %eax\n\t.long 0x11223344\n\t.p2align 4\n', {
      fileName: 'l.s',
    });
    const text = formatListing(result);
    expect(text).toContain('l.s:2');
    expect(text).toMatch(/l\.s:2\s+\.text\+0000\s+b8 01 00 00 00\s+movl \$1, %eax/);
    expect(text).toMatch(/l\.s:3\s+\.text\+0005\s+44 33 22 11/);
    const macro = formatListing(assemble('.macro two\n\tnop\n\tnop\n.endm\n\ttwo\n', { fileName: 'm.s' }));
    expect(macro).toMatch(/m\.s:2\s+\.text\+0000\s+90\s+nop\s+\[expanded from m\.s:5\]/);
    const covered = result.listing.reduce((n, e) => n + e.size, 0);
    expect(covered).toBe(result.sections.find((s) => s.name === '.text')!.size);
  });
});
