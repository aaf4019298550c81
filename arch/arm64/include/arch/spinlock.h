/* Ticket spinlock built on load-acquire/store-exclusive (Armv8.0, no LSE needed).
 * Arm ARM B2.9 (exclusive access) and K13 (spin-wait with WFE/SEV). */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdint.h>

/* 4-byte aligned: arch_spin_lock() takes the ticket with a 32-bit exclusive access. */
typedef struct {
	volatile uint16_t owner;
	volatile uint16_t next;
} __attribute__((aligned(4))) arch_spinlock_t;

#define ARCH_SPIN_LOCK_UNLOCKED { 0, 0 }

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	uint32_t tmp, newval, lockval;

	__asm__ __volatile__(
	"	prfm	pstl1strm, %3\n"
	"1:	ldaxr	%w0, %3\n"
	"	add	%w1, %w0, #0x10000\n"
	"	stxr	%w2, %w1, %3\n"
	"	cbnz	%w2, 1b\n"
	/* lockval: low half = owner, high half = our ticket */
	"	eor	%w1, %w0, %w0, ror #16\n"
	"	cbz	%w1, 3f\n"
	"	sevl\n"
	"2:	wfe\n"
	"	ldaxrh	%w2, %4\n"
	"	eor	%w1, %w2, %w0, lsr #16\n"
	"	cbnz	%w1, 2b\n"
	"3:"
	: "=&r"(lockval), "=&r"(newval), "=&r"(tmp), "+Q"(*lock)
	: "Q"(lock->owner)
	: "memory");
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	uint16_t owner = lock->owner + 1;
	__asm__ __volatile__("stlrh %w1, %0" : "=Q"(lock->owner) : "r"(owner) : "memory");
}

static inline int arch_spin_is_locked(arch_spinlock_t *lock)
{
	return lock->owner != lock->next;
}

#endif
