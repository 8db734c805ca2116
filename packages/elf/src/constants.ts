/** Values of the ELF fields vmi386 looks at (System V ABI, "ELF Header", "Sections", "Program Header"). */

export const ET_REL = 1;
export const ET_EXEC = 2;

export const EM_386 = 3;
export const EM_X86_64 = 62;

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_REL = 9;
export const SHT_NOBITS = 8;

export const STT_SECTION = 3;
export const STT_FILE = 4;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
