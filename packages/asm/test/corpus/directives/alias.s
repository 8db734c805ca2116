# A symbol equated to an undefined symbol is an alias: relocations name the target.
.text
foo = bar
.long foo
baz = foo + 4
.long baz
jmp foo
