/* In the style of Linux 2.6 include/linux/linkage.h for i386. */
#ifndef _LINKAGE_H
#define _LINKAGE_H
#define ALIGN .align 4,0x90
#define ALIGN_STR ".align 4,0x90"
#define ENTRY(name) \
  .globl name; \
  ALIGN; \
  name:
#define END(name) \
  .size name, .-name
#define ENDPROC(name) \
  .type name, @function; \
  END(name)
#define __PAGE_OFFSET 0xC0000000
#define pa(X) ((X) - __PAGE_OFFSET)
#define __KERNEL_CS 0x60
#define __KERNEL_DS 0x68
#define __USER_DS 0x7b
#endif
