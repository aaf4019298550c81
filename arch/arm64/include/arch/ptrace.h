/* Registers saved on the kernel stack at every exception entry (entry.S). */
#ifndef ARCH_PTRACE_H
#define ARCH_PTRACE_H

#define S_X0		0
#define S_LR		240
#define S_SP		248
#define S_PC		256
#define S_PSTATE	264
#define S_ORIG_X0	272
#define S_SYSCALLNO	280
#define S_STACKFRAME	288
#define PT_REGS_SIZE	304

#ifndef __ASSEMBLY__
#include <stdint.h>

struct pt_regs {
	uint64_t regs[31];	/* x0..x30 */
	uint64_t sp;		/* SP_EL0 at entry from EL0; kernel SP for EL1 entries */
	uint64_t pc;		/* ELR_EL1 */
	uint64_t pstate;	/* SPSR_EL1 */
	uint64_t orig_x0;	/* x0 at syscall entry, for restarts */
	int64_t syscallno;	/* -1 when not in a syscall */
	uint64_t stackframe[2];	/* frame record {fp, pc} linking backtraces across exceptions */
};

_Static_assert(__builtin_offsetof(struct pt_regs, sp) == S_SP, "S_SP");
_Static_assert(__builtin_offsetof(struct pt_regs, syscallno) == S_SYSCALLNO, "S_SYSCALLNO");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "PT_REGS_SIZE");

#define PSR_MODE_EL0t	0x0
#define PSR_MODE_MASK	0xf
#define PSR_F_BIT	0x40
#define PSR_I_BIT	0x80
#define PSR_A_BIT	0x100
#define PSR_D_BIT	0x200
#define PSR_IL_BIT	(1UL << 20)
#define PSR_SS_BIT	(1UL << 21)
#define PSR_NZCV_MASK	0xf0000000UL

static inline int user_mode(const struct pt_regs *r) { return (r->pstate & PSR_MODE_MASK) == PSR_MODE_EL0t; }

/* The user registers of a task live at the top of its kernel stack. */
#define task_pt_regs(t) ((struct pt_regs *)((char *)(t)->stack + KERNEL_STACK_SIZE) - 1)
#endif

#endif
