// `npx vitest bench --run src/encoder/encode.bench.ts`: the encoder alone on the instruction corpus's
// statements, 10,000 per iteration (the front end's budget is 150 ms for 10,000 lines in all).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { testContext } from './__fixtures__/differential.js';
import { encodeInstruction } from './encode.js';
import { AsmError } from './interface.js';

const corpusDir = join(import.meta.dirname, '../../test/corpus/instructions');
const statements: string[] = [];
for (const name of readdirSync(corpusDir)) {
  if (name === 'code16.s') continue;
  for (const line of readFileSync(join(corpusDir, name), 'utf8').split('\n')) {
    const text = line
      .replace(/#.*/, '')
      .replace(/^\s*(?:[\w.$]+:\s*)*/, '')
      .trim();
    if (text && !text.startsWith('.') && !text.includes(';') && !text.includes('=')) statements.push(text);
  }
}
const work = Array.from({ length: 10_000 }, (_, i) => statements[i % statements.length]!);
const context = testContext(32);
const position = { file: 'bench.s', line: 1, column: 1 };

describe('encodeInstruction', () => {
  bench('10,000 corpus statements', () => {
    for (const text of work) {
      try {
        encodeInstruction(text, position, context);
      } catch (error) {
        if (!(error instanceof AsmError)) throw error;
      }
    }
  });
});
