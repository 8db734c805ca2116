// Bundled for the browser and run in a bare JavaScript context by no-node-apis.test.ts: assembles a
// program with @vmi386/asm and runs it on @vmi386/cpu (integer, x87 and FCOMI), then reports.
import { assemble, linkFlat } from '@vmi386/asm';
import { runFlat } from '@vmi386/cpu';

const source = `
.code32
  mov $10, %ecx
  xor %eax, %eax
1: add %ecx, %eax
  loop 1b
  fildl value
  fld1
  faddp
  fistpl result
  fld1
  fldz
  fcomip %st(1), %st
  setb %bl
  fstp %st(0)
  mov result, %edx
  hlt
value: .long 41
result: .long 0
`;

const result = assemble(source);
const image = linkFlat(result, { origin: 0x1000 });
if (!image.ok) throw new Error(image.diagnostics.map((d) => d.message).join('; '));
const run = runFlat({ code: image.bytes, origin: 0x1000 });
(globalThis as unknown as { report: unknown }).report = {
  stop: run.stop.reason,
  eax: run.regs.eax,
  ebx: run.regs.ebx & 0xff,
  edx: run.regs.edx,
  instructions: run.instructions,
};
