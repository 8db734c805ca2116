// The process-wide cache of block functions: a CPU that compiles a block another CPU compiled before
// gets the same function, and nothing it computes changes.
import { assemble, linkFlat } from '@vmi386/asm';
import { describe, expect, it } from 'vitest';
import { SHARED_TRANSLATIONS, TranslationCache } from '../../src/compiler/translation-cache.js';
import { type CostModel, PENTIUM_II, runFlat } from '../../src/index.js';
import { EAGER_COMPILE } from '../support/eager-compile.js';

const ORIGIN = 0x8000;

function image(source: string): Uint8Array {
  const linked = linkFlat(assemble(`.code32\n${source}`), { origin: ORIGIN });
  if (!linked.ok) throw new Error(linked.diagnostics.map((d) => d.message).join('\n'));
  return linked.bytes;
}

function loop(step: number): Uint8Array {
  return image(`
  mov $5000, %ecx
  xor %eax, %eax
top:
  add $${step}, %eax
  xor %ecx, %eax
  dec %ecx
  jnz top
  hlt
`);
}

const runCompiled = (code: Uint8Array) => runFlat({ code, origin: ORIGIN, compile: EAGER_COMPILE });

describe('TranslationCache', () => {
  const translation = () => ({ run: () => {}, kept: [] });

  it('hands out what was added under a key, and counts hits and misses', () => {
    const cache = new TranslationCache(4);
    expect(cache.get('a')).toBeUndefined();
    const a = translation();
    cache.add('a', a);
    expect(cache.get('a')).toBe(a);
    expect(cache.get('b')).toBeUndefined();
    expect({ hits: cache.hits, misses: cache.misses, size: cache.size }).toEqual({
      hits: 1,
      misses: 2,
      size: 1,
    });
  });

  it('keeps at most its capacity, dropping the least recently used key', () => {
    const cache = new TranslationCache(2);
    const a = translation();
    cache.add('a', a);
    cache.add('b', translation());
    cache.get('a'); // a is now the most recent
    cache.add('c', translation()); // drops b
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBe(a);
    expect(cache.get('b')).toBeUndefined();
  });

  it('a second CPU running the same code reuses the functions the first compiled, with the same results', () => {
    const code = loop(0x1234567);
    const first = runCompiled(code);
    const hitsBefore = SHARED_TRANSLATIONS.hits;
    const second = runCompiled(code);
    expect(SHARED_TRANSLATIONS.hits).toBeGreaterThan(hitsBefore);
    expect(second.regs).toEqual(first.regs);
    expect(second.instructions).toBe(first.instructions);
    expect(second.cycles).toBe(first.cycles);
    expect(second.cpu.compiledBlocks?.compiledCount).toBe(first.cpu.compiledBlocks?.compiledCount);
  });

  it('different code at the same address is a different source: no function is shared', () => {
    const a = runCompiled(loop(3));
    const missesBefore = SHARED_TRANSLATIONS.misses;
    const b = runCompiled(loop(5));
    expect(SHARED_TRANSLATIONS.misses).toBeGreaterThan(missesBefore);
    expect(b.regs.eax).not.toBe(a.regs.eax);
    expect(b.regs).toEqual(runFlat({ code: loop(5), origin: ORIGIN, compile: false }).regs);
  });

  it('the same code under another cost model is translated again (its cycles differ)', () => {
    const code = loop(7);
    const standard = runCompiled(code);
    const missesBefore = SHARED_TRANSLATIONS.misses;
    const doubled: CostModel = {
      ...PENTIUM_II,
      name: 'doubled',
      classCycles: () => PENTIUM_II.classCycles().map((n) => n * 2),
    };
    const slow = runFlat({ code, origin: ORIGIN, compile: EAGER_COMPILE, costModel: doubled });
    expect(SHARED_TRANSLATIONS.misses).toBeGreaterThan(missesBefore);
    expect(slow.instructions).toBe(standard.instructions);
    expect(slow.cycles).toBe(runFlat({ code, origin: ORIGIN, compile: false, costModel: doubled }).cycles);
    expect(slow.cycles).toBeGreaterThan(standard.cycles);
  });
});
