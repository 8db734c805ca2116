/* How cpp in assembler mode and GNU as share a .S file: apostrophes, '#' and ';'. */
# don't let the apostrophe in this comment confuse anything
#
#   
	.text
# define SPACED 0x31
	#define INDENTED 0x32
	.byte SPACED, INDENTED
	movb $'a, %al       # a character constant that never closes for cpp
	.ascii "it's // not a comment, /* nor this */"
	.byte 1 ; .byte 2 # ; .byte 0xff
	.byte 3 /* it's a comment */, 4
#define VALUE 5 // a C++ comment after a definition
	.byte VALUE # VALUE expands here too, harmlessly
#define TWO_STATEMENTS .byte 6 ; .byte 7
	TWO_STATEMENTS
#define CALL_MACRO(x) x ; .byte 8
	CALL_MACRO(.byte 9)
	#ifdef VALUE
	.byte 10
	#endif
#define REG eax
	movl %REG, %ebx      # % is not part of the name either
#define IMM 0x1234
	movl $IMM, %ecx
	.byte '#, ';
