// Test-only: the instruction statements the differential test feeds to both GNU as and the encoder.
// Written independently of the encoder's table: every mnemonic with operand pools of every kind
// (registers of each size and class, immediates at each size boundary, symbols, every addressing form)
// and every suffix, so wrong choices *and* wrongly accepted or refused combinations show up.

const R8 = ['%al', '%bh'];
const R16 = ['%ax', '%si'];
const R32 = ['%eax', '%ecx', '%esp'];
const SREG = ['%es', '%cs', '%ss', '%ds', '%fs', '%gs'];
const IMM = [
  '$1',
  '$-1',
  '$0x7f',
  '$0x80',
  '$-0x80',
  '$0xff',
  '$0x100',
  '$0xffff',
  '$0x12345678',
  '$ext',
  '$ext+4',
];

/** Addressing forms, by the address size they use. */
export const MEMORY32 = [
  '(%eax)',
  '(%esp)',
  '(%ebp)',
  '0(%eax)',
  '0(%ebp)',
  '4(%ebx)',
  '-4(%ebp)',
  '0x7f(%ecx)',
  '0x80(%ecx)',
  '-0x80(%edx)',
  '-0x81(%edx)',
  '0xffffff80(%esi)',
  '0x12345678(%edi)',
  '0x1234',
  'ext',
  'ext+8',
  'ext(%eax)',
  'ext-4(%ebp,%ecx,2)',
  '(%eax,%ebx)',
  '(%eax,%ebx,1)',
  '(%eax,%ebx,2)',
  '8(%esp,%esi,4)',
  '(%ebp,%edi,8)',
  '(,%edi,8)',
  '0x10(,%eax,4)',
  '(,%ebx)',
  '%fs:(%eax)',
  '%es:4(%ebp)',
  '%ss:(%ebp)',
  '%ds:(%ebp)',
  '%ds:(%eax)',
  '%ss:(%eax)',
  '%gs:0x10',
  '%cs:ext',
  '(%eax,%esp)',
  '(%si,%bx)',
  '(%eax,%bx)',
  '(ext)',
  '(1+2)(%eax)',
];

export const MEMORY16 = [
  '(%bx)',
  '(%bp)',
  '(%si)',
  '(%di)',
  '(%bx,%si)',
  '(%bx,%di)',
  '(%bp,%si)',
  '(%bp,%di)',
  '4(%bx,%di)',
  '-2(%bp)',
  '0x80(%si)',
  '0x1234(%bp,%si)',
  '0(%bp)',
  'ext(%bx)',
  '%es:(%di)',
  '%ss:(%bp)',
  '%ds:(%bp)',
  '(%bx,%si,2)',
  '(%si,%bx)',
  '(%ax)',
];

const MEM_FEW = ['(%eax)', 'ext', '4(%ebp)'];
const SUFFIXES = ['', 'b', 'w', 'l'];

function pairs(
  mnemonics: readonly string[],
  left: readonly string[],
  right: readonly string[],
  suffixes = SUFFIXES,
) {
  const out: string[] = [];
  for (const m of mnemonics) {
    for (const s of suffixes) for (const a of left) for (const b of right) out.push(`${m}${s} ${a},${b}`);
  }
  return out;
}

function singles(mnemonics: readonly string[], pool: readonly string[], suffixes = SUFFIXES) {
  const out: string[] = [];
  for (const m of mnemonics) for (const s of suffixes) for (const a of pool) out.push(`${m}${s} ${a}`);
  return out;
}

const CC = ['o', 'no', 'b', 'c', 'nae', 'ae', 'nb', 'nc', 'e', 'z', 'ne', 'nz', 'be', 'na', 'a', 'nbe'];
const CC2 = ['s', 'ns', 'p', 'pe', 'np', 'po', 'l', 'nge', 'ge', 'nl', 'le', 'ng', 'g', 'nle'];

export function instructionCases(codeSize: 16 | 32): string[] {
  const cases: string[] = [];
  const memory =
    codeSize === 16 ? [...MEMORY16, ...MEMORY32.slice(0, 12)] : [...MEMORY32, ...MEMORY16.slice(0, 8)];
  const general = [...R8, ...R16, ...R32];
  const operandPool = [...general, ...MEM_FEW, ...IMM];

  // Two-operand integer instructions: every operand kind against every other, every suffix.
  const alu = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'test', 'mov', 'xchg'];
  cases.push(...pairs(alu, operandPool, [...general, ...MEM_FEW, '$1']));
  cases.push(...pairs(['add', 'mov', 'cmp', 'xchg', 'test'], memory, ['%ecx', '%dl', '%ax']));
  cases.push(...pairs(['add', 'mov'], ['%ecx', '$0x12', '$ext'], memory));
  cases.push(...pairs(['addl', 'movb', 'movw', 'cmpw'], ['$0x12', '$0x1234', '$-3', '$ext'], memory, ['']));
  // Moves to and from segment, control and debug registers.
  const special = [...SREG, '%cr0', '%cr2', '%cr3', '%cr4', '%dr0', '%dr3', '%dr6', '%dr7'];
  cases.push(...pairs(['mov'], special, ['%eax', '%bx', '%al', '(%eax)', '%ds', '%cr0'], SUFFIXES));
  cases.push(...pairs(['mov'], ['%eax', '%bx', '(%eax)', '4(%ebx,%esi)', '%cl'], special, SUFFIXES));
  // One-operand integer instructions.
  const unary = ['inc', 'dec', 'not', 'neg', 'mul', 'imul', 'div', 'idiv', 'push', 'pop', 'nop'];
  cases.push(
    ...singles(unary, [...general, '%edi', '%bp', ...MEM_FEW, ...SREG, ...IMM, '$-129', '$0x10000']),
  );
  cases.push(...singles(['incl', 'pushl', 'popw', 'negb', 'pushw'], memory, ['']));
  // Shifts and rotates: $1, $n and %cl forms, and the implied-1 form.
  const shifts = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'sal', 'shr', 'sar'];
  cases.push(
    ...pairs(shifts, ['$1', '$2', '$0x1f', '$0x100', '%cl', '%dl', '$ext'], [...general, '(%eax)', 'ext']),
  );
  cases.push(...singles(shifts, [...general, '(%eax)']));
  // Multiply with two and three operands; double shifts; bit instructions.
  cases.push(
    ...pairs(
      ['imul'],
      [...general, '(%eax)', '$3', '$300', '$ext', '$-128'],
      ['%ax', '%ecx', '%bl', '(%eax)'],
    ),
  );
  for (const imm of ['$3', '$-128', '$300', '$0x12345', '$ext']) {
    for (const [src, dst] of [
      ['%ebx', '%ecx'],
      ['(%eax)', '%edx'],
      ['%si', '%di'],
      ['4(%esp)', '%ax'],
      ['%al', '%cl'],
      ['%eax', '(%eax)'],
    ]) {
      cases.push(`imul ${imm},${src},${dst}`, `imulw ${imm},${src},${dst}`, `imull ${imm},${src},${dst}`);
    }
  }
  for (const m of ['shld', 'shrd']) {
    for (const s of SUFFIXES) {
      for (const count of ['$4', '%cl', '$ext']) {
        for (const [src, dst] of [
          ['%eax', '%ebx'],
          ['%ax', '%bx'],
          ['%eax', '(%ecx)'],
          ['%al', '%bl'],
          ['(%eax)', '%ebx'],
        ]) {
          cases.push(`${m}${s} ${count},${src},${dst}`, `${m}${s} ${src},${dst}`);
        }
      }
    }
  }
  cases.push(
    ...pairs(
      ['bt', 'bts', 'btr', 'btc'],
      ['%eax', '%dx', '%cl', '$5', '$0x100', '(%eax)'],
      ['%ebx', '%si', '(%eax)', '%al'],
    ),
  );
  cases.push(...pairs(['bsf', 'bsr'], ['%eax', '%dx', '(%eax)', '%cl'], ['%ebx', '%si', '(%eax)']));
  // Extensions.
  const ext = [
    'movzb',
    'movzw',
    'movsb',
    'movsw',
    'movzx',
    'movsx',
    'movsbl',
    'movsbw',
    'movswl',
    'movzbl',
    'movzbw',
    'movzwl',
  ];
  cases.push(
    ...pairs(
      ext,
      ['%al', '%ah', '%ax', '%eax', '(%eax)', 'ext'],
      ['%ecx', '%cx', '%cl', '(%eax)'],
      ['', 'b', 'w', 'l'],
    ),
  );
  // Address loads and descriptor-style operands.
  cases.push(
    ...pairs(
      ['lea', 'lds', 'les', 'lss', 'lfs', 'lgs', 'bound'],
      ['(%eax)', '4(%ebx,%esi,2)', 'ext', '%eax'],
      ['%ecx', '%dx', '%al', '(%ebx)'],
      ['', 'w', 'l'],
    ),
  );
  cases.push(...pairs(['bound'], ['%ecx', '%dx'], ['(%eax)', 'ext'], ['', 'w', 'l']));
  cases.push(
    ...pairs(['lar', 'lsl'], ['%eax', '%ax', '%al', '(%eax)'], ['%ecx', '%cx', '(%eax)'], ['', 'w', 'l']),
  );
  cases.push(...pairs(['arpl'], ['%ax', '%eax', '(%eax)'], ['%bx', '(%eax)', '%ebx'], ['', 'w', 'l']));
  const system1 = [
    'lgdt',
    'lidt',
    'sgdt',
    'sidt',
    'lldt',
    'sldt',
    'ltr',
    'str',
    'lmsw',
    'smsw',
    'verr',
    'verw',
    'invlpg',
  ];
  cases.push(...singles(system1, ['%eax', '%ax', '%al', '(%eax)', 'ext', '4(%ebp)', '$1'], ['', 'w', 'l']));
  cases.push(
    ...singles(
      [
        'cmpxchg8b',
        'fxsave',
        'fxrstor',
        'fnsave',
        'fsave',
        'frstor',
        'fldcw',
        'fnstcw',
        'fstcw',
        'fnstenv',
        'fldenv',
      ],
      ['(%eax)', 'ext', '%eax'],
      [''],
    ),
  );
  cases.push(...pairs(['cmpxchg', 'xadd'], [...general, '(%eax)'], [...general, '(%eax)']));
  cases.push(...singles(['bswap'], ['%eax', '%edi', '%ax', '(%eax)'], ['', 'l']));
  // Setcc and conditional jumps, every condition spelling.
  for (const cc of [...CC, ...CC2]) {
    cases.push(`set${cc} %al`, `set${cc} (%eax)`, `set${cc}b %bh`, `set${cc} %eax`);
    cases.push(`j${cc} ext`, `j${cc} c0`, `j${cc} .`, `j${cc} ext+4`);
  }
  // Jumps, calls, returns, loops.
  for (const m of ['jmp', 'call']) {
    for (const s of ['', 'w', 'l']) {
      cases.push(
        `${m}${s} ext`,
        `${m}${s} c0`,
        `${m}${s} .+0x10`,
        `${m}${s} *%eax`,
        `${m}${s} *%ax`,
        `${m}${s} %ecx`,
      );
      cases.push(
        `${m}${s} *(%eax)`,
        `${m}${s} *ext`,
        `${m}${s} *8(%ebx,%esi,4)`,
        `${m}${s} (%eax)`,
        `${m}${s} *%es:4(%ebp)`,
      );
      cases.push(`${m}${s} $0x10,$0x1234`, `${m}${s} $0x10,$ext`, `${m}${s} $ext,$0`);
    }
  }
  for (const m of ['ljmp', 'lcall']) {
    for (const s of ['', 'w', 'l']) {
      cases.push(
        `${m}${s} $0x10,$0x1234`,
        `${m}${s} $0x10,$c0`,
        `${m}${s} *(%eax)`,
        `${m}${s} *ext`,
        `${m}${s} *%eax`,
      );
      cases.push(`${m}${s} $0x10,$0x12345678`, `${m}${s} $0x12345,$0`);
    }
  }
  for (const m of ['ret', 'lret', 'iret', 'leave', 'pusha', 'popa', 'pushf', 'popf']) {
    for (const s of ['', 'w', 'l', 'b']) cases.push(`${m}${s}`, `${m}${s} $8`);
  }
  for (const m of ['loop', 'loope', 'loopz', 'loopne', 'loopnz', 'jcxz', 'jecxz']) {
    cases.push(`${m} c0`, `${m} ext`, `${m} .`, `${m} *%eax`);
  }
  cases.push('jmp .', 'jmp .+2', 'jmp c0+2', 'call .', 'loop .-2');
  // Prefixes on relative jumps: size prefixes, branch hints (%cs/%ds), and the ones GAS skips.
  for (const m of ['jmp', 'je', 'call', 'loop', 'jecxz', 'loopw', 'loopl', 'loopnel', 'jcxz']) {
    for (const p of ['cs ', 'ds ', 'es ', 'data16 ', 'data32 ', 'addr16 ', 'addr32 ', 'lock ', 'rep ', '']) {
      cases.push(`${p}${m} ext`);
    }
    cases.push(`${m} %cs:ext`, `${m} %ds:ext`, `${m} %gs:0x10`, `cs ${m} %ds:ext`);
  }
  // Two-operand div/idiv name the accumulator; %edx works as a port.
  cases.push(
    ...pairs(
      ['div', 'idiv', 'mul'],
      ['%ecx', '%bl', '(%eax)', '%si'],
      ['%eax', '%al', '%ax', '%ecx'],
      ['', 'b', 'w', 'l'],
    ),
  );
  // Jumps to plain numbers: rel8-only jumps need a number that fits a byte.
  for (const m of ['jmp', 'je', 'call', 'loop', 'jecxz', 'jcxz', 'loopnew']) {
    // (In 16-bit code GAS refuses far targets only after assembling everything, without a line number.)
    const targets =
      codeSize === 32 ? ['0x12', '-1', '0xff', '0x100', '0x1234', '0x12345678'] : ['0x12', '0xff', '0x100'];
    for (const target of targets) cases.push(`${m} ${target}`);
  }
  cases.push(
    'in %edx,%al',
    'out %eax,%edx',
    'inl %edx',
    'outsb (%esi),%edx',
    'insw %edx,(%edi)',
    'in %dl,%al',
  );
  cases.push(
    ...singles(
      ['enter'],
      ['$8,$0', '$0x1000,$1', '$0xffff,$0xff', '$0x10000,$0', '$1,$0x100', '$ext,$0'],
      ['', 'w', 'l'],
    ),
  );
  cases.push(...singles(['int'], ['$3', '$0x80', '$255', '$-1', '$256', '$ext', '%al'], ['', 'b']));
  cases.push('iretw', 'iretl', 'int3', 'into', 'retw $4', 'lretl $0x10', 'ret $ext');
  // Implied-operand instructions.
  const zero = [
    'daa das aaa aas aam aad cbw cwde cwd cdq cbtw cwtl cwtd cltd clc stc cmc cld std cli sti lahf sahf hlt nop',
    'pause ud2 cpuid rdtsc rdmsr wrmsr rdpmc sysenter sysexit rsm wbinvd invd clts fwait wait fninit finit fnclex',
    'fclex fnstsw fstsw fadd faddp fmul fmulp fxch fchs fabs ftst fld1 fldz fcompp xlat xlatb',
    'fsub fsubp fsubr fsubrp fdiv fdivp fdivr fdivrp fcom fcomp fucom fucomp fucompp ffree fsqrt frndint',
    'fxam fscale fprem fprem1 fldpi fldl2e fldl2t fldlg2 fldln2 fnop fdecstp fincstp fsin fcos fsincos',
    'fptan fpatan f2xm1 fyl2x fyl2xp1 fxtract int1 ud2a',
  ]
    .join(' ')
    .split(' ');
  for (const m of zero) cases.push(m, `${m}l`, `${m}w`);
  cases.push('aam $10', 'aam $7', 'aad $7', 'aad $0x100');
  // Strings: bare, suffixed, explicit operands, segment overrides, 16-bit addresses, prefixes.
  for (const m of ['movs', 'cmps', 'scas', 'lods', 'stos', 'ins', 'outs']) {
    for (const s of SUFFIXES) cases.push(`${m}${s}`, `rep ${m}${s}`, `repne ${m}${s}`, `repz ${m}${s}`);
  }
  cases.push(
    'movsb (%esi),(%edi)',
    'movsl %ds:(%esi),%es:(%edi)',
    'movsw %fs:(%esi),%es:(%edi)',
    'movs %gs:(%esi),(%edi)',
    'movsb (%si),(%di)',
    'movsl (%esi),%fs:(%edi)',
    'movsb (%eax),(%edi)',
    'cmpsb %es:(%edi),(%esi)',
    'cmpsl (%edi),%fs:(%esi)',
    'cmpsw (%di),(%si)',
    'scasb %es:(%edi),%al',
    'scas (%edi),%eax',
    'scasw (%edi)',
    'lodsb (%esi),%al',
    'lods %es:(%esi),%ax',
    'lodsl (%esi)',
    'lods (%si),%eax',
    'stosb %al,%es:(%edi)',
    'stos %eax,(%edi)',
    'stosw (%di)',
    'insb %dx,%es:(%edi)',
    'ins %dx,(%edi)',
    'insl %dx,(%di)',
    'outsb (%esi),%dx',
    'outs %fs:(%esi),%dx',
    'outsw (%si),%dx',
    'xlat (%ebx)',
    'xlat %es:(%ebx)',
    'xlatb %ds:(%bx)',
    'xlat (%eax)',
  );
  // Ports.
  cases.push(
    ...pairs(['in'], ['$0x60', '$0x100', '%dx', '$ext', '%cx'], ['%al', '%ax', '%eax', '%bl'], SUFFIXES),
  );
  cases.push(
    ...pairs(['out'], ['%al', '%ax', '%eax', '%bl'], ['$0x60', '$0x100', '%dx', '$ext', '%cx'], SUFFIXES),
  );
  cases.push(...singles(['in', 'out'], ['$0x60', '%dx'], SUFFIXES));
  // Prefixes alone, in front of instructions, and repeated.
  cases.push(
    'lock',
    'rep',
    'repe',
    'repz',
    'repne',
    'repnz',
    'cs',
    'ds',
    'es',
    'fs',
    'gs',
    'ss',
    'data16',
    'addr16',
    'data32',
    'addr32',
  );
  cases.push(
    'lock incl (%eax)',
    'lock addl $1,%fs:(%eax)',
    'lock xchg %eax,(%ebx)',
    'lock cmpxchg %ecx,(%edx)',
    'lock cmpxchg8b (%esi)',
    'lock btsl $3,(%eax)',
    'lock mov %eax,(%ebx)',
    'lock add %eax,%ebx',
    'lock lock incl (%eax)',
    'lock rep movsb',
    'rep lock incl (%eax)',
    'rep add %eax,%ebx',
    'rep ret',
    'rep nop',
    'repne scasb',
    'cs nop',
    'es lodsb',
    'fs movl %eax,%gs:(%ebx)',
    'gs movl %eax,(%ebx)',
    'ds jmp *%eax',
    'data16 movsb',
    'data16 movw %ax,%bx',
    'data16 lgdt (%eax)',
    'addr16 movsb',
    'addr32 lodsb',
    'data32 call ext',
    'addr16 stosl',
    'cs lock incl (%eax)',
    'addr32 movb (%eax),%al',
    'addr16 movb (%bx),%al',
    'addr16 movb (%eax),%al',
    'addr32 mov ext,%al',
    'addr16 mov ext,%al',
    'addr32 movl $1,ext',
    'addr16 incl 4(%si)',
    'addr32 lodsb',
    'addr32 stosl (%edi)',
  );
  // x87: every size suffix, memory forms, register forms.
  const x87 = [
    'fld',
    'fst',
    'fstp',
    'fild',
    'fist',
    'fistp',
    'fadd',
    'fmul',
    'fsub',
    'fsubr',
    'fdiv',
    'fdivr',
  ];
  x87.push(
    'fcom',
    'fcomp',
    'fiadd',
    'fisub',
    'fisubr',
    'fimul',
    'fidiv',
    'fidivr',
    'ficom',
    'ficomp',
    'fbld',
    'fbstp',
  );
  for (const m of x87) {
    for (const s of ['', 's', 'l', 't', 'll', 'q', 'w', 'b']) {
      for (const op of ['(%eax)', 'ext', '8(%esp,%ecx,8)', '%st', '%st(3)', '%eax'])
        cases.push(`${m}${s} ${op}`);
    }
  }
  const x87Registers = [
    'fadd',
    'faddp',
    'fmul',
    'fmulp',
    'fxch',
    'fst',
    'fld',
    'fsub',
    'fsubp',
    'fsubr',
    'fsubrp',
  ];
  x87Registers.push(
    'fdiv',
    'fdivp',
    'fdivr',
    'fdivrp',
    'fcom',
    'fcomp',
    'fucom',
    'fucomp',
    'fucompp',
    'ffree',
    'fstp',
  );
  for (const m of x87Registers) {
    for (const ops of [
      '%st,%st(2)',
      '%st(2),%st',
      '%st(0),%st(1)',
      '%st(1)',
      '%st( 4 )',
      '%st,%st',
      '%st(1),%st(2)',
    ]) {
      cases.push(`${m} ${ops}`);
    }
  }
  cases.push(...singles(['fnstsw', 'fstsw'], ['%ax', '%eax', '(%eax)', '%es:ext'], ['']));
  // Memory forms of the most common instructions over every addressing form.
  cases.push(
    ...singles(['incl', 'jmp *', 'fldl', 'lgdt', 'pushl', 'setne'], memory, ['']).map((c) =>
      c.replace('* ', '*'),
    ),
  );
  // Malformed operands.
  cases.push(
    'jmp *',
    'incl ()',
    'movl (,),%eax',
    'mov %eax,',
    'add $,%eax',
    'movl %es:,%eax',
    'movl 4(),%eax',
  );
  cases.push(
    'movl (%eax,),%ebx',
    'push %st(',
    'fld %st(8)',
    'movl $1,,%eax',
    'mov %eax,%ebx,%ecx',
    'call *$1',
  );
  // Mnemonics and registers are case-insensitive.
  cases.push('MOVL %EAX,%EBX', 'Add $1,%Al', 'fld %ST(1)', 'PUSH %ES', 'mov %CR0,%EAX', 'Lock IncL (%EAX)');
  cases.push(...pairs(['movl'], memory, ['%eax']), ...pairs(['movb'], ['$0x12', '%ah'], memory, ['']));
  return cases;
}
