/* Host build of <arch/spinlock.h> for unit tests: the same ticket lock as
 * arch/arm64/include/arch/spinlock.h, written with portable __atomic builtins so kernel
 * logic that takes spinlocks compiles and runs on x86-64.  Relies on nothing else. */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdint.h>

typedef struct {
	volatile uint16_t owner;	/* ticket now being served */
	volatile uint16_t next;		/* next ticket to hand out */
} arch_spinlock_t;

#define ARCH_SPIN_LOCK_UNLOCKED { 0, 0 }

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	uint16_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		;
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, (uint16_t)(lock->owner + 1), __ATOMIC_RELEASE);
}

static inline int arch_spin_is_locked(arch_spinlock_t *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

#endif
