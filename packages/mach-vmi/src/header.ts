import { vocabulary } from '@vmi386/mach-asm';
import { callForMacro, vmiCalls } from './calls.js';
import { ANNOTATION_SECTION, SITE_LENGTH, siteAssembly } from './site.js';

/** The privilege level a VMI kernel runs at under the hypervisor. */
export const VMI_KERNEL_RPL = 1;

function cString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Builds the text of the VMI `<mach_asm.h>`: each instruction macro is a hook point
 * (see `siteAssembly`), each string macro the same hook point as a C string.
 */
export function buildVmiHeader(): string {
  const lines = [
    '#ifndef __MACH_ASM_H',
    '#define __MACH_ASM_H',
    '',
    '/*',
    ' * VMI hook points (vmi386). Each macro emits the native instruction(s) padded with one',
    ` * multi-byte NOP to ${SITE_LENGTH} bytes, and a record in ${ANNOTATION_SECTION}:`,
    ' *   .long call number, site address; .byte site length, native length, 0, 0',
    ' * Numeric labels 661 are used inside the macros: do not use them in the including file.',
    ' */',
    '',
  ];
  for (const macro of vocabulary) {
    if (macro.kind === 'symbol') continue;
    const call = callForMacro(macro.kind === 'string' ? macro.name.replace(/_STRING$/, '') : macro.name);
    if (!call) throw new Error(`mach-vmi: no VMI call for ${macro.name}`);
    const text = siteAssembly(call);
    lines.push(`#define ${macro.name} ${macro.kind === 'string' ? cString(text) : text}`);
  }
  lines.push('', `#define KERNEL_RPL ${VMI_KERNEL_RPL}`, '', '#endif /* __MACH_ASM_H */', '');
  return lines.join('\n');
}

/** The VMI calls by number, as assembler symbols, for code (such as a ROM) that wants them. */
export function vmiCallEquates(): string {
  return vmiCalls.map((c) => `.equ VMI_CALL_${c.name}, ${c.number}`).join('\n');
}

export const vmiHeader = buildVmiHeader();
