/* Included twice by preprocessor.S: the guard must keep the second inclusion empty. */
#ifndef HEADER_GUARD_SEEN
#define HEADER_GUARD_SEEN
#define KERNEL_CS 0x60
#define KERNEL_DS 0x68
#define HEADER_VALUE 0x77
#define SAVE_TWO pushl %eax; pushl %ebx
#endif
