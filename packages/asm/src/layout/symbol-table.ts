import { isInternalLocalLabel } from '../assembler/assembler.js';
import { type EvaluationEnvironment, evaluate } from '../assembler/evaluate.js';
import type { AsmSymbol } from '../assembler/model.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { AsmError, type SourcePosition } from '../encoder/interface.js';
import type { AssembledSymbol } from '../result.js';
import type { LayoutInput } from './layout.js';

const noPosition: SourcePosition = { file: '', line: 0, column: 0 };

/** The symbol table after layout: what GAS would put in `.symtab` (section symbols aside). */
export function buildSymbolTable(
  input: LayoutInput,
  env: EvaluationEnvironment,
  sink: DiagnosticSink,
): AssembledSymbol[] {
  const out: AssembledSymbol[] = [];
  for (const s of input.symbols.values()) {
    // `.L` labels stay out of the table, unless undefined (GAS then keeps them, global).
    if (isInternalLocalLabel(s.name) || (s.name.startsWith('.L') && s.definition.kind !== 'undefined'))
      continue;
    const name = input.outputName(s.name);
    if (name === undefined) continue;
    const d = s.definition;
    // An unused undefined symbol appears when `.globl` or `.local` named it (not `.weak`), as in GAS.
    if (d.kind === 'undefined' && !s.used && !(s.explicitBinding && s.binding !== 'weak')) continue;
    const position = s.definedAt ?? s.sizePosition ?? noPosition;
    try {
      let section: string | undefined;
      let value = 0;
      if (d.kind === 'label') {
        section = d.location.fragment.section.name;
        value = d.location.fragment.address + d.location.offset;
      } else if (d.kind === 'absolute') {
        section = '*ABS*';
        value = Number(BigInt.asUintN(32, d.value));
      } else if (d.kind === 'common') {
        section = '*COM*';
        value = d.alignment;
      } else if (d.kind === 'equated') {
        const v = evaluate(d.expr, d.dot, env, d.position);
        if (v && v.terms.length === 0) {
          section = '*ABS*';
          value = Number(BigInt.asUintN(32, v.constant));
        } else if (
          v &&
          v.terms.length === 1 &&
          v.terms[0].base.kind === 'section' &&
          v.terms[0].coefficient === 1n
        ) {
          section = v.terms[0].base.section.name;
          value = Number(v.constant);
        } else if (v?.terms.some((t) => t.base.kind === 'symbol')) {
          // An alias of an undefined symbol (`foo = bar`): GAS resolves uses to `bar` and
          // leaves `foo` out of the symbol table.
          continue;
        } else throw new AsmError(`cannot give symbol '${s.name}' a value from its expression`, d.position);
      }
      let size = 0;
      if (s.size) {
        const v = evaluate(
          s.size,
          s.sizeDot ?? { fragment: input.sections[0].fragments[0], offset: 0 },
          env,
          s.sizePosition ?? position,
        );
        if (!v || v.terms.length > 0)
          throw new AsmError(
            `.size of '${s.name}' is not an absolute expression`,
            s.sizePosition ?? position,
          );
        size = Number(v.constant);
      }
      const binding = d.kind === 'undefined' && s.binding === 'local' ? 'global' : s.binding;
      let type = s.type;
      const from = s.attributesFrom === undefined ? undefined : input.symbols.get(s.attributesFrom);
      if (from && type === 'notype' && s.size === undefined) {
        type = from.type;
        if (from.size) size = absoluteSize(from, env) ?? size;
      }
      out.push({ name, section, value, binding, type, size });
    } catch (e) {
      sink.caught(e, position);
    }
  }
  return out;
}

function absoluteSize(s: AsmSymbol, env: EvaluationEnvironment): number | undefined {
  if (!s.size || !s.sizeDot) return s.size?.kind === 'number' ? s.size.value : undefined;
  try {
    const v = evaluate(s.size, s.sizeDot, env, s.sizePosition ?? noPosition);
    return v && v.terms.length === 0 ? Number(v.constant) : undefined;
  } catch {
    return undefined;
  }
}
