// The step loop writes its constants as members of the `Inline` enum (so that esbuild turns them into
// literals). Each member must equal the constant it copies; a change to one without the other would
// make the loop decode, tag or flag wrongly.
import { describe, expect, it } from 'vitest';
import { ESP, SIGN_BIT } from '../../src/constants.js';
import { Inline } from '../../src/cpu.js';
import { CACHE_MASK, CODE32_TAG, EA_32 } from '../../src/decoder/decoded.js';
import { LF_DEC, LF_INC, LF_LOGIC, LF_RESULT } from '../../src/flags.js';

const COPIED: Record<keyof typeof Inline, number> = {
  SIGN_BIT,
  CACHE_MASK,
  CODE32_TAG,
  EA_32,
  ESP,
  LF_LOGIC,
  LF_INC,
  LF_DEC,
  LF_RESULT,
};

describe('the step loop’s inline constants', () => {
  for (const [name, value] of Object.entries(COPIED)) {
    it(`Inline.${name} is ${name}`, () => {
      expect(Inline[name as keyof typeof Inline]).toBe(value);
    });
  }
});
