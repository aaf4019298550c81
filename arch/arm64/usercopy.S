/*
 * User memory access primitives.  Every access is an unprivileged LDTR/STTR, so it is
 * checked against EL0 permissions: a user pointer can never reach kernel memory.  Each
 * such instruction has an exception-table entry; if its fault cannot be resolved, the
 * fault handler resumes at the fixup, which returns how many bytes were left.
 */
	.macro	USER, fixup, insn:vararg
9999:	\insn
	.pushsection __ex_table, "a"
	.balign	8
	.quad	9999b, \fixup
	.popsection
	.endm

	.text
/* unsigned long __arch_copy_from_user(void *dst, const void __user *src, size_t n): bytes not copied */
	.globl	__arch_copy_from_user
__arch_copy_from_user:
1:	cmp	x2, #8
	b.lo	2f
	USER	9f, ldtr x3, [x1]
	str	x3, [x0], #8
	add	x1, x1, #8
	sub	x2, x2, #8
	b	1b
2:	cbz	x2, 8f
	USER	9f, ldtrb w3, [x1]
	strb	w3, [x0], #1
	add	x1, x1, #1
	sub	x2, x2, #1
	b	2b
8:	mov	x0, #0
	ret
9:	mov	x0, x2
	ret

/* unsigned long __arch_copy_to_user(void __user *dst, const void *src, size_t n): bytes not copied */
	.globl	__arch_copy_to_user
__arch_copy_to_user:
1:	cmp	x2, #8
	b.lo	2f
	ldr	x3, [x1], #8
	USER	9f, sttr x3, [x0]
	add	x0, x0, #8
	sub	x2, x2, #8
	b	1b
2:	cbz	x2, 8f
	ldrb	w3, [x1], #1
	USER	9f, sttrb w3, [x0]
	add	x0, x0, #1
	sub	x2, x2, #1
	b	2b
8:	mov	x0, #0
	ret
9:	mov	x0, x2
	ret

/* unsigned long __arch_clear_user(void __user *dst, size_t n): bytes not cleared */
	.globl	__arch_clear_user
__arch_clear_user:
1:	cmp	x1, #8
	b.lo	2f
	USER	9f, sttr xzr, [x0]
	add	x0, x0, #8
	sub	x1, x1, #8
	b	1b
2:	cbz	x1, 8f
	USER	9f, sttrb wzr, [x0]
	add	x0, x0, #1
	sub	x1, x1, #1
	b	2b
8:	mov	x0, #0
	ret
9:	mov	x0, x1
	ret

/* long __arch_strncpy_from_user(char *dst, const char __user *src, long count):
 * length before the NUL, count if none within count bytes, -1 on a fault */
	.globl	__arch_strncpy_from_user
__arch_strncpy_from_user:
	mov	x4, #0
1:	cmp	x4, x2
	b.hs	8f
	USER	9f, ldtrb w3, [x1, #0]
	strb	w3, [x0, x4]
	cbz	w3, 8f
	add	x1, x1, #1
	add	x4, x4, #1
	b	1b
8:	mov	x0, x4
	ret
9:	mov	x0, #-1
	ret

/* long __arch_strnlen_user(const char __user *s, long n): length including the NUL,
 * n + 1 if there is none within n bytes, 0 on a fault */
	.globl	__arch_strnlen_user
__arch_strnlen_user:
	mov	x2, #0
1:	cmp	x2, x1
	b.hs	8f
	USER	9f, ldtrb w3, [x0, #0]
	add	x0, x0, #1
	add	x2, x2, #1
	cbnz	w3, 1b
	mov	x0, x2
	ret
8:	add	x0, x1, #1
	ret
9:	mov	x0, #0
	ret
