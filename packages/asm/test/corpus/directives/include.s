# .include (searched next to this file) with symbols and macros defined in the included file.
	.text
	.include "included.inc"
	INC_MACRO 3
	.byte INC_VALUE
	.long included_label
