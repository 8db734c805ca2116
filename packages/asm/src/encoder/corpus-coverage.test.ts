// The instruction corpus (test/corpus/instructions, assembled by the front end's whole-file
// differential suite against GNU as) must use every mnemonic issue 2 lists, and the forms it names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const corpusDir = join(import.meta.dirname, '../../test/corpus/instructions');
const files = readdirSync(corpusDir).filter((name) => name.endsWith('.s'));
const source = files.map((name) => readFileSync(join(corpusDir, name), 'utf8')).join('\n');
const statements = source
  .split('\n')
  .map((line) => line.replace(/#.*/, ''))
  .flatMap((line) => line.split(';'))
  .map((stmt) => stmt.replace(/^\s*(?:[\w.$]+:\s*)*/, '').trim())
  .filter((stmt) => stmt && !stmt.startsWith('.'));
const words = new Set(statements.flatMap((stmt) => stmt.split(/[\s,]+/)).map((w) => w.toLowerCase()));

const ISSUE_MNEMONICS = `
  add or adc sbb and sub xor cmp test inc dec not neg mul div idiv imul
  rol ror rcl rcr shl sal shr sar bt bts btr btc bsf bsr shld shrd
  daa das aaa aas aam aad movs cmps scas lods stos ins outs
  jmp call ljmp lcall ret lret loop loope loopz loopne loopnz jcxz jecxz enter leave bound xlat
  pusha popa pushf popf push pop movzb movsb movzw movsw cbw cwde cwd cdq cbtw cwtl cwtd cltd
  lgdt lidt lldt ltr sgdt sidt sldt str lmsw smsw clts arpl lar lsl verr verw invlpg wbinvd
  hlt cli sti in out int int3 into iret iretw lss lds les lfs lgs mov lea nop xchg
  sysenter sysexit wrmsr rdmsr rdtsc cpuid pause cmpxchg xadd bswap cmpxchg8b
  fninit fnsave frstor fxsave fxrstor fwait wait fld fst fstp fadd fmul fild fistp fnstsw fnclex faddp fmulp
  lock rep repe repz repne repnz data16 addr16 cs ds es fs gs ss
  jo jno jb jc jnae jae jnb jnc je jz jne jnz jbe jna ja jnbe js jns jp jpe jnp jpo jl jnge jge jnl jle jng jg jnle
  seto setno setb setc setnae setae setnb setnc sete setz setne setnz setbe setna seta setnbe
  sets setns setp setpe setnp setpo setl setnge setge setnl setle setng setg setnle
`
  .split(/\s+/)
  .filter(Boolean);

const SUFFIXES = ['', 'b', 'w', 'l', 's', 't', 'll', 'q'];

describe('instruction corpus', () => {
  it('has at least 1,000 lines', () => {
    expect(source.split('\n').length).toBeGreaterThanOrEqual(1000);
  });

  it('uses every mnemonic of issue 2 at least once', () => {
    const missing = ISSUE_MNEMONICS.filter((m) => !SUFFIXES.some((s) => words.has(m + s)));
    expect(missing).toEqual([]);
  });

  it.each([
    ['moves to and from control registers', /^movl?\s+%cr\d,\s*%e\w\w$|^movl?\s+%e\w\w,\s*%cr\d$/],
    ['moves to and from debug registers', /^movl?\s+%dr\d,|,\s*%dr\d$/],
    ['moves to and from segment registers', /^movw?\s+%[c-gs]s,|,\s*%[d-gs]s$/],
    ['x87 register operands', /%st\(\d\)/],
    ['shifts by $1 and by %cl', /^(?:shl|sal|shr|sar|rol|ror|rcl|rcr)[bwl]?\s+%cl,/],
    ['three-operand imul', /^imulw?\s+\$[^,]+,[^,]+,/],
    ['far jumps to $sel,$off', /^ljmp[wl]?\s+\$[^,]+,\s*\$/],
    ['indirect jumps and calls', /^(?:jmp|call)[wl]?\s+\*/],
    ['rep-prefixed string instructions', /^rep\w*\s+(?:movs|stos|lods|cmps|scas|ins|outs)/],
    ['explicit string operands', /^movs[bwl]?\s+[^,]*\(%e?si\)/],
    ['16-bit addressing', /\(%b[xp](?:,%[sd]i)?\)/],
    ['symbolic displacements', /^\w+\s+[a-z_]\w*(?:\+\d+)?\(/],
  ])('includes %s', (_name, pattern) => {
    expect(statements.some((stmt) => pattern.test(stmt))).toBe(true);
  });

  it('has .code16 sections, numeric local labels and forward/backward jumps', () => {
    expect(source).toMatch(/^\s*\.code16/m);
    expect(source).toMatch(/^\s*\.code32/m);
    expect(source).toMatch(/\b\d+f\b/);
    expect(source).toMatch(/\b\d+b\b/);
  });
});
