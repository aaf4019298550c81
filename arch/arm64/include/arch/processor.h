/* Per-task CPU state that is not in pt_regs. */
#ifndef ARCH_PROCESSOR_H
#define ARCH_PROCESSOR_H

#include <stdint.h>

/* Callee-saved registers preserved across cpu_switch_to() (AAPCS64). */
struct cpu_context {
	uint64_t x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
	uint64_t fp;
	uint64_t sp;
	uint64_t pc;
};

/* User FP/SIMD register file (matches struct user_fpsimd_state). */
struct fpsimd_state {
	__uint128_t vregs[32];
	uint32_t fpsr;
	uint32_t fpcr;
	uint32_t __reserved[2];
};

struct arch_thread {
	uint64_t tp_value;		/* TPIDR_EL0 (user TLS pointer) */
	struct fpsimd_state fpsimd;
} __attribute__((aligned(16)));

#endif
