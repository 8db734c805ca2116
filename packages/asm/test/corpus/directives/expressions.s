# Expressions: operators, precedence (binutils expr.c), symbols, `.`, assignments.
	.text
	a = 10
	b = 3
	.set c, a * b
	.equ d, c - 1
	.equiv e, d + a
	f = -a
	.byte a + b, a - b, a * b, a / b, a % b
	.byte a << 2, a >> 1, a | b, a & b, a ^ b, a ! b
	.byte -a, ~a, !a, !0, +b, - - b
	.byte a == 10, a != 10, a <> 9, a < b, a > b, a <= 10, a >= 11
	.byte a && b, a && 0, 0 || b, 0 || 0
	.byte 1 + 2 << 3, 6 | 1 + 1, 1 < 2 + 3, 1 && 0 || 1, 2 + 3 * 4 & 7
	.byte (1 + 2) * 3, 1 + (2 * 3), ((((7))))
	.byte 100 / 7 * 7, 100 % 7, -7 / 2, -7 % 2
	.byte c, d, e, f
	.long -1 >> 4, 0x80000000 >> 31, 1 << 31, (1 << 32) >> 1
	.long 0xffffffff + 1, 0xffffffff * 2
	.byte 3 > 2 == -1, 1 == 1 + 1, 5 - 3 - 1, 64 / 4 / 2
	.byte 'a + 1, 'A | 0x20, '\n * 2
	c = c + 1
	.byte c
	c = c + 1
	.byte c
here:
	.long . - here, here - ., 2f - 1f
1:	.byte 1
2:	.byte 2
	.long ahead - here, (ahead - here) * 2, (ahead - here) / 2
	.word ahead - .
ahead:
	.byte 0
	g = ahead - here
	.byte g
	.byte h
	h = 7
	k = ahead
	.long k - here
	.long k
