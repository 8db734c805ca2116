/*
 * Native side of the host differential test (built with gcc -m32 -static at test time; on a 64-bit
 * kernel that cannot execute i386 programs, also built for x86-64, where it runs the forms whose
 * instruction means the same in 64-bit mode: see native.ts).
 *
 * For each case it fills the data window at WINDOW_ADDRESS, loads EAX..EDI, ESP and EFLAGS, and jumps
 * to the case's stub (generated stubs.S, linked at a fixed address so the core can run the very same
 * bytes at the very same addresses). Every stub ends in INT3, so the state after the instruction is
 * captured by the SIGTRAP handler from the signal context; a fault (#DE, #UD, #GP, #BR, #OF) is
 * captured the same way, with the vector from the context's trap number. Handlers run on an
 * alternate stack so the case's own stack (inside the window) is never disturbed.
 *
 * Input:  u32 count, then per case: u32 stub, eax, ecx, edx, ebx, esp, ebp, esi, edi, eflags,
 *         WINDOW_BYTES of window contents.
 * Output: u32 stub count, u32 stub addresses, then per case: u32 signal, vector, error code, eax, ecx,
 *         edx, ebx, esp, ebp, esi, edi, eflags, eip, WINDOW_BYTES of window contents.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define WINDOW_ADDRESS 0x10000u
#define WINDOW_BYTES 1024u
#define MAPPING_BYTES 0x1000u

extern const uint32_t stub_table[];
extern const uint32_t stub_count;

/* Read by the trampoline (see trampoline.S, trampoline64.S). */
uint32_t case_regs[10]; /* eax ecx edx ebx esp ebp esi edi eflags stub */
uintptr_t saved_host_esp;

#if defined(__x86_64__)
enum { AX = REG_RAX, CX = REG_RCX, DX = REG_RDX, BX = REG_RBX, SP = REG_RSP, BP = REG_RBP, SI = REG_RSI,
       DI = REG_RDI, FL = REG_EFL, IP = REG_RIP };
#else
enum { AX = REG_EAX, CX = REG_ECX, DX = REG_EDX, BX = REG_EBX, SP = REG_ESP, BP = REG_EBP, SI = REG_ESI,
       DI = REG_EDI, FL = REG_EFL, IP = REG_EIP };
#endif
void run_case(void);
extern char resume_host[];

static uint32_t out_regs[13];

static void capture(int sig, siginfo_t *info, void *context) {
  (void)info;
  ucontext_t *uc = (ucontext_t *)context;
  greg_t *g = uc->uc_mcontext.gregs;
  out_regs[0] = (uint32_t)sig;
  out_regs[1] = (uint32_t)g[REG_TRAPNO];
  out_regs[2] = (uint32_t)g[REG_ERR];
  static const int saved[] = {AX, CX, DX, BX, SP, BP, SI, DI, FL, IP};
  for (unsigned i = 0; i < sizeof saved / sizeof saved[0]; i++) out_regs[3 + i] = (uint32_t)g[saved[i]];
  /* Return into the host: the trampoline's resume point, on the host stack, flags clean. */
  g[IP] = (greg_t)(uintptr_t)resume_host;
  g[SP] = (greg_t)saved_host_esp;
  g[FL] = 0x202;
}

static void must_read(void *buffer, size_t size, FILE *f) {
  if (fread(buffer, 1, size, f) != size) {
    fprintf(stderr, "harness: short read\n");
    exit(2);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: harness cases.bin results.bin\n");
    return 2;
  }
  uint8_t *window = mmap((void *)(uintptr_t)WINDOW_ADDRESS, MAPPING_BYTES, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (window != (uint8_t *)(uintptr_t)WINDOW_ADDRESS) {
    perror("harness: mmap of the data window");
    return 2;
  }
  static uint8_t alt_stack[65536];
  stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) {
    perror("sigaltstack");
    return 2;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = capture;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  int signals[] = {SIGTRAP, SIGFPE, SIGSEGV, SIGILL, SIGBUS};
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &sa, NULL);

  FILE *in = fopen(argv[1], "rb");
  FILE *out = fopen(argv[2], "wb");
  if (!in || !out) {
    perror("harness: open");
    return 2;
  }
  uint32_t count;
  must_read(&count, 4, in);
  fwrite(&stub_count, 4, 1, out);
  fwrite(stub_table, 4, stub_count, out);
  uint32_t input[10];
  for (uint32_t n = 0; n < count; n++) {
    must_read(input, sizeof input, in);
    memset(window, 0, MAPPING_BYTES);
    must_read(window, WINDOW_BYTES, in);
    if (input[0] >= stub_count) {
      fprintf(stderr, "harness: bad stub %u\n", input[0]);
      return 2;
    }
    memcpy(case_regs, input + 1, 9 * 4);
    case_regs[9] = stub_table[input[0]];
    memset(out_regs, 0, sizeof out_regs);
    run_case();
    fwrite(out_regs, 4, 13, out);
    fwrite(window, 1, WINDOW_BYTES, out);
  }
  fclose(out);
  return 0;
}
