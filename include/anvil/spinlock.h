/* Spinlocks.  spin_lock_irqsave() is required for any lock also taken from IRQ context
 * (wait queues, tty receive, timers).  The kernel does not preempt kernel code, so a
 * spinlock holder only has to fear other CPUs and interrupts. */
#ifndef ANVIL_SPINLOCK_H
#define ANVIL_SPINLOCK_H

#include <arch/spinlock.h>
#include <arch/irqflags.h>

typedef struct {
	arch_spinlock_t raw;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { ARCH_SPIN_LOCK_UNLOCKED }
#define DEFINE_SPINLOCK(x) spinlock_t x = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l) { *l = (spinlock_t)SPIN_LOCK_UNLOCKED; }
static inline void spin_lock(spinlock_t *l) { arch_spin_lock(&l->raw); }
static inline void spin_unlock(spinlock_t *l) { arch_spin_unlock(&l->raw); }
static inline int spin_is_locked(spinlock_t *l) { return arch_spin_is_locked(&l->raw); }
#define spin_lock_irqsave(l, flags) \
	do { (flags) = arch_local_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { spin_unlock(l); arch_local_irq_restore(flags); } while (0)
static inline void spin_lock_irq(spinlock_t *l) { arch_local_irq_disable(); spin_lock(l); }
static inline void spin_unlock_irq(spinlock_t *l) { spin_unlock(l); arch_local_irq_enable(); }

#define local_irq_save(f)	((f) = arch_local_irq_save())
#define local_irq_restore(f)	arch_local_irq_restore(f)
#define local_irq_enable()	arch_local_irq_enable()
#define local_irq_disable()	arch_local_irq_disable()
#define irqs_disabled()		arch_irqs_disabled()

#endif
