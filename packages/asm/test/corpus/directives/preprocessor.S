/* The C preprocessor as gcc -x assembler-with-cpp runs it before GNU as. */
#include "preprocessor.h"
#include <preprocessor.h>

#define ZERO 0
#define ONE (ZERO + 1)
#define TWICE(x) ((x) * 2)
#define ADD3(a, b, c) ((a) + (b) + (c))
#define STRINGIFY(x) #x
#define XSTRINGIFY(x) STRINGIFY(x)
#define PASTE(a, b) a ## b
#define LABEL(n) label_ ## n:
#define EMPTY
#define VARIADIC(first, ...) .byte first, __VA_ARGS__
#define ENTRY(name) \
	.globl name; \
	.type name, @function; \
	name:
#define END(name) \
	.size name, . - name

	.text
ENTRY(pp_function)
	movl $KERNEL_DS, %eax      # cpp expands macros in operands, `$` is not part of a name
	movl $(KERNEL_CS + 8), %ebx
	ret
END(pp_function)

	.byte ONE, TWICE(ONE), TWICE(TWICE(3)), ADD3(1, 2, 3)
	.ascii STRINGIFY(hello  world), XSTRINGIFY(ONE)
	.byte PASTE(0x, 10), PASTE(1, 2)
LABEL(1)
LABEL(two)
	.long label_1, label_two EMPTY
	VARIADIC(1, 2, 3, 4)
	.byte ADD3(1,
		2,
		3)
	.byte 1 ; .byte 2 ; .byte 3     // a C++ comment
	.byte 4 /* inline */ , 5

#if ONE == 1 && defined(TWICE) && !defined(NOT_DEFINED)
	.byte 0x11
#else
	.byte 0xff
#endif

#if ZERO
	.byte 0xff
#elif (ONE << 3) == 8 && (7 % 4 == 3) && (-1 < 0) && (0x10 > 010) && ('a' == 97)
	.byte 0x12
#endif

#ifdef __ASSEMBLY__
	.byte 0x13
#endif
#ifndef HEADER_GUARD_SEEN
	.byte 0xff
#else
	.byte 0x14
#endif

#if defined HEADER_GUARD_SEEN ? 1 : 0
	.byte 0x15
#endif

#undef ONE
#ifdef ONE
	.byte 0xff
#endif
#define ONE 0x21
	.byte ONE
#if 1
#  if 0
	.byte 0xff
#  elif 0
	.byte 0xfe
#  else
	.byte 0x22
#  endif
#endif
# a line starting with '#' that is no directive is left for the assembler (a comment there)
	.byte __LINE__
	.byte HEADER_VALUE
	SAVE_TWO
