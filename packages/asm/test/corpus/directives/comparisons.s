# Comparing two labels of one section compares their offsets.
a: .byte 1
b: .byte 2
.if b > a
.byte 3
.endif
.byte b == a, b != a, a < b
# With an alignment in between, only the order is known (binutils frag_gtoffset_p).
c: .byte 4
	.p2align 3
d: .byte 5
.if d > c
.byte 6
.endif
.byte d != c, c != d, d == c, c <> d, d > c
