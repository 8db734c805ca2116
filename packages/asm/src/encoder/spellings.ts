// Every way a mnemonic can be written — the bare name and the name with each suffix a form accepts —
// mapped to the forms to try, built once at module load. GAS looks the whole word up first and only
// then strips a suffix, so `movsb %al,%ecx` is the sign extension and `movsb` alone the string move.

import { INSTRUCTION_FORMS, type InstructionForm } from './table.js';

export interface SpelledForm {
  readonly form: InstructionForm;
  /** The suffix as written (`l`, `ll`…), undefined for the bare mnemonic. */
  readonly suffix: string | undefined;
}

const SIZE_SUFFIXES: Readonly<Record<string, number>> = { b: 8, w: 16, l: 32 };
const LITERAL_SUFFIXES = ['s', 'l', 't', 'll', 'q', 'b', 'w'];

function acceptsSuffix(form: InstructionForm, suffix: string): boolean {
  if (form.literalSuffix !== undefined) return form.literalSuffix === suffix;
  const size = suffixSize(form, suffix);
  return !form.noSuffix && size !== undefined && (form.sizes as readonly number[]).includes(size);
}

/** The operand size a size suffix stands for in this form (`s` is 16-bit for the x87 environment). */
export function suffixSize(form: InstructionForm, suffix: string): 8 | 16 | 32 | undefined {
  if (form.shortSuffix) return suffix === 's' ? 16 : suffix === 'l' ? 32 : undefined;
  return SIZE_SUFFIXES[suffix] as 8 | 16 | 32 | undefined;
}

function buildSpellings(): ReadonlyMap<string, readonly SpelledForm[]> {
  const spellings = new Map<string, SpelledForm[]>();
  const add = (word: string, entry: SpelledForm) => {
    let list = spellings.get(word);
    if (!list) {
      list = [];
      spellings.set(word, list);
    }
    list.push(entry);
  };
  for (const [name, forms] of INSTRUCTION_FORMS) {
    for (const form of forms) {
      if (form.literalSuffix === undefined || form.literalSuffixOptional)
        add(name, { form, suffix: undefined });
    }
  }
  for (const [name, forms] of INSTRUCTION_FORMS) {
    for (const suffix of LITERAL_SUFFIXES) {
      for (const form of forms) if (acceptsSuffix(form, suffix)) add(name + suffix, { form, suffix });
    }
  }
  return spellings;
}

const SPELLINGS = buildSpellings();

/** The forms to try for a lower-case mnemonic as written, in order; undefined if unknown. */
export function resolveSpelling(word: string): readonly SpelledForm[] | undefined {
  return SPELLINGS.get(word);
}
