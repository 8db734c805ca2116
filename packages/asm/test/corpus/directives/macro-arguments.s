# How GAS splits macro arguments at blanks (its input scrubber decides which blanks remain).
.macro three a, b, c
.ascii "<\a|\b|\c>"
.endm
three (1 - 2) [3] x
three x) y
three 1 ~2
three %eax (%ebx)
three a, (b) c
three "q" r
three 1 <2 3
three 5 - 1
three 5 * 2
three 5 -1 2
