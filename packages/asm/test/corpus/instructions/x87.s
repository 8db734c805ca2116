# The x87 subset a lazy-FPU kernel path and simple float code use: state save/restore,
# loads and stores of every size, add/multiply in memory and register forms.
	.text
fpu_start:
	fninit
	finit
	fnclex
	fclex
	fwait
	wait
	fnsave	fpu_state
	fsave	(%eax)
	frstor	fpu_state
	frstor	(%eax)
	fxsave	fx_state
	fxsave	(%esi)
	fxrstor	fx_state
	fxrstor	(%esi)
	fnstsw	%ax
	fnstsw	status
	fnstsw
	fstsw	%ax
	fstsw	status
	fnstcw	control
	fldcw	control
	fstcw	control
	fnstenv	fpu_state
	fldenv	fpu_state
	flds	value
	flds	8(%ebp)
	flds	(%eax,%ecx,8)
	fldl	value
	fldl	8(%ebp)
	fldl	(%eax,%ecx,8)
	fldt	value
	fldt	8(%ebp)
	fldt	(%eax,%ecx,8)
	fsts	value
	fsts	8(%ebp)
	fsts	(%eax,%ecx,8)
	fstl	value
	fstl	8(%ebp)
	fstl	(%eax,%ecx,8)
	fstps	value
	fstps	8(%ebp)
	fstps	(%eax,%ecx,8)
	fstpl	value
	fstpl	8(%ebp)
	fstpl	(%eax,%ecx,8)
	fstpt	value
	fstpt	8(%ebp)
	fstpt	(%eax,%ecx,8)
	filds	value
	filds	8(%ebp)
	filds	(%eax,%ecx,8)
	fildl	value
	fildl	8(%ebp)
	fildl	(%eax,%ecx,8)
	fildll	value
	fildll	8(%ebp)
	fildll	(%eax,%ecx,8)
	fildq	value
	fildq	8(%ebp)
	fildq	(%eax,%ecx,8)
	fists	value
	fists	8(%ebp)
	fists	(%eax,%ecx,8)
	fistl	value
	fistl	8(%ebp)
	fistl	(%eax,%ecx,8)
	fistps	value
	fistps	8(%ebp)
	fistps	(%eax,%ecx,8)
	fistpl	value
	fistpl	8(%ebp)
	fistpl	(%eax,%ecx,8)
	fistpll	value
	fistpll	8(%ebp)
	fistpll	(%eax,%ecx,8)
	fistpq	value
	fistpq	8(%ebp)
	fistpq	(%eax,%ecx,8)
	fadds	value
	fadds	8(%ebp)
	fadds	(%eax,%ecx,8)
	faddl	value
	faddl	8(%ebp)
	faddl	(%eax,%ecx,8)
	fmuls	value
	fmuls	8(%ebp)
	fmuls	(%eax,%ecx,8)
	fmull	value
	fmull	8(%ebp)
	fmull	(%eax,%ecx,8)
	fld	%st(0)
	fst	%st(0)
	fstp	%st(0)
	fadd	%st(0), %st
	fadd	%st, %st(0)
	fmul	%st(0), %st
	fmul	%st, %st(0)
	faddp	%st, %st(0)
	fmulp	%st, %st(0)
	fxch	%st(0)
	fld	%st(1)
	fst	%st(1)
	fstp	%st(1)
	fadd	%st(1), %st
	fadd	%st, %st(1)
	fmul	%st(1), %st
	fmul	%st, %st(1)
	faddp	%st, %st(1)
	fmulp	%st, %st(1)
	fxch	%st(1)
	fld	%st(2)
	fst	%st(2)
	fstp	%st(2)
	fadd	%st(2), %st
	fadd	%st, %st(2)
	fmul	%st(2), %st
	fmul	%st, %st(2)
	faddp	%st, %st(2)
	fmulp	%st, %st(2)
	fxch	%st(2)
	fld	%st(3)
	fst	%st(3)
	fstp	%st(3)
	fadd	%st(3), %st
	fadd	%st, %st(3)
	fmul	%st(3), %st
	fmul	%st, %st(3)
	faddp	%st, %st(3)
	fmulp	%st, %st(3)
	fxch	%st(3)
	fld	%st(4)
	fst	%st(4)
	fstp	%st(4)
	fadd	%st(4), %st
	fadd	%st, %st(4)
	fmul	%st(4), %st
	fmul	%st, %st(4)
	faddp	%st, %st(4)
	fmulp	%st, %st(4)
	fxch	%st(4)
	fld	%st(5)
	fst	%st(5)
	fstp	%st(5)
	fadd	%st(5), %st
	fadd	%st, %st(5)
	fmul	%st(5), %st
	fmul	%st, %st(5)
	faddp	%st, %st(5)
	fmulp	%st, %st(5)
	fxch	%st(5)
	fld	%st(6)
	fst	%st(6)
	fstp	%st(6)
	fadd	%st(6), %st
	fadd	%st, %st(6)
	fmul	%st(6), %st
	fmul	%st, %st(6)
	faddp	%st, %st(6)
	fmulp	%st, %st(6)
	fxch	%st(6)
	fld	%st(7)
	fst	%st(7)
	fstp	%st(7)
	fadd	%st(7), %st
	fadd	%st, %st(7)
	fmul	%st(7), %st
	fmul	%st, %st(7)
	faddp	%st, %st(7)
	fmulp	%st, %st(7)
	fxch	%st(7)
	fld	%st
	fadd	%st(2)
	fmul	%st(3)
	faddp
	fmulp
	faddp	%st(1)
	fmulp	%st(2)
	fxch
	fchs
	fabs
	ftst
	fld1
	fldz
	fcompp
	.data
	.p2align 4
fx_state:	.fill 512, 1, 0
fpu_state:	.fill 108, 1, 0
value:	.long 0, 0, 0
status:	.word 0
control:	.word 0x37f

# The rest of the 387 arithmetic, with AT&T's operand order for the reversed forms.
	.text
fpu_arith:
	fsubs	value
	fsubl	8(%ebp)
	fsubrs	(%eax)
	fsubrl	value
	fdivs	value
	fdivl	(%ecx,%eax,8)
	fdivrs	4(%esp)
	fdivrl	value
	fsub	%st(1), %st
	fsub	%st, %st(2)
	fsubr	%st(3), %st
	fsubr	%st, %st(4)
	fdiv	%st(5), %st
	fdiv	%st, %st(6)
	fdivr	%st(7), %st
	fdivr	%st, %st(1)
	fsubp	%st, %st(1)
	fsubrp	%st(2)
	fdivp
	fdivrp	%st, %st(3)
	fcom	%st(2)
	fcomp
	fcoms	value
	fcompl	value
	fucom	%st(1)
	fucomp	%st(3)
	fucompp
	fiadds	value
	fiaddl	value
	fisubl	(%eax)
	fisubrs	(%ebx)
	fimull	value
	fidivs	value
	fidivrl	4(%esp)
	ficoms	value
	ficompl	value
	fbld	value
	fbstp	value
	ffree	%st(7)
	fsqrt
	frndint
	fxam
	fscale
	fprem
	fprem1
	fldpi
	fldl2e
	fldl2t
	fldlg2
	fldln2
	fnop
	fdecstp
	fincstp
	fsin
	fcos
	fsincos
	fptan
	fpatan
	f2xm1
	fyl2x
	# P6 additions: compares into EFLAGS and conditional moves
	fcomi %st(1), %st
	fcomi %st(3)
	fcomi
	fcomip %st(2), %st
	fucomi %st(1), %st
	fucomip %st(7), %st
	fucomip
	fcmovb %st(1), %st
	fcmove %st(2), %st
	fcmovbe %st(3), %st
	fcmovu %st(4), %st
	fcmovnb %st(5), %st
	fcmovne %st(6), %st
	fcmovnbe %st(7), %st
	fcmovnu %st(1), %st
	fyl2xp1
	fxtract
	int1
	ud2a
# The aliases and 8087/287 leftovers the CPU executes, as objdump prints them.
	ffreep	%st(3)
	fneni
	feni
	fndisi
	fdisi
	fnsetpm
	fsetpm
