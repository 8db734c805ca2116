# The .if family, nested, with .elseif/.else, on symbols and strings.
	.text
	yes = 1
	no = 0
	.if yes
	.byte 1
	.endif
	.if no
	.byte 0xff
	.endif
	.if no
	.byte 0xff
	.else
	.byte 2
	.endif
	.if no
	.byte 0xff
	.elseif yes
	.byte 3
	.elseif yes
	.byte 0xfe
	.else
	.byte 0xfd
	.endif
	.if yes
	  .if no
	  .byte 0xff
	  .else
	    .if yes + 1 == 2
	    .byte 4
	    .endif
	  .endif
	.endif
	.if no
	  .if yes
	  .byte 0xff
	  .else
	  .byte 0xff
	  .endif
	  .err
	.endif
	.ifdef yes
	.byte 5
	.endif
	.ifdef never_defined
	.byte 0xff
	.endif
	.ifndef never_defined
	.byte 6
	.endif
	.ifnotdef yes
	.byte 0xff
	.endif
	.ifeq no
	.byte 7
	.endif
	.ifne yes
	.byte 8
	.endif
	.ifgt yes
	.byte 9
	.endif
	.ifge no
	.byte 10
	.endif
	.iflt -1
	.byte 11
	.endif
	.ifle no
	.byte 12
	.endif
	.ifb
	.byte 13
	.endif
	.ifnb x
	.byte 14
	.endif
	.ifc abc, abc
	.byte 15
	.endif
	.ifc abc, abd
	.byte 0xff
	.endif
	.ifnc abc, abd
	.byte 16
	.endif
	.ifeqs "x", "x"
	.byte 17
	.endif
	.ifnes "x", "y"
	.byte 18
	.endif
label_before:
	.if label_before - label_before == 0
	.byte 19
	.endif
	.if 2 > 1 && 3 > 2
	.byte 20
	.endif
	.macro choose n
	.if \n == 1
	.byte 0x31
	.elseif \n == 2
	.byte 0x32
	.else
	.byte 0x33
	.endif
	.endm
	choose 1
	choose 2
	choose 3
