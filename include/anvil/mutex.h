/* Sleeping mutex (kernel/mutex.c) for long critical sections that may block on I/O or
 * user memory; never take one from IRQ context. */
#ifndef ANVIL_MUTEX_H
#define ANVIL_MUTEX_H

#include <anvil/wait.h>

struct mutex {
	spinlock_t lock;		/* protects owner */
	struct task_struct *owner;	/* NULL when free */
	struct wait_queue_head waiters;
};

#define MUTEX_INIT(name) { SPIN_LOCK_UNLOCKED, NULL, WAIT_QUEUE_HEAD_INIT((name).waiters) }
#define DEFINE_MUTEX(name) struct mutex name = MUTEX_INIT(name)

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
/* Returns 0, or -EINTR if a signal arrived while waiting. */
int mutex_lock_interruptible(struct mutex *m);
void mutex_unlock(struct mutex *m);

#endif
