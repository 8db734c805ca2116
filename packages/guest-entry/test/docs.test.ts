import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { patchBytes, VROM_CALL_LEN, vmiBackend } from '@vmi386/mach-vmi';
import { describe, expect, it } from 'vitest';
import { buildGuest, readElf32 } from '../src/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/vmi-sites.md', import.meta.url)), 'utf8');
const ROM_BASE = 0xfc000000; // the ROM address the document's examples use

/** `address: bytes` pairs in the document's before/after listings (left and right columns). */
function listedBytes(column: 'before' | 'after'): { address: number; bytes: number[] }[] {
  const out: { address: number; bytes: number[] }[] = [];
  const blocks = doc.split('## A site before and after patching')[1]!.match(/```\n[\s\S]*?```/g) ?? [];
  for (const block of blocks) {
    for (const line of block.split('\n')) {
      const cells = [...line.matchAll(/([0-9a-f]{8}): ((?:[0-9a-f]{2} )+)/g)];
      const cell =
        column === 'before' ? (line.startsWith(' ') ? undefined : cells[0]) : cells[cells.length - 1];
      if (!cell || (column === 'after' && cells.length === 1 && !line.startsWith(' '))) continue;
      out.push({
        address: Number.parseInt(cell[1]!, 16),
        bytes: cell[2]!
          .trim()
          .split(' ')
          .map((b) => Number.parseInt(b, 16)),
      });
    }
  }
  return out;
}

describe('docs/vmi-sites.md', () => {
  const build = buildGuest({ backend: vmiBackend });
  const text = readElf32(build.image).sections.find((s) => s.name === '.text')!;
  const patched = text.bytes.slice();
  for (const site of build.sites.filter((s) => s.address >= text.addr && s.address < text.addr + text.size)) {
    patched.set(patchBytes(site, ROM_BASE + VROM_CALL_LEN * site.call), site.address - text.addr);
  }
  const at = (image: Uint8Array, address: number, length: number) => [
    ...image.subarray(address - text.addr, address - text.addr + length),
  ];

  it('shows the bytes the VMI image has today', () => {
    const listed = listedBytes('before');
    expect(listed.length).toBeGreaterThan(8);
    for (const { address, bytes } of listed)
      expect(at(text.bytes, address, bytes.length), address.toString(16)).toEqual(bytes);
  });

  it('shows the bytes patchBytes writes', () => {
    const listed = listedBytes('after');
    expect(listed.length).toBeGreaterThan(8);
    for (const { address, bytes } of listed)
      expect(at(patched, address, bytes.length), address.toString(16)).toEqual(bytes);
  });

  it('counts the sites the image has', () => {
    expect(doc).toContain(`(${build.sites.length} sites today:`);
  });
});
