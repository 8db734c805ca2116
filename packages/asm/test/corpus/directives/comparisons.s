# Comparing two labels of one section compares their offsets.
a: .byte 1
b: .byte 2
.if b > a
.byte 3
.endif
.byte b == a, b != a, a < b
