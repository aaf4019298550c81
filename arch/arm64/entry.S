/*
 * Exception vectors (Arm ARM D1.10), kernel entry/exit and the context switch.
 * Entry saves a struct pt_regs on the kernel stack (SP_EL1) and calls a C handler in
 * traps.c.  While in the kernel, SP_EL0 holds `current`; a user task's own SP_EL0 is
 * saved in pt_regs->sp on entry from EL0 and restored on the way out.
 */
#include <arch/asm.h>
#include <arch/ptrace.h>

	.macro	kernel_entry, el
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.if	\el == 0
	mrs	x21, sp_el0
	mrs	x20, tpidr_el1			/* per-CPU area: first word is current */
	ldr	x20, [x20]
	msr	sp_el0, x20
	.else
	add	x21, sp, #PT_REGS_SIZE
	.endif
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x30, x21, [sp, #S_LR]
	stp	x22, x23, [sp, #S_PC]
	mov	x0, #-1
	str	x0, [sp, #S_SYSCALLNO]
	/* frame record so backtraces run through exceptions; a user entry ends the chain */
	.if	\el == 1
	stp	x29, x22, [sp, #S_STACKFRAME]
	.else
	stp	xzr, xzr, [sp, #S_STACKFRAME]
	.endif
	add	x29, sp, #S_STACKFRAME
	.endm

	.macro	kernel_exit, el
	/* An interrupt between writing ELR/SPSR and the ERET would overwrite them (el1_sync
	 * may have enabled IRQs to resolve a user-access fault): mask first; ERET restores
	 * the interrupted context's own mask from SPSR. */
	msr	daifset, #0xf
	ldp	x22, x23, [sp, #S_PC]
	.if	\el == 0
	ldr	x21, [sp, #S_SP]
	msr	sp_el0, x21
	.endif
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #S_LR]
	add	sp, sp, #PT_REGS_SIZE
	eret
	.endm

	.macro	ventry, label
	.balign	128
	b	\label
	.endm

	.text
	.balign	2048
	.globl	vectors
vectors:
	ventry	el1_invalid		/* EL1t sync */
	ventry	el1_invalid		/* EL1t irq */
	ventry	el1_invalid		/* EL1t fiq */
	ventry	el1_invalid		/* EL1t serror */
	ventry	el1_sync		/* EL1h sync */
	ventry	el1_irq			/* EL1h irq */
	ventry	el1_invalid		/* EL1h fiq */
	ventry	el1_invalid		/* EL1h serror */
	ventry	el0_sync		/* EL0 AArch64 sync */
	ventry	el0_irq			/* EL0 AArch64 irq */
	ventry	el0_invalid		/* EL0 AArch64 fiq */
	ventry	el0_invalid		/* EL0 AArch64 serror */
	ventry	el0_invalid		/* EL0 AArch32 sync */
	ventry	el0_invalid		/* EL0 AArch32 irq */
	ventry	el0_invalid		/* EL0 AArch32 fiq */
	ventry	el0_invalid		/* EL0 AArch32 serror */

el1_sync:
	kernel_entry 1
	mov	x0, sp
	bl	el1_sync_handler
	kernel_exit 1

el1_irq:
	kernel_entry 1
	mov	x0, sp
	bl	irq_handler
	kernel_exit 1

el1_invalid:
	kernel_entry 1
	mov	x0, sp
	bl	bad_mode_handler
	kernel_exit 1

el0_sync:
	kernel_entry 0
	mov	x0, sp
	bl	el0_sync_handler
	b	ret_to_user

el0_irq:
	kernel_entry 0
	mov	x0, sp
	bl	irq_handler
	b	ret_to_user

el0_invalid:
	kernel_entry 0
	mov	x0, sp
	bl	bad_mode_handler
	b	ret_to_user

/* Deliver pending work (reschedule, signals) with IRQs off at the final check. */
	.globl	ret_to_user
ret_to_user:
	msr	daifset, #2
	mov	x0, sp
	bl	exit_to_user_mode
	kernel_exit 0

/*
 * cpu_switch_to(prev, next): save prev's callee-saved registers in prev->ctx, load next's,
 * make next current.  Returns as next, in next's context, with prev in x0.
 */
	.globl	cpu_switch_to
cpu_switch_to:
	mov	x10, x0
	mov	x9, sp
	stp	x19, x20, [x10], #16
	stp	x21, x22, [x10], #16
	stp	x23, x24, [x10], #16
	stp	x25, x26, [x10], #16
	stp	x27, x28, [x10], #16
	stp	x29, x9, [x10], #16
	str	lr, [x10]
	mov	x10, x1
	ldp	x19, x20, [x10], #16
	ldp	x21, x22, [x10], #16
	ldp	x23, x24, [x10], #16
	ldp	x25, x26, [x10], #16
	ldp	x27, x28, [x10], #16
	ldp	x29, x9, [x10], #16
	ldr	lr, [x10]
	mov	sp, x9
	msr	sp_el0, x1
	ret

/* First return of a new task: x19 = kernel thread function (or 0 for a user task), x20 = its arg. */
	.globl	ret_from_fork
ret_from_fork:
	bl	schedule_tail
	cbz	x19, 1f
	mov	x0, x20
	blr	x19
1:	b	ret_to_user
