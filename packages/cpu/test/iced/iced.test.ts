// The decoder against iced-x86: instruction length, validity and operands on every encoding of the
// assembler's corpus and differential statement set (assembled by GNU as, the assembler's own oracle)
// and on random byte strings in 32- and 16-bit code. x87 operand text is reported in its own test.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble as vmiAssemble } from '@vmi386/asm';
import { externalTool } from '@vmi386/testkit';
import { describe, expect, it } from 'vitest';
import { instructionCases } from '../../../asm/src/encoder/__fixtures__/instruction-cases.js';
import { Random } from '../host-diff/random.js';
import { type Category, compareAt, Tally } from './compare.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '../../../asm/test/corpus/instructions');
const RANDOM_STRINGS = 100_000;
const SEED = 0x1ced_2006;
const CHECKED: Category[] = ['length', 'validity', 'operands'];

const as = externalTool('as', 'binutils');
const objcopy = externalTool('objcopy', 'binutils');
const nm = externalTool('nm', 'binutils');
const binutilsMissing = as.skipReason || objcopy.skipReason || nm.skipReason;

/** x87 operand disagreements from every test, checked together at the end. */
const x87 = new Tally();

function expectAgreement(tally: Tally, what: string): void {
  for (const problem of tally.byCategory.get('x87 operands') ?? [])
    x87.add({ length: 0, category: 'x87 operands', problem });
  console.log(
    `iced: ${tally.compared} ${what} compared; disagreements: ${CHECKED.map((c) => `${c} ${tally.count([c])}`).join(', ')}, x87 operands ${tally.count(['x87 operands'])}`,
  );
  if (tally.count(CHECKED) > 0)
    expect.fail(`disagreements with iced-x86 on ${what}:\n${tally.report(CHECKED)}`);
}

/** `.codeN` + statements → the .text bytes GNU as produces (relocated fields stay zero). */
function assemble(dir: string, source: string): { bytes: Uint8Array; object: string } {
  const input = join(dir, 'in.s');
  const object = join(dir, 'in.o');
  writeFileSync(input, source);
  execFileSync(as.path!, ['--32', '-I', CORPUS, '-o', object, input], { stdio: 'ignore' });
  execFileSync(objcopy.path!, ['-O', 'binary', '--only-section=.text', object, join(dir, 'in.bin')]);
  return { bytes: new Uint8Array(readFileSync(join(dir, 'in.bin'))), object };
}

/** 1-based line numbers GNU as refuses in `source`. */
function refusedLines(dir: string, source: string): Set<number> {
  const input = join(dir, 'probe.s');
  const messages = join(dir, 'messages.txt');
  writeFileSync(input, source);
  try {
    execFileSync('sh', [
      '-c',
      '"$0" --32 -o "$1" "$2" 2>"$3"',
      as.path!,
      join(dir, 'probe.o'),
      input,
      messages,
    ]);
  } catch {
    // the errors are in the messages file
  }
  const lines = new Set<number>();
  for (const line of readFileSync(messages, 'utf8').split('\n')) {
    const match = /^[^:]*:(\d+): Error:/.exec(line);
    if (match) lines.add(Number(match[1]));
  }
  return lines;
}

describe('decoder vs iced-x86', () => {
  it.skipIf(binutilsMissing)('agrees on every instruction of the assembler corpus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmi386-iced-'));
    const tally = new Tally();
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.s'))) {
      // Mark every .code16/.code32 switch with a symbol, so each byte is decoded in its own mode.
      let marks = 0;
      const source = readFileSync(join(CORPUS, file), 'utf8').replace(
        /^\s*\.code(16|32)\b.*$/gm,
        (line, bits) => {
          marks++;
          return `${line}\n__mode${bits}_${marks}:`;
        },
      );
      const { bytes, object } = assemble(dir, source);
      const switches = execFileSync(nm.path!, [object], { encoding: 'utf8' })
        .split('\n')
        .map((line) => /^([0-9a-f]+) t __mode(16|32)_\d+$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ at: Number.parseInt(m[1], 16), bits: Number(m[2]) as 16 | 32 }))
        .sort((a, b) => a.at - b.at);
      const modeAt = (offset: number) => switches.filter((s) => s.at <= offset).at(-1)?.bits ?? 32;
      for (let offset = 0; offset < bytes.length; ) {
        const verdict = compareAt(bytes, offset, modeAt(offset));
        tally.add(verdict, `${file}+0x${offset.toString(16)} `);
        offset += verdict.length;
      }
    }
    expectAgreement(tally, 'assembler corpus instructions');
  });

  it('agrees at every instruction boundary @vmi386/asm lists for its corpus', () => {
    const tally = new Tally();
    let statements = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.s'))) {
      let marks = 0;
      const source = readFileSync(join(CORPUS, file), 'utf8').replace(
        /^\s*\.code(16|32)\b.*$/gm,
        (line, bits) => {
          marks++;
          return `${line}\n__mode${bits}_${marks}:`;
        },
      );
      const result = vmiAssemble(source, {
        fileName: file,
        includePaths: [CORPUS],
        readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
      });
      expect(result.ok, `${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`).toBe(true);
      const text = result.sections.find((s) => s.name === '.text');
      if (!text) continue;
      const switches = result.symbols
        .map((sym) => ({ sym, m: /^__mode(16|32)_\d+$/.exec(sym.name) }))
        .filter(({ sym, m }) => m !== null && sym.section === '.text')
        .map(({ sym, m }) => ({ at: sym.value, bits: Number(m![1]) as 16 | 32 }))
        .sort((a, b) => a.at - b.at);
      const modeAt = (offset: number) => switches.filter((s) => s.at <= offset).at(-1)?.bits ?? 32;
      for (const entry of result.listing) {
        // One instruction per statement; directives (.byte, .long, …) and lone prefixes are not.
        if (entry.section !== '.text' || entry.size === 0 || /^\s*(\.|[a-z_.$0-9]+:\s*$)/i.test(entry.text))
          continue;
        if (
          /^\s*(rep|repe|repz|repne|repnz|lock|data16|data32|addr16|addr32|[cdefgs]s)\s*$/i.test(entry.text)
        )
          continue;
        statements++;
        tally.add(compareAt(text.bytes, entry.offset, modeAt(entry.offset)), `${file}:${entry.line} `);
      }
    }
    expect(statements).toBeGreaterThan(1000);
    expectAgreement(tally, `instructions @vmi386/asm emitted for its corpus (${statements} statements)`);
  });

  for (const codeSize of [32, 16] as const) {
    it.skipIf(binutilsMissing)(
      `agrees on the assembler's differential statement set (${codeSize}-bit)`,
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'vmi386-iced-set-'));
        // The set deliberately contains statements GNU as refuses: drop those, keep the rest.
        let statements = instructionCases(codeSize);
        for (let attempt = 0; attempt < 3; attempt++) {
          const refused = refusedLines(dir, [`.code${codeSize}`, ...statements, ''].join('\n'));
          if (refused.size === 0) break;
          statements = statements.filter((_, i) => !refused.has(i + 2));
        }
        const { bytes } = assemble(dir, [`.code${codeSize}`, ...statements, ''].join('\n'));
        const tally = new Tally();
        for (let offset = 0; offset < bytes.length; ) {
          const verdict = compareAt(bytes, offset, codeSize);
          tally.add(verdict, `+0x${offset.toString(16)} `);
          offset += verdict.length;
        }
        expect(tally.compared).toBeGreaterThan(5000);
        expectAgreement(tally, `instructions of ${statements.length} assembler statements (${codeSize}-bit)`);
      },
    );

    it(`agrees on ${RANDOM_STRINGS.toLocaleString('en')} random byte strings in ${codeSize}-bit code`, () => {
      const random = new Random(SEED + codeSize);
      // One buffer of 16-byte strings (plus slack so the last one can be 15 bytes long); each string
      // is decoded at its own offset, by iced and by us, from the same bytes.
      const bytes = new Uint8Array(RANDOM_STRINGS * 16 + 16);
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.below(256);
      // A third of the strings start with a prefix or the 0F escape, so those paths get their share.
      // (All bytes are final before decoding: iced copies the buffer when its decoder is made.)
      for (let n = 0; n < RANDOM_STRINGS; n += 3) {
        bytes[n * 16] = random.pick([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x0f]);
      }
      const tally = new Tally();
      for (let n = 0; n < RANDOM_STRINGS; n++) tally.add(compareAt(bytes, n * 16, codeSize));
      expectAgreement(tally, `random ${codeSize}-bit byte strings`);
    });
  }

  it('prints x87 operands as iced does (all the inputs above)', () => {
    if (x87.count(['x87 operands']) > 0) expect.fail(x87.report(['x87 operands']));
  });
});
