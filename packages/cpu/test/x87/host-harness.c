/* Runs x87 test cases on the host FPU. stdin: records of CASE_BYTES (a 108-byte FNSAVE image, a 512-byte
 * memory operand, the instruction length, up to 3 instruction bytes, the EFLAGS to start with). For each
 * case, a code page holding
 *   push $eflags; popf; frstor (state); <instruction, memory operand at (%eax)>; pushf; pop flags_out;
 *   fnsave (out); ret
 * is called; stdout gets the FNSAVE image after the instruction, the memory operand, EAX (for FNSTSW AX)
 * and EFLAGS (for FCOMI/FUCOMI). The first 8 output bytes are the instruction's and the operand's address.
 *
 * Built for i386 (gcc -m32) or for x86-64: the x87 unit is the same in 64-bit mode, and without REX.W
 * FNSAVE, FNSTENV, FXSAVE and their loads use the 32-bit protected-mode layouts (Intel SDM Vol. 1,
 * 8.1.10; Vol. 2A, FXSAVE). So a 64-bit host whose kernel cannot execute i386 programs still compares
 * against its own FPU. The 64-bit build keeps every address below 4 GiB (non-PIE data, MAP_32BIT code),
 * so the saved FIP and FDP are the same 32-bit offsets the unit computes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

enum { STATE = 108, MEM = 512, CASE_BYTES = STATE + MEM + 8, RESULT_BYTES = STATE + MEM + 8 };

static unsigned char state[STATE] __attribute__((aligned(16)));
static unsigned char mem[MEM] __attribute__((aligned(16)));
static unsigned char out[STATE] __attribute__((aligned(16)));
static uint32_t flags_out;

int main(void) {
#if defined(__x86_64__)
  unsigned char prologue[] = {
      0x68, 0, 0, 0, 0, /* push $eflags */
      0x9d,             /* popf */
      0x48, 0x89, 0xf9, /* mov %rdi,%rcx (state) */
      0x48, 0x89, 0xf0, /* mov %rsi,%rax (mem) */
      0xdd, 0x21,       /* frstor (%rcx); out stays in %rdx */
  };
  const int map_flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT;
#else
  unsigned char prologue[] = {
      0x68, 0, 0, 0, 0,       /* push $eflags */
      0x9d,                   /* popf */
      0x8b, 0x4c, 0x24, 0x04, /* mov 4(%esp),%ecx */
      0x8b, 0x44, 0x24, 0x08, /* mov 8(%esp),%eax */
      0x8b, 0x54, 0x24, 0x0c, /* mov 12(%esp),%edx */
      0xdd, 0x21,             /* frstor (%ecx) */
  };
  const int map_flags = MAP_PRIVATE | MAP_ANONYMOUS;
#endif
  unsigned char *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, map_flags, -1, 0);
  if (code == MAP_FAILED) return 1;
  uint32_t addresses[2] = {(uint32_t)(uintptr_t)(code + sizeof prologue), (uint32_t)(uintptr_t)mem};
  fwrite(addresses, sizeof addresses, 1, stdout);
  unsigned char record[CASE_BYTES];
  while (fread(record, CASE_BYTES, 1, stdin) == 1) {
    memcpy(state, record, STATE);
    memcpy(mem, record + STATE, MEM);
    unsigned length = record[STATE + MEM];
    memcpy(prologue + 1, record + STATE + MEM + 4, 4);
    memcpy(code, prologue, sizeof prologue);
    memcpy(code + sizeof prologue, record + STATE + MEM + 1, length);
    unsigned char *tail = code + sizeof prologue + length;
    uint32_t flags_at = (uint32_t)(uintptr_t)&flags_out;
#if defined(__x86_64__)
    const unsigned char epilogue[] = {
        0x9c,                         /* pushf */
        0x59,                         /* pop %rcx */
        0x89, 0x0c, 0x25, 0, 0, 0, 0, /* mov %ecx,flags_out (absolute) */
        0xdd, 0x32,                   /* fnsave (%rdx) */
        0xc3,                         /* ret */
    };
    memcpy(tail, epilogue, sizeof epilogue);
    memcpy(tail + 5, &flags_at, 4);
#else
    const unsigned char epilogue[] = {
        0x9c,                   /* pushf */
        0x8f, 0x05, 0, 0, 0, 0, /* popl flags_out */
        0xdd, 0x32,             /* fnsave (%edx) */
        0xc3,                   /* ret */
    };
    memcpy(tail, epilogue, sizeof epilogue);
    memcpy(tail + 3, &flags_at, 4);
#endif
    uint32_t eax = ((uint32_t(*)(void *, void *, void *))code)(state, mem, out);
    fwrite(out, STATE, 1, stdout);
    fwrite(mem, MEM, 1, stdout);
    fwrite(&eax, 4, 1, stdout);
    fwrite(&flags_out, 4, 1, stdout);
  }
  return 0;
}
